import Crypto
import EndorseCore
import EndorseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The public slate routes (api.md): exact signed bytes, ETag / If-None-Match, the signature, the
/// voter guide; 404 before the first publication; Authorization ignored.
@Suite("Slate routes")
struct SlateRouteTests {
    @Test("404 before the first publication, as JSON and as a page")
    func beforePublication() async throws {
        try await ServiceFixture.with { f in
            let json = try await f.call(.get, "/v1/cycles/tiny/slate")
            #expect(json.status == .notFound)
            #expect(json.errorCode == "not_found")
            #expect(try await f.call(.get, "/v1/cycles/tiny/slate.sig").status == .notFound)
            let page = try await f.call(.get, "/slate/tiny")
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }

    @Test("the exact signed bytes with ETag and Cache-Control; 304 on a matching If-None-Match")
    func slateBytesAndETag() async throws {
        try await ServiceFixture.with { f in
            let key = try SignifySecretKey.generate()
            let published = try await f.store.decisions.publishSlate(cycle: "tiny", key: key)
            let stored = try #require(try await f.store.decisions.latestSlate(cycle: "tiny"))
            #expect(published.latestVersion == 1)

            // A garbage token on a public route is ignored.
            let r = try await f.call(.get, "/v1/cycles/tiny/slate", token: "not-a-token")
            #expect(r.status == .ok)
            let body = Array(r.body.readableBytesView)
            #expect(body == stored.bytes)
            let hex = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
            #expect(r.headers[.eTag] == "\"\(hex)\"")
            #expect(r.headers[.cacheControl] == "public, max-age=60")

            let cached = try await f.call(.get, "/v1/cycles/tiny/slate", headers: [.ifNoneMatch: "\"\(hex)\""])
            #expect(cached.status == .notModified)
            #expect(cached.body.readableBytes == 0)
            let stale = try await f.call(.get, "/v1/cycles/tiny/slate", headers: [.ifNoneMatch: "\"0000\""])
            #expect(stale.status == .ok)

            // The signature verifies over the served bytes with the coalition's public key.
            let sig = try await f.call(.get, "/v1/cycles/tiny/slate.sig")
            #expect(sig.status == .ok)
            let signature = try SignifySignature(fileBytes: Array(sig.body.readableBytesView))
            try Signify.verify(message: body, signature: signature, publicKey: key.publicKey)
            var tampered = body
            tampered[0] ^= 1
            #expect(throws: EndorseError.self) {
                try Signify.verify(message: tampered, signature: signature, publicKey: key.publicKey)
            }

            let page = try await f.call(.get, "/slate/tiny")
            #expect(page.status == .ok)
            #expect(page.text.contains("Tiny"))
            #expect(!page.text.contains("<script"))
        }
    }
}
