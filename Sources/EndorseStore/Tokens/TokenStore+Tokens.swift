import Crypto
import EndorseCore
import Foundation
import PostgresNIO

/// An API token's role (api.md, "Roles and tokens").
public enum TokenRole: String, Sendable, Hashable, CaseIterable {
    case staff
    case org
}

/// A token just created: `token` is shown once and never stored.
public struct CreatedToken: Sendable, Hashable {
    public var name: String
    public var role: TokenRole
    public var org: String?
    /// The secret bearer token (43 characters of base64url over 32 random bytes).
    public var token: String

    /// `{"name", "role", "org", "token"}` (formats.md, pinned details).
    public var json: JSONValue {
        .object(["name": .string(name), "role": .string(role.rawValue), "org": .optional(org),
                 "token": .string(token)])
    }
}

/// Who a valid bearer token belongs to.
public struct TokenIdentity: Sendable, Hashable {
    public var name: String
    public var role: TokenRole
    /// The org of an `org` token; nil for staff.
    public var org: String?
}

extension TokenStore {
    /// `endorse token create`: a new random token (32 bytes from the system CSPRNG), stored only
    /// as its SHA-256, with one audit event (which never holds the token).
    ///
    /// Refuses: a name outside `[A-Za-z0-9._-]{1,64}` or already taken (revoked names stay
    /// taken, so the audit log keeps naming one token), `org` role without an existing org,
    /// `staff` role with an org.
    public func createToken(name: String, role: TokenRole, org: String?) async throws -> CreatedToken {
        guard Self.isValidTokenName(name) else {
            throw EndorseError(.invalidInput, "a token name is 1 to 64 of A-Z a-z 0-9 . _ -", at: name)
        }
        switch (role, org) {
        case (.staff, .some):
            throw EndorseError(.usage, "a staff token is not bound to an org; drop --org", at: name)
        case (.org, .none):
            throw EndorseError(.usage, "an org token needs --org ORG", at: name)
        default:
            break
        }
        let token = Self.randomToken()
        let hash = ByteBuffer(bytes: Self.tokenHash(token))
        do {
            return try await change(action: "token.create", cycle: nil, subject: name) { conn in
                if let org {
                    let found = try await conn.query("SELECT 1 FROM orgs WHERE id = \(org)", logger: logger).collect()
                    guard !found.isEmpty else {
                        throw EndorseError(.notFound, "no such member org", at: org)
                    }
                }
                let taken = try await conn.query("SELECT 1 FROM api_tokens WHERE name = \(name)", logger: logger).collect()
                guard taken.isEmpty else {
                    throw EndorseError(.conflict, "a token with this name already exists (names stay taken after revocation)", at: name)
                }
                try await conn.query("""
                    INSERT INTO api_tokens (name, role, org, token_sha256, actor)
                    VALUES (\(name), \(role.rawValue), \(org), \(hash), \(actor))
                    """, logger: logger)
                let created = CreatedToken(name: name, role: role, org: org, token: token)
                return (created, .object(["name": .string(name), "role": .string(role.rawValue), "org": .optional(org)]))
            }
        } catch let error where ServerError(error)?.isUniqueViolation == true {
            throw EndorseError(.conflict, "a token with this name already exists", at: name)
        }
    }

    /// `endorse token revoke NAME`: the token fails from the next request on. Refuses an unknown
    /// or already revoked name.
    public func revokeToken(name: String) async throws {
        try await change(action: "token.revoke", cycle: nil, subject: name) { conn in
            let rows = try await conn.query(
                "SELECT role, org, revoked_at IS NOT NULL FROM api_tokens WHERE name = \(name) FOR UPDATE",
                logger: logger).collect()
            guard let row = rows.first else {
                throw EndorseError(.notFound, "no such token", at: name)
            }
            let (role, org, revoked) = try row.decode((String, String?, Bool).self)
            guard !revoked else {
                throw EndorseError(.wrongState, "the token is already revoked", at: name)
            }
            try await conn.query("UPDATE api_tokens SET revoked_at = now() WHERE name = \(name)", logger: logger)
            return ((), .object(["name": .string(name), "role": .string(role), "org": .optional(org)]))
        }
    }

    /// The identity behind a bearer token, or nil for an unknown or revoked token.
    ///
    /// Looks the row up by the token's SHA-256 (an index lookup on a hash reveals nothing useful
    /// about the token through timing), then compares the stored hash in constant time.
    public func authenticate(token: String) async throws -> TokenIdentity? {
        try await authenticate(sha256: Self.tokenHash(token))
    }

    /// The identity behind a token's SHA-256, or nil for an unknown or revoked token.
    public func authenticate(sha256 hash: [UInt8]) async throws -> TokenIdentity? {
        let buffer = ByteBuffer(bytes: hash)
        let logger = self.logger
        return try await read { conn in
            let rows = try await conn.query("""
                SELECT name, role, org, token_sha256 FROM api_tokens
                WHERE token_sha256 = \(buffer) AND revoked_at IS NULL
                """, logger: logger).collect()
            guard let row = rows.first else { return nil }
            let (name, roleText, org, stored) = try row.decode((String, String, String?, ByteBuffer).self)
            guard Self.constantTimeEqual(Array(stored.readableBytesView), hash),
                  let role = TokenRole(rawValue: roleText) else { return nil }
            return TokenIdentity(name: name, role: role, org: org)
        }
    }

    /// Token names: `[A-Za-z0-9._-]{1,64}`.
    public static func isValidTokenName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
    }

    /// SHA-256 of the token's UTF-8 bytes.
    static func tokenHash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// 32 random bytes as unpadded base64url (43 characters).
    static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Equality whose time depends only on the lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
