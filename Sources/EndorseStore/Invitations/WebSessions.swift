import EndorseCore
import NIOCore
import PostgresNIO

/// Browser sessions opened with access links (web.md): the cookie holds a random session id,
/// the database only its SHA-256. A session works only while its link does, so revoking or
/// replacing a link ends its sessions from the next request on.
public struct WebSessions: Sendable {
    public let store: ActingStore

    public init(store: ActingStore) { self.store = store }

    /// A session just opened (or kept) by following a link.
    public struct Opened: Sendable {
        public var session: LinkSession
        /// The new session id for the cookie; nil when the browser's session was kept.
        public var newSessionID: String?
    }

    /// Follows a link of `kind` (a candidate's link on `/q/...`). Nil for a malformed, unknown
    /// or revoked token, or one of the other kind. When `currentSessionID`
    /// (the browser's cookie) is a working session of the same holder in the same cycle, it is
    /// kept; otherwise a new session starts, with one audit event `link.open` (the first opening
    /// on this device), acting as the link's holder. The token appears nowhere.
    public func open(token: String, kind: LinkHolder.Kind, currentSessionID: String?) async throws -> Opened? {
        guard LinkSecret.isWellFormed(token) else { return nil }
        let hash = ByteBuffer(bytes: LinkSecret.hash(token))
        let logger = store.logger
        let found: (id: Int64, session: LinkSession)? = try await store.read { conn in
            let rows = try await conn.query("""
                SELECT id, cycle, candidate, org, name FROM access_links
                WHERE token_sha256 = \(hash) AND revoked_at IS NULL
                """, logger: logger).collect()
            guard let row = rows.first else { return nil }
            let (id, cycle, candidate, org, name) = try row.decode((Int64, String, String?, String?, String).self)
            let holder: LinkHolder = candidate.map(LinkHolder.candidate) ?? .org(org ?? "")
            return (id, LinkSession(cycle: cycle, holder: holder, linkName: name))
        }
        guard let found, found.session.holder.kind == kind else { return nil }
        if let currentSessionID, let current = try await resume(sessionID: currentSessionID),
           current.cycle == found.session.cycle, current.holder == found.session.holder {
            return Opened(session: current, newSessionID: nil)
        }
        let sessionID = LinkSecret.random()
        let sessionHash = ByteBuffer(bytes: LinkSecret.hash(sessionID))
        let actorStore = store.store.acting(as: found.session.actor)
        try await actorStore.change(action: "link.open", cycle: found.session.cycle,
                                    subject: found.session.holder.id) { conn in
            try await conn.query("""
                INSERT INTO web_sessions (id_sha256, link) VALUES (\(sessionHash), \(found.id))
                """, logger: logger)
            return ((), .object(["link": .string(found.session.linkName)]))
        }
        return Opened(session: found.session, newSessionID: sessionID)
    }

    /// The session behind a cookie's id, nil when unknown or when its link no longer works.
    public func resume(sessionID: String) async throws -> LinkSession? {
        guard LinkSecret.isWellFormed(sessionID) else { return nil }
        let hash = ByteBuffer(bytes: LinkSecret.hash(sessionID))
        return try await store.read { conn in
            let rows = try await conn.query("""
                SELECT l.cycle, l.candidate, l.org, l.name FROM web_sessions s
                JOIN access_links l ON l.id = s.link
                WHERE s.id_sha256 = \(hash) AND l.revoked_at IS NULL
                """, logger: store.logger).collect()
            guard let row = rows.first else { return nil }
            let (cycle, candidate, org, name) = try row.decode((String, String?, String?, String).self)
            let holder: LinkHolder = candidate.map(LinkHolder.candidate) ?? .org(org ?? "")
            return LinkSession(cycle: cycle, holder: holder, linkName: name)
        }
    }
}
