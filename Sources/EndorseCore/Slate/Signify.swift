import Crypto
import Foundation


/// Ed25519 keys and signatures in the file formats of OpenBSD `signify` (formats.md,
/// "Signatures"), so that anyone can check a slate with `signify-openbsd -V`.
///
/// Every file is `untrusted comment: <text>\n` + base64(payload) + `\n`, where the payload starts
/// with the algorithm `Ed` and the 8-byte key number that ties signatures to their key.
public enum Signify {
    /// The algorithm tag of every payload.
    static let algorithm: [UInt8] = Array("Ed".utf8)
    /// The key-derivation tag of a secret key (bcrypt_pbkdf; unused when rounds are 0).
    static let kdfAlgorithm: [UInt8] = Array("BK".utf8)
    static let commentPrefix = "untrusted comment: "

    /// Writes `untrusted comment: <comment>\n<base64>\n`.
    static func encodeFile(comment: String, payload: [UInt8]) -> [UInt8] {
        let oneLine = comment.replacingOccurrences(of: "\n", with: " ")
        let text = commentPrefix + oneLine + "\n" + Data(payload).base64EncodedString() + "\n"
        return Array(text.utf8)
    }

    /// Reads the comment and the decoded payload of a signify file; `what` names the file kind in
    /// errors ("public key", "signature", "secret key").
    static func decodeFile(_ bytes: [UInt8], what: String, length: Int) throws(EndorseError) -> (comment: String, payload: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.count == 2, lines[0].hasPrefix(commentPrefix) else {
            throw EndorseError(.invalidKey,
                "not a signify \(what) file: expected an 'untrusted comment:' line and one base64 line")
        }
        guard let data = Data(base64Encoded: lines[1]) else {
            throw EndorseError(.invalidKey, "bad base64 in the signify \(what) file")
        }
        let payload = [UInt8](data)
        guard payload.count == length else {
            throw EndorseError(.invalidKey,
                "the signify \(what) holds \(payload.count) bytes, expected \(length)")
        }
        guard Array(payload.prefix(2)) == algorithm else {
            throw EndorseError(.invalidKey, "the signify \(what) is not an Ed25519 (\"Ed\") \(what)")
        }
        return (String(lines[0].dropFirst(commentPrefix.count)), payload)
    }

    /// Verifies `signature` over the exact `message` bytes with `publicKey`.
    ///
    /// Throws `bad_signature` when the key numbers differ (signed with another key) or the
    /// signature does not verify (the message or signature was changed).
    public static func verify(message: [UInt8], signature: SignifySignature,
                              publicKey: SignifyPublicKey) throws(EndorseError) {
        guard signature.keyNumber == publicKey.keyNumber else {
            throw EndorseError(.badSignature,
                "signed with key number \(hex(signature.keyNumber)), but the public key is \(hex(publicKey.keyNumber))")
        }
        let key: Curve25519.Signing.PublicKey
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: publicKey.key)
        } catch {
            throw EndorseError(.invalidKey, "the public key is not a valid Ed25519 key")
        }
        guard key.isValidSignature(signature.signature, for: message) else {
            throw EndorseError(.badSignature, "the signature does not verify: the file or its signature was changed")
        }
    }

    /// Lowercase hex, as key numbers are shown.
    public static func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }
}

/// A signify public key: `"Ed" || keynum(8) || key(32)`.
public struct SignifyPublicKey: Hashable, Sendable {
    /// 8 bytes.
    public var keyNumber: [UInt8]
    /// The 32-byte Ed25519 public key.
    public var key: [UInt8]

    public init(keyNumber: [UInt8], key: [UInt8]) {
        self.keyNumber = keyNumber
        self.key = key
    }

    /// Parses a `.pub` file.
    public init(fileBytes: [UInt8]) throws(EndorseError) {
        let (_, p) = try Signify.decodeFile(fileBytes, what: "public key", length: 42)
        self.init(keyNumber: Array(p[2..<10]), key: Array(p[10..<42]))
    }

    /// The `.pub` file.
    public func fileBytes(comment: String = "endorse public key") -> [UInt8] {
        Signify.encodeFile(comment: comment, payload: Signify.algorithm + keyNumber + key)
    }
}

/// A signify signature: `"Ed" || keynum(8) || sig(64)`.
public struct SignifySignature: Hashable, Sendable {
    /// 8 bytes: the number of the key that made it.
    public var keyNumber: [UInt8]
    /// The 64-byte Ed25519 signature.
    public var signature: [UInt8]

    public init(keyNumber: [UInt8], signature: [UInt8]) {
        self.keyNumber = keyNumber
        self.signature = signature
    }

    /// Parses a `.sig` file.
    public init(fileBytes: [UInt8]) throws(EndorseError) {
        let (_, p) = try Signify.decodeFile(fileBytes, what: "signature", length: 74)
        self.init(keyNumber: Array(p[2..<10]), signature: Array(p[10..<74]))
    }

    /// The `.sig` file. signify itself writes `verify with <key>.pub`.
    public func fileBytes(comment: String = "verify with coalition.pub") -> [UInt8] {
        Signify.encodeFile(comment: comment, payload: Signify.algorithm + keyNumber + signature)
    }
}
