import Testing
@testable import EndorseCore

@Suite struct SlateVerifierTests {
    struct Chain {
        var key: SignifySecretKey
        var v1: SlatePublication
        var v2: SlatePublication
        func sig(_ p: SlatePublication) throws -> [UInt8] { try key.sign(p.bytes).fileBytes() }
    }

    static func chain() throws -> Chain {
        let key = SignifySecretKey.generate()
        let v1 = try #require(try SlatePublisher.next(previous: nil, content: SlateFixture.content(), now: "2026-10-01T17:00:00Z"))
        let r = SlateRescission(race: "district-1", candidate: "c-ana-ruiz", reason: "r", at: "2026-10-02T09:00:00Z")
        let v2 = try #require(try SlatePublisher.next(previous: (v1.bytes, 1), content: SlateFixture.content(rescissions: [r]),
                                                       now: "2026-10-02T10:00:00Z"))
        return Chain(key: key, v1: v1, v2: v2)
    }

    @Test func aSignedChainedSlateVerifies() throws {
        let c = try Self.chain()
        var asked: [String] = []
        let result = SlateVerifier.verify(slate: c.v2.bytes, signature: try c.sig(c.v2), publicKey: c.key.publicKey.fileBytes()) {
            asked.append($0)
            return $0 == "slate-t-2026-v1.json" ? c.v1.bytes : nil
        }
        #expect(result.failures == [])
        #expect(asked == ["slate-t-2026-v1.json"])
        #expect(result.chain == .linked(previousVersion: 1))
        #expect(result.summary == "OK: slate t-2026 v2, signature by key \(Signify.hex(c.key.keyNumber)), canonical, chained to v1")
    }

    @Test func firstVersionAndMissingPreviousAreReported() throws {
        let c = try Self.chain()
        let first = SlateVerifier.verify(slate: c.v1.bytes, signature: try c.sig(c.v1), publicKey: c.key.publicKey.fileBytes()) { _ in nil }
        #expect(first.ok && first.chain == .first)
        let alone = SlateVerifier.verify(slate: c.v2.bytes, signature: try c.sig(c.v2), publicKey: c.key.publicKey.fileBytes()) { _ in nil }
        #expect(alone.ok && alone.chain == .notChecked(previousFile: "slate-t-2026-v1.json"))
    }

    @Test func aChangedByteFailsTheSignature() throws {
        let c = try Self.chain()
        let sig = try c.sig(c.v1)
        var bytes = c.v1.bytes
        let i = try #require(bytes.firstIndex(of: UInt8(ascii: "7")))   // 87.5 -> 97.5 or similar digit
        bytes[i] = UInt8(ascii: "9")
        let r = SlateVerifier.verify(slate: bytes, signature: sig, publicKey: c.key.publicKey.fileBytes()) { _ in nil }
        #expect(r.failures == ["signature: the signature does not verify: the file or its signature was changed"])
    }

    @Test func aBrokenLinkFailsTheChain() throws {
        let c = try Self.chain()
        var other = c.v1.bytes
        other.insert(UInt8(ascii: " "), at: 1)
        let r = SlateVerifier.verify(slate: c.v2.bytes, signature: try c.sig(c.v2), publicKey: c.key.publicKey.fileBytes()) { _ in other }
        #expect(r.failures.count == 1)
        #expect(r.failures.first?.hasPrefix("chain: previous_sha256 is not the SHA-256 of slate-t-2026-v1.json") == true)
    }

    @Test func nonCanonicalBytesFailEvenWhenSigned() throws {
        let c = try Self.chain()
        let text = String(decoding: c.v1.bytes, as: UTF8.self).replacingOccurrences(of: "\"seats\":1", with: "\"seats\": 1.0")
        let bytes = Array(text.utf8)
        let r = SlateVerifier.verify(slate: bytes, signature: try c.key.sign(bytes).fileBytes(),
                                     publicKey: c.key.publicKey.fileBytes()) { _ in nil }
        #expect(r.failures == ["canonical: the bytes are not canonical JSON with a final newline"])
        let noNewline = Array(c.v1.bytes.dropLast())
        let r2 = SlateVerifier.verify(slate: noNewline, signature: try c.key.sign(noNewline).fileBytes(),
                                      publicKey: c.key.publicKey.fileBytes()) { _ in nil }
        #expect(r2.failures == ["canonical: the bytes are not canonical JSON with a final newline"])
    }

    @Test func wrongKeyOrMissingFilesFail() throws {
        let c = try Self.chain()
        let other = SignifySecretKey.generate()
        let r = SlateVerifier.verify(slate: c.v1.bytes, signature: try c.sig(c.v1), publicKey: other.publicKey.fileBytes()) { _ in nil }
        #expect(r.failures.count == 1 && r.failures[0].hasPrefix("signature: signed with key number"))
        let m = SlateVerifier.verify(slate: c.v1.bytes, signature: nil, publicKey: nil) { _ in nil }
        #expect(m.failures == ["signature: no signature file", "signature: no public key file"])
    }

    @Test(arguments: [("100", true), ("87.5", true), ("0", true), ("-2", true), ("0.7419", true),
                      ("100.0", false), ("1e2", false), ("01", false), ("-0", false), ("0.50", false), ("1.", false)])
    func shortestNumbers(text: String, ok: Bool) {
        #expect(SlateVerifier.isShortestNumber(text) == ok)
    }
}
