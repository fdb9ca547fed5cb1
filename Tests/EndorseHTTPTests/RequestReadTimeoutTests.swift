import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
@testable import EndorseHTTP
import Testing

/// `ENDORSE_HTTP_READ_TIMEOUT`: a request whose head and body have not all arrived within the
/// timeout of its head is cut off; a request that arrives whole never arms a timer.
@Suite("Request read timeout")
struct RequestReadTimeoutTests {
    static func channel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(RequestReadTimeoutHandler(timeout: .seconds(2)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    static let head = HTTPRequestPart.head(HTTPRequest(method: .put, scheme: "http", authority: "x", path: "/v1/x"))

    @Test("a body still incomplete after its reads is cut off once the timeout has passed since its head")
    func trickledBodyIsCutOff() throws {
        let channel = try Self.channel()
        try channel.writeInbound(Self.head)
        channel.pipeline.fireChannelReadComplete()
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "{\"abs")))
        channel.pipeline.fireChannelReadComplete()
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1_001))
        #expect(!channel.isActive)
    }

    @Test("requests that arrive whole, one after another, are never cut off")
    func wholeRequestsAreNot() throws {
        let channel = try Self.channel()
        for _ in 0..<3 {
            try channel.writeInbound(Self.head)
            try channel.writeInbound(HTTPRequestPart.end(nil))
            channel.pipeline.fireChannelReadComplete()
            channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        }
        #expect(channel.isActive)
        // A head that waited for its end, which came in time: the timer is gone with it.
        try channel.writeInbound(Self.head)
        channel.pipeline.fireChannelReadComplete()
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        #expect(channel.isActive)
    }
}
