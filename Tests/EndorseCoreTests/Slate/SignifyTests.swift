import Foundation
import Testing
import EndorseTestSupport
@testable import EndorseCore

/// Our signify files against the real `signify-openbsd` (Debian package signify-openbsd). A missing
/// binary fails these tests with the install command.
@Suite struct SignifyTests {
    static func signify() throws -> String {
        try ExternalTool.require("signify-openbsd", install: "apt-get install -y signify-openbsd")
    }

    static func write(_ bytes: [UInt8], _ url: URL) throws { try Data(bytes).write(to: url) }
    static func read(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    static let message = Array("{\"format\":\"endorse-slate/1\",\"version\":1}\n".utf8)

    @Test func signifyVerifiesOurSignatureAndRejectsAChangedByte() throws {
        let tool = try Self.signify()
        let dir = try ExternalTool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = SignifySecretKey.generate()
        let pub = dir.appendingPathComponent("coalition.pub"), msg = dir.appendingPathComponent("slate.json")
        try Self.write(key.publicKey.fileBytes(), pub)
        try Self.write(Self.message, msg)
        try Self.write(try key.sign(Self.message).fileBytes(), dir.appendingPathComponent("slate.json.sig"))

        let ok = try ExternalTool.run(tool, ["-V", "-p", pub.path, "-m", msg.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("Signature Verified"))

        var changed = Self.message
        changed[10] ^= 0x01
        try Self.write(changed, msg)
        let bad = try ExternalTool.run(tool, ["-V", "-p", pub.path, "-m", msg.path])
        #expect(bad.status != 0)
    }

    @Test func signifySignsWithOurSecretKeyFileAndWeVerify() throws {
        let tool = try Self.signify()
        let dir = try ExternalTool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = SignifySecretKey.generate()
        let sec = dir.appendingPathComponent("coalition.sec"), msg = dir.appendingPathComponent("slate.json")
        try Self.write(key.fileBytes(), sec)
        try Self.write(Self.message, msg)
        let r = try ExternalTool.run(tool, ["-S", "-s", sec.path, "-m", msg.path])
        #expect(r.status == 0, "signify -S refused our secret key: \(r.stderr)")
        let sigBytes = try Self.read(dir.appendingPathComponent("slate.json.sig"))
        let sig = try SignifySignature(fileBytes: sigBytes)
        try Signify.verify(message: Self.message, signature: sig, publicKey: key.publicKey)
        // Ed25519 is deterministic: signify and swift-crypto give the same signature.
        #expect(sig == (try key.sign(Self.message)))
        #expect(String(decoding: sigBytes, as: UTF8.self).hasPrefix("untrusted comment: verify with coalition.pub\n"))

        var tampered = Self.message
        tampered[0] = UInt8(ascii: "[")
        #expect(throws: EndorseError(.badSignature, "the signature does not verify: the file or its signature was changed")) {
            try Signify.verify(message: tampered, signature: sig, publicKey: key.publicKey)
        }
    }

    @Test func weReadAKeyPairThatSignifyGenerated() throws {
        let tool = try Self.signify()
        let dir = try ExternalTool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sec = dir.appendingPathComponent("k.sec"), pub = dir.appendingPathComponent("k.pub")
        let r = try ExternalTool.run(tool, ["-G", "-n", "-p", pub.path, "-s", sec.path])
        #expect(r.status == 0, "\(r.stderr)")
        let key = try SignifySecretKey(fileBytes: Self.read(sec))
        let theirPub = try SignifyPublicKey(fileBytes: Self.read(pub))
        #expect(key.publicKey == theirPub)
        // And what we sign with it, signify verifies.
        let msg = dir.appendingPathComponent("m")
        try Self.write(Self.message, msg)
        try Self.write(try key.sign(Self.message).fileBytes(), dir.appendingPathComponent("m.sig"))
        #expect(try ExternalTool.run(tool, ["-V", "-q", "-p", pub.path, "-m", msg.path]).status == 0)
    }

    @Test func secretKeyFileRoundTrips() throws {
        let key = SignifySecretKey.generate()
        let back = try SignifySecretKey(fileBytes: key.fileBytes())
        #expect(back.seed == key.seed)
        #expect(back.keyNumber == key.keyNumber)
        #expect(back.salt == key.salt)
        #expect(back.fileBytes() == key.fileBytes())
        #expect(key.keyNumber.count == 8 && key.seed.count == 32)
    }

    @Test func secretKeyLayout() throws {
        let key = try SignifySecretKey(keyNumber: Array(1...8), seed: Array(repeating: 7, count: 32))
        let text = String(decoding: key.fileBytes(comment: "c"), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[0] == "untrusted comment: c" && lines[2] == "")
        let p = [UInt8](try #require(Data(base64Encoded: String(lines[1]))))
        #expect(p.count == 104)
        #expect(Array(p[0..<4]) == Array("EdBK".utf8))
        #expect(Array(p[4..<8]) == [0, 0, 0, 0])
        #expect(Array(p[32..<40]) == Array(1...8))
        #expect(Array(p[40..<72]) == Array(repeating: 7, count: 32))
        #expect(Array(p[72..<104]) == key.publicKey.key)
    }

    @Test func passphraseProtectedOrDamagedKeysAreRefused() throws {
        let key = try SignifySecretKey(keyNumber: Array(1...8), seed: Array(repeating: 7, count: 32))
        let lines = String(decoding: key.fileBytes(), as: UTF8.self).split(separator: "\n")
        var p = [UInt8](try #require(Data(base64Encoded: String(lines[1]))))
        func file(_ payload: [UInt8]) -> [UInt8] { Array("untrusted comment: x\n\(Data(payload).base64EncodedString())\n".utf8) }
        var encrypted = p
        encrypted[7] = 42
        #expect(throws: EndorseError.self) { try SignifySecretKey(fileBytes: file(encrypted)) }
        p[50] ^= 1  // seed changed: checksum no longer matches
        #expect(throws: EndorseError.self) { try SignifySecretKey(fileBytes: file(p)) }
    }

    @Test func wrongKeyIsRefused() throws {
        let a = SignifySecretKey.generate(), b = SignifySecretKey.generate()
        let sig = try a.sign(Self.message)
        do {
            try Signify.verify(message: Self.message, signature: sig, publicKey: b.publicKey)
            Issue.record("verified with the wrong key")
        } catch {
            #expect(error.code == .badSignature)
            #expect(error.message.contains("key number \(Signify.hex(a.keyNumber))"))
        }
        // Same key number, different key: the signature itself fails.
        let c = try SignifySecretKey(keyNumber: a.keyNumber, seed: b.seed)
        #expect(throws: EndorseError.self) {
            try Signify.verify(message: Self.message, signature: sig, publicKey: c.publicKey)
        }
    }

    @Test func malformedFilesAreRefused() {
        #expect(throws: EndorseError.self) { try SignifyPublicKey(fileBytes: Array("untrusted comment: x\n!!!notbase64\n".utf8)) }
        #expect(throws: EndorseError.self) { try SignifyPublicKey(fileBytes: Array("no comment\nRWQ=\n".utf8)) }
        #expect(throws: EndorseError.self) { try SignifySignature(fileBytes: Array("untrusted comment: x\nRWQ=\n".utf8)) }
        do {
            _ = try SignifySignature(fileBytes: Array("untrusted comment: x\n%%%%\n".utf8))
            Issue.record("bad base64 accepted")
        } catch {
            #expect(error.message == "bad base64 in the signify signature file")
        }
    }

    /// RFC 8032, section 7.1, TEST 1: swift-crypto's Ed25519 is the deterministic one.
    @Test func rfc8032TestVector() throws {
        func bytes(_ hex: String) -> [UInt8] {
            var out: [UInt8] = []
            var it = hex.makeIterator()
            while let h = it.next(), let l = it.next() { out.append(UInt8(String([h, l]), radix: 16) ?? 0) }
            return out
        }
        let key = try SignifySecretKey(keyNumber: Array(repeating: 0, count: 8),
                                       seed: bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        #expect(Signify.hex(key.publicKey.key) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let sig = try key.sign([])
        #expect(Signify.hex(sig.signature) == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
    }
}
