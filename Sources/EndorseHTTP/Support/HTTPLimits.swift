import EndorseCore
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// How long and how many clients the server serves, so that slow or idle clients cannot hold
/// its connections: a connection idle between requests is closed after `idleTimeout`; a request
/// whose head and body have not fully arrived `requestReadTimeout` after it began is cut off;
/// beyond `maxConnections` the server stops accepting until some close (the rest wait in the
/// listen backlog). From `ENDORSE_HTTP_IDLE_TIMEOUT`, `ENDORSE_HTTP_READ_TIMEOUT` (seconds) and
/// `ENDORSE_HTTP_MAX_CONNECTIONS`.
public struct HTTPLimits: Sendable, Hashable {
    public var idleTimeout: Duration
    public var requestReadTimeout: Duration
    public var maxConnections: Int

    public init(idleTimeout: Duration = .seconds(60), requestReadTimeout: Duration = .seconds(30),
                maxConnections: Int = 1024) {
        self.idleTimeout = idleTimeout
        self.requestReadTimeout = requestReadTimeout
        self.maxConnections = maxConnections
    }

    /// The limits from the environment, defaults for what is not set.
    /// - Throws: `EndorseError(.usage)` for a value that is not a positive integer.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> HTTPLimits {
        func positive(_ name: String) throws -> Int? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            guard let v = Int(text), v > 0 else {
                throw EndorseError(.usage, "\(name) must be a positive integer, not \(text)", at: name)
            }
            return v
        }
        var limits = HTTPLimits()
        if let v = try positive("ENDORSE_HTTP_IDLE_TIMEOUT") { limits.idleTimeout = .seconds(v) }
        if let v = try positive("ENDORSE_HTTP_READ_TIMEOUT") { limits.requestReadTimeout = .seconds(v) }
        if let v = try positive("ENDORSE_HTTP_MAX_CONNECTIONS") { limits.maxConnections = v }
        return limits
    }

    /// The HTTP/1 server with these limits; published paths answered on the event loop from
    /// `published` (`PublishedFastPath`), with the `Server` header `serverName`.
    func server(published: PublishedCache, serverName: String?) -> HTTPServerBuilder {
        let read = requestReadTimeout
        let configuration = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestReadTimeoutHandler(timeout: read)],
                                                       idleTimeout: TimeAmount(idleTimeout))
        return HTTPServerBuilder { responder in
            PublishedHTTP1Channel(http1: HTTP1Channel(responder: responder, configuration: configuration),
                                  published: published, serverName: serverName)
        }
    }
}

/// Closes a connection whose request has not arrived whole (head and body) within `timeout` of
/// its first byte: a client trickling a body cannot hold a connection open.
final class RequestReadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let timeout: Duration
    /// When the request being read began; nil between requests.
    private var started: NIODeadline?
    private var pending: Scheduled<Void>?

    init(timeout: Duration) { self.timeout = timeout }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            started = context.eventLoop.now
        case .end:
            started = nil
            pending?.cancel()
            pending = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    /// The timer is set only for a request still incomplete when the bytes read so far are used
    /// up: most requests arrive whole in one read and never need one.
    func channelReadComplete(context: ChannelHandlerContext) {
        if let started, pending == nil {
            let channel = context.channel
            pending = context.eventLoop.scheduleTask(deadline: started + TimeAmount(timeout)) {
                channel.close(promise: nil)
            }
        }
        context.fireChannelReadComplete()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        pending?.cancel()
        pending = nil
    }
}
