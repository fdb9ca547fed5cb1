import EndorseCore
import EndorseStore
import EndorseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
@testable import EndorseHTTP
import Testing

/// The event-loop fast path of the published pages (`PublishedFastPath`): it answers exactly what
/// the router would, never a version the router would not serve, and never out of order.
@Suite("Published pages' fast path")
struct PublishedFastPathTests {
    /// A fast path over its own cache of `f`'s database, with the tiny cycle published and the
    /// cache filled.
    static func channel(_ f: ServiceFixture, maxAge: Duration = .seconds(600)) async throws
        -> (EmbeddedChannel, PublishedCache) {
        let cache = PublishedCache(store: f.store.store, actor: "test", maxAge: maxAge)
        try await cache.refresh()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(PublishedFastPath(published: cache, serverName: "endorse"))
        return (channel, cache)
    }

    static func request(_ path: String, _ method: HTTPRequest.Method = .get, headers: HTTPFields = [:]) -> HTTPRequestPart {
        .head(HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path, headerFields: headers))
    }

    /// The response parts the channel wrote: head, body bytes (all parts together), whether it ended.
    static func response(_ channel: EmbeddedChannel) throws -> (HTTPResponse, [UInt8], Bool)? {
        guard case .head(let head)? = try channel.readOutbound(as: HTTPResponsePart.self) else { return nil }
        var body: [UInt8] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) {
            switch part {
            case .body(let buffer): body += Array(buffer.readableBytesView)
            case .end: return (head, body, true)
            case .head: Issue.record("a second head before the end")
            }
        }
        return (head, body, false)
    }

    @Test("the answer is the router's, byte for byte and header for header, plus Date and Server")
    func sameAsTheRouter() async throws {
        try await ServiceFixture.with { f in
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: SignifySecretKey.generate())
            let (channel, cache) = try await Self.channel(f)
            let cases: [(String, HTTPFields)] = [
                ("/v1/cycles/tiny/slate", [:]), ("/v1/cycles/tiny/slate.sig", [:]), ("/v1/cycles/tiny/coalition.pub", [:]),
                ("/v1/cycles/tiny/slate?x=1", [.acceptEncoding: "gzip"]), ("/slate/tiny", [:]),
                ("/slate/tiny", [.acceptEncoding: "gzip, deflate", .acceptLanguage: "es"]), ("/slate/tiny.en.html", [:]),
                ("/slate/tiny?lang=es", [.cookie: "endorse_lang=en"]),
            ]
            for (path, headers) in cases {
                let routed = try await f.call(.get, path, headers: headers)
                try channel.writeInbound(Self.request(path, headers: headers))
                try channel.writeInbound(HTTPRequestPart.end(nil))
                #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil, "\(path) went on to the router")
                let (head, body, ended) = try #require(try Self.response(channel), "\(path) not answered")
                #expect(ended)
                #expect(head.status == routed.status, "\(path)")
                #expect(body == Array(routed.body.readableBytesView), "\(path)")
                var fields = head.headerFields
                #expect(fields[.server] == "endorse")
                #expect(fields[.date].flatMap(HTTPDate.parse) != nil)
                fields[.server] = nil
                fields[.date] = nil
                #expect(Set(fields.map(\.description)) == Set(routed.headers.map(\.description)), "\(path)")
                // 304 on the tag just sent.
                let etag = try #require(fields[.eTag])
                var conditional = headers
                conditional[.ifNoneMatch] = etag
                try channel.writeInbound(Self.request(path, headers: conditional))
                try channel.writeInbound(HTTPRequestPart.end(nil))
                let (notModified, empty, _) = try #require(try Self.response(channel))
                #expect(notModified.status == .notModified && empty.isEmpty)
                // HEAD: the GET's status and headers, Content-Length included, and no body.
                try channel.writeInbound(Self.request(path, .head, headers: headers))
                try channel.writeInbound(HTTPRequestPart.end(nil))
                let (headHead, headBody, _) = try #require(try Self.response(channel))
                #expect(headHead.status == head.status && headBody.isEmpty)
                #expect(headHead.headerFields[.contentLength] == String(body.count))
                #expect(headHead.headerFields[.eTag] == head.headerFields[.eTag])
            }
            #expect(cache.answeredNow == cases.count * 3)
        }
    }

    @Test("anything but a GET of a published, built, freshly checked path goes on to the router", arguments: [
        ("/v1/cycles/tiny/slate", HTTPRequest.Method.options), ("/v1/cycles/tiny/slate", .post), ("/v1/cycles/tiny/races", .get),
        ("/v1/cycles/other/slate", .get), ("/v1/cycles/tiny/slate/", .get), ("/v1/cycles/Tiny/slate", .get),
        ("/v1/cycles/tiny%2Dx/slate", .get), ("/slate/tiny.fr.html", .get), ("/slate/tiny/x", .get), ("/slate/", .get),
        ("/healthz", .get),
    ])
    func passesOn(_ path: String, _ method: HTTPRequest.Method) async throws {
        try await ServiceFixture.with { f in
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: SignifySecretKey.generate())
            let (channel, cache) = try await Self.channel(f)
            let head = Self.request(path, method)
            try channel.writeInbound(head)
            try channel.writeInbound(HTTPRequestPart.end(nil))
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == head)
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == .end(nil))
            #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
            #expect(cache.answeredNow == 0)
        }
    }

    @Test("a version check that is due, or a publication by this process, sends the request to the router")
    func staleGoesToTheRouter() async throws {
        try await ServiceFixture.with { f in
            let key = SignifySecretKey.generate()
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: key)
            let (stale, _) = try await Self.channel(f, maxAge: .zero)
            try await Task.sleep(for: .milliseconds(5))
            try stale.writeInbound(Self.request("/v1/cycles/tiny/slate"))
            #expect(try stale.readInbound(as: HTTPRequestPart.self) != nil)

            let (channel, cache) = try await Self.channel(f)
            // This process publishes version 2: until the cache has checked, the router answers.
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: key)
            try channel.writeInbound(Self.request("/v1/cycles/tiny/slate"))
            try channel.writeInbound(HTTPRequestPart.end(nil))
            #expect(try channel.readInbound(as: HTTPRequestPart.self) != nil)
            _ = try channel.readInbound(as: HTTPRequestPart.self)
            try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
            try channel.writeOutbound(HTTPResponsePart.end(nil))
            _ = try Self.response(channel)
            try await cache.refresh()
            try channel.writeInbound(Self.request("/v1/cycles/tiny/slate"))
            try channel.writeInbound(HTTPRequestPart.end(nil))
            let (_, body, _) = try #require(try Self.response(channel))
            #expect(body == (try await f.store.decisions.latestSlate(cycle: "tiny"))?.bytes)
        }
    }

    @Test("while an earlier request is with the router, a published path waits its turn there")
    func keepsOrder() async throws {
        try await ServiceFixture.with { f in
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: SignifySecretKey.generate())
            let (channel, cache) = try await Self.channel(f)
            let races = Self.request("/v1/cycles/tiny/races")
            let slate = Self.request("/v1/cycles/tiny/slate")
            for part in [races, .end(nil), slate, .end(nil)] { try channel.writeInbound(part) }
            // Both went on, in order; nothing was answered ahead of the router's response.
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == races)
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == .end(nil))
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == slate)
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == .end(nil))
            #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
            // The router answers both; then the next published path is answered here again.
            for _ in 0..<2 {
                try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
                try channel.writeOutbound(HTTPResponsePart.end(nil))
            }
            while try channel.readOutbound(as: HTTPResponsePart.self) != nil {}
            try channel.writeInbound(slate)
            try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "ignored")))
            try channel.writeInbound(HTTPRequestPart.end(nil))
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
            #expect(try Self.response(channel)?.0.status == .ok)
            #expect(cache.answeredNow == 1)
        }
    }

    @Test("Connection: close is answered, then the connection closes")
    func connectionClose() async throws {
        try await ServiceFixture.with { f in
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: SignifySecretKey.generate())
            let (channel, _) = try await Self.channel(f)
            try channel.writeInbound(Self.request("/slate/tiny", headers: [.connection: "close"]))
            try channel.writeInbound(HTTPRequestPart.end(nil))
            #expect(try Self.response(channel)?.0.status == .ok)
            channel.embeddedEventLoop.run()
            #expect(!channel.isActive)
        }
    }

    @Test("the listening server answers published paths on the event loop, and pipelined requests in order")
    func liveServer() async throws {
        try await ServiceFixture.with(setup: .live) { f in
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: SignifySecretKey.generate())
            let stored = try #require(try await f.store.decisions.latestSlate(cycle: "tiny"))
            for _ in 0..<20 {
                let r = try await f.call(.get, "/v1/cycles/tiny/slate")
                #expect(Array(r.body.readableBytesView) == stored.bytes)
                #expect(r.headers[.date] != nil && r.headers[.server] == "endorse")
            }
            // The router built the site on the first request (and checks again each second).
            #expect(f.published.answeredNow >= 10)

            // HEAD on a keep-alive connection: headers only, and the next answer follows them.
            let port = try #require(f.client.port)
            let (headBytes, _) = try #require(RawHTTP.exchange(port: port, """
                HEAD /v1/cycles/tiny/slate HTTP/1.1\r\nHost: x\r\n\r\n\
                HEAD /nothing HTTP/1.1\r\nHost: x\r\n\r\n\
                GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n
                """))
            let heads = String(decoding: headBytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")
            try #require(heads.count == 4, "\(heads)")
            #expect(heads[0].hasPrefix("HTTP/1.1 200 OK") && heads[0].lowercased().contains("content-length: \(stored.bytes.count)"))
            #expect(heads[1].hasPrefix("HTTP/1.1 404 Not Found"))
            #expect(heads[2].hasPrefix("HTTP/1.1 200 OK") && heads[3].contains("\"status\""))

            // Pipelined: one the router answers (a database read), a published path, another for
            // the router. The answers come back in the order asked.
            let (bytes, closed) = try #require(RawHTTP.exchange(port: port, """
                GET /v1/cycles/tiny/races HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(ServiceFixture.staff)\r\n\r\n\
                GET /v1/cycles/tiny/slate HTTP/1.1\r\nHost: x\r\n\r\n\
                GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n
                """))
            #expect(closed)
            let replies = String(decoding: bytes, as: UTF8.self).components(separatedBy: "HTTP/1.1 200 OK\r\n")
            try #require(replies.count == 4, "\(replies)")
            let slate = String(decoding: stored.bytes, as: UTF8.self)
            #expect(replies[1].contains("\"races\"") && !replies[1].contains(slate))
            #expect(replies[2].hasSuffix("\r\n\r\n" + slate))
            #expect(replies[3].contains("\"status\""))
        }
    }
}
