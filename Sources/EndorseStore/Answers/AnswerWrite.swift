import EndorseCore
import Foundation
import NIOCore
import PostgresNIO

/// What one answers write did.
struct AnswersWriteResult: Sendable {
    /// New answer versions written (changed, newly answered, or newly unanswered).
    var written: Int
    /// Candidates with at least one new version.
    var candidatesChanged: Int
    /// Question ids that got a new version, by candidate (only when asked for).
    var changed: [String: [String]]
}

/// The one operation that writes candidates' answers, whatever the entry path: the CSV import,
/// `PUT .../answers` and the candidate's page (web.md: "a page never has a write path of its
/// own"). Runs inside the caller's transaction (`Store.change`, one audit event):
///
/// 1. `openCycle` locks the cycle row (answer writers of a cycle and `cycle load` take turns)
///    and reads the cycle; `checkOpen` refuses once `questionnaire_closes` has passed.
/// 2. The caller validates its input against that cycle through `Question.parseAnswer`, which
///    normalises line endings and checks `max_words`, and fills an `AnswerBatch`.
/// 3. `write` replaces each listed candidate's current answers by its row: only a changed value
///    gets version n+1, so an unchanged text answer keeps its reviews; versions are kept.
struct AnswerWrite: Sendable {
    let store: ActingStore

    /// Locks the cycle's row and returns the cycle (`not_found` for an unknown id).
    func openCycle(_ id: String, on conn: PostgresConnection) async throws -> Cycle {
        let rows = try await conn.query("SELECT 1 FROM cycles WHERE id = \(id) FOR UPDATE",
                                        logger: store.logger).collect()
        guard !rows.isEmpty else { throw EndorseError(.notFound, "no such cycle", at: id) }
        return try await store.cycle(id, on: conn)
    }

    /// Refuses once the questionnaire has closed.
    static func checkOpen(_ cycle: Cycle, now: Date = Date()) throws(EndorseError) {
        let micros = Int64((now.timeIntervalSince1970 * 1_000_000).rounded(.down))
        guard !cycle.questionnaireIsOpen(atUnixMicroseconds: micros), let closes = cycle.questionnaireCloses else {
            return
        }
        throw EndorseError(.questionnaireClosed, "the questionnaire closed at \(closes.text); answers can "
                           + "no longer change (a later questionnaire_closes in the cycle file reopens it)",
                           at: cycle.id)
    }

    /// Replaces the current answers of every candidate of `batch` (see the type's comment).
    func write(_ batch: AnswerBatch, cycle id: String, source: AnswerSource, actor: String,
               listChanges: Bool = false, on conn: PostgresConnection) async throws -> AnswersWriteResult {
        let logger = store.logger
        try await conn.query("""
            CREATE TEMP TABLE import_answers (candidate text, question text, value text) ON COMMIT DROP
            """, logger: logger)
        let chunks = batch.copyChunks
        try await conn.copyFrom(table: "import_answers", columns: ["candidate", "question", "value"],
                                logger: logger) { writer in
            for chunk in chunks { try await writer.write(chunk) }
        }
        try await conn.query("""
            CREATE TEMP TABLE import_changes ON COMMIT DROP AS
            SELECT coalesce(n.candidate, o.candidate) AS candidate, coalesce(n.question, o.question) AS question,
                   n.value, o.id AS old_id, coalesce(o.version, 0) AS old_version
            FROM import_answers n
            FULL JOIN (SELECT a.id, a.candidate, a.question, a.value, a.version FROM answers a
                       JOIN unnest(\(batch.candidates)::text[]) AS f(candidate) ON f.candidate = a.candidate
                       WHERE a.cycle = \(id) AND a.current) o
              ON o.candidate = n.candidate AND o.question = n.question
            WHERE n.value IS DISTINCT FROM o.value
            """, logger: logger)
        try await conn.query("""
            UPDATE answers SET current = false
            WHERE id IN (SELECT old_id FROM import_changes WHERE old_id IS NOT NULL)
            """, logger: logger)
        try await conn.query("""
            INSERT INTO answers (cycle, candidate, question, version, value, current, source, actor)
            SELECT \(id), candidate, question, old_version + 1, value, true, \(source.rawValue), \(actor)
            FROM import_changes
            """, logger: logger)
        var counts: (Int64, Int64) = (0, 0)
        if let row = try await conn.query(
            "SELECT count(*)::bigint, count(DISTINCT candidate)::bigint FROM import_changes", logger: logger)
            .collect().first {
            counts = try row.decode((Int64, Int64).self)
        }
        var changed: [String: [String]] = [:]
        if listChanges {
            for try await (candidate, question) in try await conn.query(
                "SELECT candidate, question FROM import_changes", logger: logger).decode((String, String).self) {
                changed[candidate, default: []].append(question)
            }
        }
        // The temporary tables go now rather than at commit: a caller may write twice in one
        // transaction.
        try await conn.query("DROP TABLE import_answers, import_changes", logger: logger)
        return AnswersWriteResult(written: Int(counts.0), candidatesChanged: Int(counts.1), changed: changed)
    }
}
