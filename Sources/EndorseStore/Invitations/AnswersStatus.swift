import EndorseCore
import PostgresNIO

/// One candidate in `endorse answers status`: how far they got, with times (ISO-8601 UTC).
public struct AnswersStatusRow: Sendable, Hashable {
    public enum Stage: String, Sendable, Hashable {
        case notInvited = "not_invited", invited, opened, draft, submitted
    }

    public var candidate: String
    public var race: String
    public var name: String
    public var email: String?
    public var withdrawn: Bool
    /// Every link of the candidate was revoked with `invite revoke` (none replaced it since).
    public var revoked: Bool
    /// When the latest link was issued.
    public var invitedAt: String?
    /// When a link was first opened in a browser.
    public var openedAt: String?
    /// When the candidate last saved a draft not yet submitted.
    public var draftSavedAt: String?
    /// When the candidate's current answers last changed, by any entry path (nil: none).
    public var submittedAt: String?

    /// The furthest stage reached: submitted, draft, opened, invited or not invited.
    public var stage: Stage {
        if submittedAt != nil { return .submitted }
        if draftSavedAt != nil { return .draft }
        if openedAt != nil { return .opened }
        if invitedAt != nil { return .invited }
        return .notInvited
    }
}

/// `endorse answers status`: per candidate, invited / opened / draft / submitted (web.md), so
/// staff know whom to chase. Never shows a draft's content.
public struct AnswersStatus: Sendable {
    public let store: ActingStore

    public init(store: ActingStore) { self.store = store }

    /// Every candidate of the cycle, in `candidate list` order.
    public func rows(cycle: String) async throws -> [AnswersStatusRow] {
        try await store.read { conn in
            _ = try await store.cycle(cycle, on: conn)
            return try await rows(cycle: cycle, on: conn)
        }
    }

    func rows(cycle: String, on conn: PostgresConnection) async throws -> [AnswersStatusRow] {
        let iso = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'"
        let sql = """
            SELECT c.id, c.race, c.name, c.email, c.withdrawn_at IS NOT NULL,
                   (NOT EXISTS (SELECT 1 FROM access_links l WHERE l.cycle = c.cycle AND l.candidate = c.id
                                AND l.revoked_at IS NULL)
                    AND EXISTS (SELECT 1 FROM access_links l WHERE l.cycle = c.cycle AND l.candidate = c.id
                                AND l.revoke_reason = 'revoked')),
                   to_char((SELECT max(l.created_at) FROM access_links l WHERE l.cycle = c.cycle
                            AND l.candidate = c.id) AT TIME ZONE 'UTC', \(iso)),
                   to_char((SELECT min(s.created_at) FROM web_sessions s JOIN access_links l ON l.id = s.link
                            WHERE l.cycle = c.cycle AND l.candidate = c.id) AT TIME ZONE 'UTC', \(iso)),
                   to_char((SELECT d.saved_at FROM answer_drafts d WHERE d.cycle = c.cycle
                            AND d.candidate = c.id) AT TIME ZONE 'UTC', \(iso)),
                   to_char((SELECT max(a.imported_at) FROM answers a WHERE a.cycle = c.cycle AND a.candidate = c.id
                            HAVING bool_or(a.current AND a.value IS NOT NULL)) AT TIME ZONE 'UTC', \(iso))
            FROM candidates c JOIN races r ON r.cycle = c.cycle AND r.id = c.race
            WHERE c.cycle = $1 ORDER BY r.position, c.id
            """
        var binds = PostgresBindings()
        binds.append(cycle)
        var out: [AnswersStatusRow] = []
        for try await (id, race, name, email, withdrawn, revoked, invited, opened, draft, submitted) in try await conn.query(
            PostgresQuery(unsafeSQL: sql, binds: binds), logger: store.logger)
            .decode((String, String, String, String?, Bool, Bool, String?, String?, String?, String?).self) {
            out.append(AnswersStatusRow(candidate: id, race: race, name: name, email: email, withdrawn: withdrawn,
                                        revoked: revoked, invitedAt: invited, openedAt: opened,
                                        draftSavedAt: draft, submittedAt: submitted))
        }
        return out
    }
}
