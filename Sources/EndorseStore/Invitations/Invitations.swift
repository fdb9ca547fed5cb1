import EndorseCore
import Logging
import NIOCore
import PostgresNIO

/// A link just issued: the token is returned once, for the mail or the mail-merge CSV, and never
/// stored.
public struct IssuedLink: Sendable, Hashable {
    /// The candidate's or the org's id.
    public var candidate: String
    public var name: String
    public var email: String?
    public var race: String
    /// The link's name (`invite-1`).
    public var linkName: String
    public var token: String
    /// Whose link it is: a candidate's (`/q/...`) or a member org's (`/b/...`; `race` is empty).
    public var kind: LinkHolder.Kind

    public init(candidate: String, name: String, email: String?, race: String, linkName: String, token: String,
                kind: LinkHolder.Kind = .candidate) {
        self.kind = kind
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
        let logger = store.logger
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
            let issued = try await Self.insertLinks(
                chosen.map { IssuedLink(candidate: $0.id, name: $0.name, email: $0.email, race: $0.race,
                                        linkName: "", token: "") },
                cycle: cycle, mode: mode, actor: store.actor, on: conn, logger: logger)
            let ids = issued.map(\.candidate)
            let details: JSONValue = .object([
                "candidates": .strings(ids), "links": .strings(issued.map(\.linkName)),
                "without_email": .strings(issued.filter { ($0.email ?? "").isEmpty }.map(\.candidate)),
            ])
            return (issued, details)
        }
    }

    /// Gives each recipient (a candidate or an org, all of one kind) a new link named
    /// `<mode>-<n>`; an invitation first ends the recipient's working links ('replaced').
    static func insertLinks(_ recipients: [IssuedLink], cycle: String, mode: Mode, actor: String,
                            on conn: PostgresConnection, logger: Logger) async throws -> [IssuedLink] {
        guard let kind = recipients.first?.kind else { return [] }
        let column = kind == .candidate ? "candidate" : "org"
        var counts: [String: Int64] = [:]
        var binds = PostgresBindings()
        binds.append(cycle)
        for try await (id, n) in try await conn.query(PostgresQuery(unsafeSQL: """
            SELECT \(column), count(*)::bigint FROM access_links WHERE cycle = $1 AND \(column) IS NOT NULL
            GROUP BY \(column)
            """, binds: binds), logger: logger).decode((String, Int64).self) { counts[id] = n }
        let ids = recipients.map(\.candidate)
        if mode == .invite {
            var b = PostgresBindings()
            b.append(cycle)
            b.append(ids)
            try await conn.query(PostgresQuery(unsafeSQL: """
                UPDATE access_links SET revoked_at = now(), revoke_reason = 'replaced'
                WHERE cycle = $1 AND \(column) = ANY($2) AND revoked_at IS NULL
                """, binds: b), logger: logger)
        }
        var issued: [IssuedLink] = []
        var names: [String] = [], hashes: [ByteBuffer] = []
        for var r in recipients {
            r.token = LinkSecret.random()
            r.linkName = "\(mode.rawValue)-\((counts[r.candidate] ?? 0) + 1)"
            issued.append(r)
            names.append(r.linkName)
            hashes.append(ByteBuffer(bytes: LinkSecret.hash(r.token)))
        }
        var b = PostgresBindings()
        b.append(cycle)
        b.append(mode.rawValue)
        b.append(actor)
        b.append(ids)
        b.append(names)
        b.append(hashes)
        try await conn.query(PostgresQuery(unsafeSQL: """
            INSERT INTO access_links (cycle, \(column), name, kind, token_sha256, actor)
            SELECT $1, u.id, u.name, $2, u.hash, $3
            FROM unnest($4::text[], $5::text[], $6::bytea[]) AS u(id, name, hash)
            """, binds: b), logger: logger)
        return issued
    }

    /// Ends every link of a candidate and every session opened with them, at once. Refused when
    /// the candidate has no working link.
    public func revoke(cycle: String, candidate: String) async throws -> Int {
        try await store.change(action: "invite.revoke", cycle: cycle, subject: candidate) { conn in
            _ = try await store.cycle(cycle, on: conn)
            try await store.answers.requireCandidate(cycle: cycle, candidate: candidate, lock: false, on: conn)
            return try await endLinks(of: .candidate(candidate), cycle: cycle, on: conn)
        }
    }

    /// Ends every working link of `holder` in `cycle` (their sessions end with them: a session
    /// is valid only through a working link); refused when there is none. The count and the
    /// audit details.
    func endLinks(of holder: LinkHolder, cycle: String, on conn: PostgresConnection) async throws -> (Int, JSONValue) {
        // A fixed column name, never input.
        let column = holder.kind == .candidate ? "candidate" : "org"
        let rows = try await conn.query("""
            UPDATE access_links SET revoked_at = now(), revoke_reason = 'revoked'
            WHERE cycle = \(cycle) AND \(unescaped: column) = \(holder.id) AND revoked_at IS NULL
            RETURNING name
            """, logger: store.logger).collect()
        let names = try rows.map { try $0.decode(String.self) }.sorted()
        guard !names.isEmpty else {
            throw EndorseError(.wrongState, "\(column) \(holder.id) has no working link to revoke", at: holder.id)
        }
        return (names.count, .object(["links": .strings(names)]))
    }
}
