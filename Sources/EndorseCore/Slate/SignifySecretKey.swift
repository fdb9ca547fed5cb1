import Crypto
import Foundation

/// A signify secret key, stored unencrypted (kdf rounds 0) so that the service can sign without a
/// passphrase; the file's mode 0600 is what protects it.
///
/// File payload (OpenBSD signify `struct enckey`, 104 bytes): `"Ed"` || `"BK"` || rounds (4 bytes,
/// big-endian, 0) || salt (16) || checksum (8: the first 8 bytes of SHA-512 of the 64-byte secret
/// key) || keynum (8) || seckey (64: 32-byte seed || 32-byte public key). With 0 rounds signify's
/// kdf yields a zero key, so the secret key is stored as is and `signify -S` reads it without
/// asking for a passphrase.
public struct SignifySecretKey: Sendable {
    /// 8 bytes.
    public let keyNumber: [UInt8]
    /// The 32-byte Ed25519 seed (RFC 8032 private key).
    public let seed: [UInt8]
    /// The salt written in the file; unused with 0 rounds, kept so a read key writes back the same.
    public let salt: [UInt8]
    /// The 32-byte Ed25519 public key derived from the seed.
    let publicKeyBytes: [UInt8]

    /// A key from its parts; throws if the seed is not 32 bytes or the key number not 8.
    public init(keyNumber: [UInt8], seed: [UInt8], salt: [UInt8] = Array(repeating: 0, count: 16)) throws(EndorseError) {
        guard keyNumber.count == 8, salt.count == 16 else {
            throw EndorseError(.invalidKey, "a signify key number is 8 bytes and its salt 16")
        }
        do {
            let signingKey = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            publicKeyBytes = [UInt8](signingKey.publicKey.rawRepresentation)
        } catch {
            throw EndorseError(.invalidKey, "an Ed25519 seed is 32 bytes, got \(seed.count)")
        }
        self.keyNumber = keyNumber
        self.seed = seed
        self.salt = salt
    }

    /// A new key pair: a random seed (swift-crypto's generator), key number and salt (the
    /// system's CSPRNG).
    public static func generate() -> SignifySecretKey {
        var rng = SystemRandomNumberGenerator()
        func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        let key = Curve25519.Signing.PrivateKey()
        return SignifySecretKey(keyNumber: bytes(8), signingKey: key, salt: bytes(16))
    }

    private init(keyNumber: [UInt8], signingKey: Curve25519.Signing.PrivateKey, salt: [UInt8]) {
        self.keyNumber = keyNumber
        self.seed = [UInt8](signingKey.rawRepresentation)
        self.salt = salt
        self.publicKeyBytes = [UInt8](signingKey.publicKey.rawRepresentation)
    }

    /// The matching public key.
    public var publicKey: SignifyPublicKey {
        SignifyPublicKey(keyNumber: keyNumber, key: publicKeyBytes)
    }

    /// The 64-byte signify/NaCl secret key: seed || public key.
    var secretKey64: [UInt8] { seed + publicKey.key }

    /// Signs the exact bytes. Ed25519 (RFC 8032) is deterministic: the same key and message give
    /// the same signature.
    public func sign(_ message: [UInt8]) throws(EndorseError) -> SignifySignature {
        do {
            // The key is not Sendable, so it is rebuilt from the seed for each signature.
            let signingKey = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            let sig = try signingKey.signature(for: message)
            return SignifySignature(keyNumber: keyNumber, signature: [UInt8](sig))
        } catch {
            throw EndorseError(.badSignature, "signing failed: \(error)")
        }
    }

    /// The `.sec` file.
    public func fileBytes(comment: String = "endorse secret key") -> [UInt8] {
        let sk = secretKey64
        let checksum = Array(SHA512.hash(data: sk).prefix(8))
        let rounds: [UInt8] = [0, 0, 0, 0]
        let payload = Signify.algorithm + Signify.kdfAlgorithm + rounds + salt + checksum + keyNumber + sk
        return Signify.encodeFile(comment: comment, payload: payload)
    }

    /// Parses a `.sec` file. A passphrase-protected key (rounds > 0) is refused: endorse signs
    /// unattended.
    public init(fileBytes: [UInt8]) throws(EndorseError) {
        let (_, p) = try Signify.decodeFile(fileBytes, what: "secret key", length: 104)
        guard Array(p[2..<4]) == Signify.kdfAlgorithm else {
            throw EndorseError(.invalidKey, "the signify secret key uses an unknown key-derivation algorithm")
        }
        let rounds = p[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard rounds == 0 else {
            throw EndorseError(.invalidKey,
                "the secret key is protected by a passphrase; endorse needs an unencrypted key (endorse key generate, or signify -G -n)")
        }
        let salt = Array(p[8..<24]), checksum = Array(p[24..<32])
        let keyNumber = Array(p[32..<40]), sk = Array(p[40..<104])
        guard Array(SHA512.hash(data: sk).prefix(8)) == checksum else {
            throw EndorseError(.invalidKey, "the secret key's checksum does not match: the file is damaged")
        }
        try self.init(keyNumber: keyNumber, seed: Array(sk[0..<32]), salt: salt)
        guard publicKey.key == Array(sk[32..<64]) else {
            throw EndorseError(.invalidKey, "the secret key's public half does not match its seed")
        }
    }
}
