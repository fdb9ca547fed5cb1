import Foundation
import EndorseCore
import EndorseStore
import Hummingbird

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
    /// An org, authenticated by the handler in the same statement as its write (the token is
    /// never looked up on its own: one round trip for a ballot).
    case orgInStatement

    func allows(_ role: Caller.Role) -> Bool {
        switch self {
        case .everyone, .staffOrOrg, .orgInStatement: true
        case .staff: role == .staff
        case .org: role == .org
        }
    }
}

/// Bearer token authentication through `TokenStore.authenticate(token:)` (SHA-256 lookup, revoked
/// tokens excluded so a revocation takes effect from the next request, constant-time compare).
struct Authenticator: Sendable {
    let tokens: TokenStore

    /// The caller of `request`. Throws `APIError.unauthorized` for a missing, malformed, unknown
    /// or revoked token.
    func caller(_ request: Request) async throws -> Caller {
        guard let token = Self.bearerToken(request.headers[.authorization]),
              let identity = try await tokens.authenticate(token: token) else { throw APIError.unauthorized }
        let role: Caller.Role = switch identity.role {
        case .staff: .staff
        case .org: .org
        }
        return Caller(name: identity.name, role: role, org: identity.org)
    }

    /// The token of `Bearer <token>` (scheme case-insensitive), nil otherwise.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.utf8.count > 512 ? nil : token
    }
}
