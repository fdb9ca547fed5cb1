import Crypto
import Foundation
import EndorseCore
import EndorseStore
import Hummingbird
import NIOCore
import PostgresNIO

/// Who is calling, from the bearer token (api.md, "Roles and tokens").
public struct Caller: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable { case staff, org }
    /// The token's name: the actor of everything this caller changes (and a review's reviewer).
    public var name: String
    public var role: Role
    /// The member org of an `org` token.
    public var org: String?
}

/// Who may call a route.
enum Access: Sendable {
    /// Anyone; any Authorization header is ignored.
    case everyone
    case staff
    case org
    case staffOrOrg

    func allows(_ role: Caller.Role) -> Bool {
        switch self {
        case .everyone, .staffOrOrg: true
        case .staff: role == .staff
        case .org: role == .org
        }
    }
}

/// Bearer token lookup against `api_tokens`: the token's SHA-256 is looked up (revoked tokens
/// excluded, so a revocation takes effect from the next request), then compared with the stored
/// hash in constant time.
struct Authenticator: Sendable {
    let store: Store

    /// The caller of `request`. Throws `APIError.unauthorized` for a missing, malformed, unknown
    /// or revoked token.
    func caller(_ request: Request) async throws -> Caller {
        guard let token = Self.bearerToken(request.headers[.authorization]) else { throw APIError.unauthorized }
        let hash = Array(SHA256.hash(data: Array(token.utf8)))
        let buffer = ByteBuffer(bytes: hash)
        let logger = store.logger
        let row = try await store.read { conn in
            try await conn.query("""
                SELECT name, role, org, token_sha256 FROM api_tokens
                WHERE token_sha256 = \(buffer) AND revoked_at IS NULL
                """, logger: logger).collect().first
        }
        guard let row else { throw APIError.unauthorized }
        let (name, role, org, stored) = try row.decode((String, String, String?, ByteBuffer).self)
        guard Self.constantTimeEqual(Array(stored.readableBytesView), hash),
              let r = Caller.Role(rawValue: role) else { throw APIError.unauthorized }
        return Caller(name: name, role: r, org: org)
    }

    /// The token of `Bearer <token>` (scheme case-insensitive), nil otherwise.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.utf8.count > 512 ? nil : token
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
