import EndorseCore
import Logging
import PostgresNIO

/// One member org in `vote status`: whether it was given a link to its ballot pages and
/// whether that link was opened (ISO-8601 UTC). Never how it voted.
public struct OrgLinkStatus: Sendable, Hashable {
    public var org: String
    public var name: String
    public var active: Bool
    /// When the latest link was issued (nil: never invited).
    public var invitedAt: String?
    /// When a link was first opened in a browser.
    public var openedAt: String?
    /// Every link was revoked with `invite revoke` (none issued since).
    public var revoked: Bool

    /// `{"org", "name", "active", "invited_at", "opened_at", "revoked"}`.
    public var json: JSONValue {
        .object(["org": .string(org), "name": .string(name), "active": .bool(active),
                 "invited_at": invitedAt.map(JSONValue.string) ?? .null,
                 "opened_at": openedAt.map(JSONValue.string) ?? .null, "revoked": .bool(revoked)])
    }
}

extension Invitations {
    /// Links for member orgs (their ballot pages, `/b/...`), in one transaction with one audit
    /// event (`invite.create` / `invite.remind`, listing orgs and link names, never a token).
    /// Invite: every active org (or `only`, each existing and active); each link replaces the
    /// org's earlier ones. Remind: an additional link only for orgs, not revoked, that have no
    /// ballot in some open race they may vote in (nobody when no race is open).
    public func issueOrgs(cycle: String, mode: Mode, only: [String]? = nil) async throws -> [IssuedLink] {
        let logger = store.logger
        return try await store.change(action: "invite.\(mode == .invite ? "create" : "remind")",
                                      cycle: cycle, subject: nil) { conn in
            _ = try await store.cycle(cycle, on: conn)
            var all: [OrgRecord] = []
            for try await (id, name, weight, email, active) in try await conn.query(
                "SELECT id, name, weight, contact_email, active FROM orgs ORDER BY id", logger: logger)
                .decode((String, String, Int64, String?, Bool).self) {
                all.append(OrgRecord(id: id, name: name, weight: weight, contactEmail: email, active: active))
            }
            var chosen = all.filter(\.active)
            if let only {
                let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
                for id in only {
                    guard let o = byID[id] else { throw EndorseError(.notFound, "no member org \(id)", at: id) }
                    if !o.active { throw EndorseError(.orgInactive, "org \(id) is inactive and does not vote", at: id) }
                }
                let wanted = Set(only)
                chosen = chosen.filter { wanted.contains($0.id) }
            }
            if mode == .remind {
                var waiting: Set<String> = []
                for try await org in try await conn.query("""
                    SELECT DISTINCT r.org FROM race_roster r JOIN races x ON x.cycle = r.cycle AND x.id = r.race
                    WHERE r.cycle = \(cycle) AND x.state = 'open' AND r.active AND NOT r.recused
                      AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.cycle = r.cycle AND b.race = r.race
                                      AND b.org = r.org AND b.current AND b.kind <> 'withdrawal')
                    """, logger: logger).decode(String.self) { waiting.insert(org) }
                let revoked = try await Self.revokedOrgs(cycle: cycle, on: conn, logger: logger)
                chosen = chosen.filter { waiting.contains($0.id) && !revoked.contains($0.id) }
            }
            let issued = try await Self.insertLinks(
                chosen.map { IssuedLink(candidate: $0.id, name: $0.name, email: $0.contactEmail, race: "",
                                        linkName: "", token: "", kind: .org) },
                cycle: cycle, mode: mode, actor: store.actor, on: conn, logger: logger)
            let details: JSONValue = .object([
                "orgs": .strings(issued.map(\.candidate)), "links": .strings(issued.map(\.linkName)),
                "without_email": .strings(issued.filter { ($0.email ?? "").isEmpty }.map(\.candidate)),
            ])
            return (issued, details)
        }
    }

    /// Ends every link of an org and every session opened with them, at once. Refused when the
    /// org has no working link in the cycle.
    public func revokeOrg(cycle: String, org: String) async throws -> Int {
        let logger = store.logger
        return try await store.change(action: "invite.revoke", cycle: cycle, subject: org) { conn in
            _ = try await store.cycle(cycle, on: conn)
            guard try await !conn.query("SELECT 1 FROM orgs WHERE id = \(org)", logger: logger).collect().isEmpty else {
                throw EndorseError(.notFound, "no member org \(org)", at: org)
            }
            return try await endLinks(of: .org(org), cycle: cycle, on: conn)
        }
    }

    /// Every member org with its link status in `cycle`, by id.
    public func orgLinks(cycle: String) async throws -> [OrgLinkStatus] {
        let logger = store.logger
        return try await store.read { conn in
            _ = try await store.cycle(cycle, on: conn)
            let revoked = try await Self.revokedOrgs(cycle: cycle, on: conn, logger: logger)
            let iso = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'"
            var binds = PostgresBindings()
            binds.append(cycle)
            var out: [OrgLinkStatus] = []
            for try await (id, name, active, invited, opened) in try await conn.query(PostgresQuery(unsafeSQL: """
                SELECT o.id, o.name, o.active,
                       to_char((SELECT max(l.created_at) FROM access_links l WHERE l.cycle = $1 AND l.org = o.id)
                               AT TIME ZONE 'UTC', \(iso)),
                       to_char((SELECT min(s.created_at) FROM web_sessions s JOIN access_links l ON l.id = s.link
                                WHERE l.cycle = $1 AND l.org = o.id) AT TIME ZONE 'UTC', \(iso))
                FROM orgs o ORDER BY o.id
                """, binds: binds), logger: logger).decode((String, String, Bool, String?, String?).self) {
                out.append(OrgLinkStatus(org: id, name: name, active: active, invitedAt: invited, openedAt: opened,
                                         revoked: revoked.contains(id)))
            }
            return out
        }
    }

    /// Orgs whose links were all revoked (none working, at least one revoked by `invite revoke`).
    static func revokedOrgs(cycle: String, on conn: PostgresConnection, logger: Logger) async throws -> Set<String> {
        var out: Set<String> = []
        for try await org in try await conn.query("""
            SELECT org FROM access_links WHERE cycle = \(cycle) AND org IS NOT NULL GROUP BY org
            HAVING bool_and(revoked_at IS NOT NULL) AND bool_or(revoke_reason = 'revoked')
            """, logger: logger).decode(String.self) { out.insert(org) }
        return out
    }
}
