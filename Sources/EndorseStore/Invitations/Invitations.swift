import EndorseCore
import NIOCore
import PostgresNIO

/// A link just issued: the token is returned once, for the mail or the mail-merge CSV, and never
/// stored.
public struct IssuedLink: Sendable, Hashable {
    public var candidate: String
    public var name: String
    public var email: String?
    public var race: String
    /// The link's name (`invite-1`).
    public var linkName: String
    public var token: String

    public init(candidate: String, name: String, email: String?, race: String, linkName: String, token: String) {
        self.candidate = candidate
        self.name = name
        self.email = email
        self.race = race
        self.linkName = linkName
        self.token = token
    }
}

/// Personal access links of candidates (web.md "Invitations and access links").
public struct Invitations: Sendable {
    public let store: ActingStore

    public init(store: ActingStore) { self.store = store }

    public enum Mode: String, Sendable {
        /// A new link for every candidate asked for; it replaces their earlier links.
        case invite
        /// An additional link (earlier ones keep working), only for candidates who have not
        /// submitted, never for revoked ones.
        case remind
    }

    /// Issues links in one transaction with one audit event (`invite.create` or `invite.remind`,
    /// listing candidates and link names, never a token).
    ///
    /// - Parameter only: candidate ids to limit to (each must exist and not be withdrawn); nil:
    ///   every candidate of the cycle who has not withdrawn.
    /// - Returns: the links, in the order of `candidate list` (race, then id).
    public func issue(cycle: String, mode: Mode, only: [String]? = nil) async throws -> [IssuedLink] {
        let actor = store.actor, logger = store.logger
        return try await store.change(action: "invite.\(mode == .invite ? "create" : "remind")",
                                      cycle: cycle, subject: nil) { conn in
            _ = try await store.cycle(cycle, on: conn)
            let all = try await store.catalog.candidates(cycle: cycle, on: conn)
            var chosen = all.filter { !$0.withdrawn }
            if let only {
                let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
                for id in only {
                    guard let c = byID[id] else {
                        throw EndorseError(.notFound, "no candidate \(id) in cycle \(cycle)", at: id)
                    }
                    if c.withdrawn { throw EndorseError(.wrongState, "candidate \(id) has withdrawn", at: id) }
                }
                let wanted = Set(only)
                chosen = chosen.filter { wanted.contains($0.id) }
            }
            if mode == .remind {
                let status = try await AnswersStatus(store: store).rows(cycle: cycle, on: conn)
                let skip = Set(status.filter { $0.submittedAt != nil || $0.revoked }.map(\.candidate))
                chosen = chosen.filter { !skip.contains($0.id) }
            }
            var counts: [String: Int64] = [:]
            for try await (candidate, n) in try await conn.query("""
                SELECT candidate, count(*)::bigint FROM access_links WHERE cycle = \(cycle) AND candidate IS NOT NULL
                GROUP BY candidate
                """, logger: logger).decode((String, Int64).self) { counts[candidate] = n }
            let ids = chosen.map(\.id)
            if mode == .invite, !ids.isEmpty {
                try await conn.query("""
                    UPDATE access_links SET revoked_at = now(), revoke_reason = 'replaced'
                    WHERE cycle = \(cycle) AND candidate = ANY(\(ids)) AND revoked_at IS NULL
                    """, logger: logger)
            }
            var issued: [IssuedLink] = []
            var names: [String] = [], hashes: [ByteBuffer] = []
            for c in chosen {
                let token = LinkSecret.random()
                let linkName = "\(mode.rawValue)-\((counts[c.id] ?? 0) + 1)"
                issued.append(IssuedLink(candidate: c.id, name: c.name, email: c.email, race: c.race,
                                         linkName: linkName, token: token))
                names.append(linkName)
                hashes.append(ByteBuffer(bytes: LinkSecret.hash(token)))
            }
            if !issued.isEmpty {
                try await conn.query("""
                    INSERT INTO access_links (cycle, candidate, name, kind, token_sha256, actor)
                    SELECT \(cycle), u.candidate, u.name, \(mode.rawValue), u.hash, \(actor)
                    FROM unnest(\(ids)::text[], \(names)::text[], \(hashes)::bytea[]) AS u(candidate, name, hash)
                    """, logger: logger)
            }
            let details: JSONValue = .object([
                "candidates": .strings(ids), "links": .strings(names),
                "without_email": .strings(issued.filter { ($0.email ?? "").isEmpty }.map(\.candidate)),
            ])
            return (issued, details)
        }
    }

    /// Ends every link of a candidate and every session opened with them, at once. Refused when
    /// the candidate has no working link.
    public func revoke(cycle: String, candidate: String) async throws -> Int {
        let logger = store.logger
        return try await store.change(action: "invite.revoke", cycle: cycle, subject: candidate) { conn in
            _ = try await store.cycle(cycle, on: conn)
            try await store.answers.requireCandidate(cycle: cycle, candidate: candidate, lock: false, on: conn)
            let rows = try await conn.query("""
                UPDATE access_links SET revoked_at = now(), revoke_reason = 'revoked'
                WHERE cycle = \(cycle) AND candidate = \(candidate) AND revoked_at IS NULL
                RETURNING name
                """, logger: logger).collect()
            let names = try rows.map { try $0.decode(String.self) }.sorted()
            guard !names.isEmpty else {
                throw EndorseError(.wrongState, "candidate \(candidate) has no working link to revoke", at: candidate)
            }
            return (names.count, .object(["links": .strings(names)]))
        }
    }
}
