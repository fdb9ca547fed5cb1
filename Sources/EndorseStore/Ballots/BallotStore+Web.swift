import EndorseCore
import Logging
import NIOCore
import PostgresNIO

extension BallotStore {
    /// An org's delegate casts or replaces the org's ballot on its ballot page (web.md "Member
    /// orgs"): the same writer and checks as `PUT .../ballot` (race state, ballot rules, roster,
    /// versions, one audit event `ballot.cast` / `.replaced` acting as `org:<id>/<link>`), source
    /// `web`, never a proxy. The browser session is checked inside the write's transaction, with
    /// its link locked, so a link revoked meanwhile writes nothing (`unauthorized`).
    ///
    /// - Parameter sessionID: the session cookie's value.
    public func putFromPage(sessionID: String, race: String, choice: BallotChoice) async throws -> StoredBallot {
        let (session, written) = try await writeFromPage(sessionID: sessionID, race: race, content: .ballot(choice))
        return StoredBallot(cycle: session.cycle, race: race, org: written.org, choice: choice, version: written.version,
                            recordedAt: written.recordedAt, replaced: written.replaced)
    }

    /// The org withdraws its ballot from its ballot page: a new `withdrawal` version (the org
    /// then has no ballot); `not_found` when it has none. Returns the withdrawal's version.
    public func withdrawFromPage(sessionID: String, race: String) async throws -> Int {
        try await writeFromPage(sessionID: sessionID, race: race, content: .withdrawal).1.version
    }

    private func writeFromPage(sessionID: String, race: String,
                               content: BallotWrite.Content) async throws -> (LinkSession, WrittenBallot) {
        let voting = base.voting, logger = self.logger
        return try await base.transaction { conn in
            guard let session = try await Self.lockedOrgSession(sessionID, on: conn, logger: logger),
                  case .org(let org) = session.holder else {
                throw EndorseError(.unauthorized, "this link does not work (unknown, replaced or revoked)")
            }
            let item = BallotWrite(voter: .org(org, actor: session.actor, proxy: false), content: .success(content),
                                   proxyNote: nil, key: nil)
            let writer = BallotWriter(cycle: session.cycle, race: race, source: .web, audit: true)
            let written = try await Self.writeAlone(item, writer: writer, voting: voting, on: conn)
            try await AuditLog.seal(on: conn, logger: logger)
            return (session, written)
        }
    }

    /// The org session behind a cookie's id, its link row locked (`FOR SHARE`: a concurrent
    /// `invite revoke` waits for this write, or this write sees the link revoked).
    static func lockedOrgSession(_ sessionID: String, on conn: PostgresConnection,
                                 logger: Logger) async throws -> LinkSession? {
        guard LinkSecret.isWellFormed(sessionID) else { return nil }
        let hash = ByteBuffer(bytes: LinkSecret.hash(sessionID))
        let rows = try await conn.query("""
            SELECT l.cycle, l.org, l.name FROM web_sessions s JOIN access_links l ON l.id = s.link
            WHERE s.id_sha256 = \(hash) AND l.revoked_at IS NULL AND l.org IS NOT NULL
            FOR SHARE OF l
            """, logger: logger).collect()
        guard let row = rows.first else { return nil }
        let (cycle, org, name) = try row.decode((String, String, String).self)
        return LinkSession(cycle: cycle, holder: .org(org), linkName: name)
    }
}
