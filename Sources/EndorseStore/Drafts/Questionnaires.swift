import EndorseCore
import Foundation
import NIOCore
import PostgresNIO

/// What a candidate's questionnaire pages show: the cycle, the candidate, the submitted answers
/// and the draft (stored answer texts by question id).
public struct QuestionnaireState: Sendable {
    public var cycle: Cycle
    public var candidate: CandidateRecord
    /// The current answers, as staff and scores see them.
    public var submitted: [String: String]
    /// When they last changed (ISO-8601 UTC); nil when nothing was ever answered.
    public var submittedAt: String?
    /// The saved draft, nil when there is none.
    public var draft: [String: String]?
    public var draftSavedAt: String?
    /// The race's decision in the latest published slate, once there is one.
    public var decision: PublishedDecision?

    /// What the form starts from: the draft, else the submitted answers.
    public var working: [String: String] { draft ?? submitted }
}

/// A candidate's own questionnaire (web.md "Candidates"): reading it, saving a draft, and
/// submitting through `AnswerWrite`, the one answers write path. A draft is the candidate's
/// alone: staff, scores and tallies read only `answers`.
public struct Questionnaires: Sendable {
    public let store: ActingStore

    public init(store: ActingStore) { self.store = store }

    /// The state of the session holder's questionnaire.
    public func state(_ session: LinkSession) async throws -> QuestionnaireState {
        let candidate = try Self.candidate(session)
        let logger = store.logger
        return try await store.read { conn in
            let cycle = try await store.cycle(session.cycle, on: conn)
            guard let record = try await store.catalog.candidates(cycle: session.cycle, on: conn)
                .first(where: { $0.id == candidate }) else {
                throw EndorseError(.notFound, "no candidate \(candidate) in cycle \(session.cycle)", at: candidate)
            }
            var submitted: [String: String] = [:]
            for try await (q, value) in try await conn.query("""
                SELECT question, value FROM answers
                WHERE cycle = \(session.cycle) AND candidate = \(candidate) AND current AND value IS NOT NULL
                """, logger: logger).decode((String, String).self) { submitted[q] = value }
            let at = try await conn.query("""
                SELECT to_char(max(imported_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM answers
                WHERE cycle = \(session.cycle) AND candidate = \(candidate)
                """, logger: logger).collect().first?.decode(String?.self) ?? nil
            var draft: [String: String]?
            var savedAt: String?
            if let row = try await conn.query("""
                SELECT answers::text, to_char(saved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                FROM answer_drafts WHERE cycle = \(session.cycle) AND candidate = \(candidate)
                """, logger: logger).collect().first {
                let (json, saved) = try row.decode((String, String).self)
                draft = Self.decodeDraft(json)
                savedAt = saved
            }
            var decision: PublishedDecision?
            if let row = try await conn.query("""
                SELECT bytes FROM slates WHERE cycle = \(session.cycle) ORDER BY version DESC LIMIT 1
                """, logger: logger).collect().first {
                decision = PublishedDecision(slate: Array(try row.decode(ByteBuffer.self).readableBytesView),
                                             race: record.race)
            }
            return QuestionnaireState(cycle: cycle, candidate: record, submitted: submitted,
                                      submittedAt: submitted.isEmpty ? nil : at, draft: draft,
                                      draftSavedAt: savedAt, decision: decision)
        }
    }

    /// Saves the candidate's draft (answers already validated against the cycle; nil values
    /// are unanswered). Refused once the questionnaire has closed. Not an audit event: a draft
    /// is the candidate's working copy, not a record.
    public func saveDraft(_ session: LinkSession, answers: [String: Answer?]) async throws {
        let candidate = try Self.candidate(session)
        let json = Self.encodeDraft(answers)
        let logger = store.logger
        try await store.transaction { conn in
            let cycle = try await AnswerWrite(store: store).openCycle(session.cycle, on: conn)
            try AnswerWrite.checkOpen(cycle)
            try await conn.query("""
                INSERT INTO answer_drafts (cycle, candidate, answers) VALUES (\(session.cycle), \(candidate), \(json)::jsonb)
                ON CONFLICT (cycle, candidate) DO UPDATE SET answers = EXCLUDED.answers, saved_at = now()
                """, logger: logger)
        }
    }

    /// Submits the draft (or, without one, the current answers again) as the candidate's
    /// answers: the same operation as a CSV row or `PUT .../answers` (versions kept, unchanged
    /// text answers keep their reviews), source `web`, acting as `candidate:<id>/<link>`; the
    /// draft is deleted. One transaction, one audit event `answers.submit`. The draft is checked
    /// again against the cycle as it is now (a lowered `max_words`, a removed option).
    /// - Returns: the questions that got a new version, in questionnaire order.
    public func submit(_ session: LinkSession) async throws -> [String] {
        let candidate = try Self.candidate(session)
        let logger = store.logger
        let acting = store.store.acting(as: session.actor)
        return try await acting.change(action: "answers.submit", cycle: session.cycle, subject: candidate) { conn in
            let writer = AnswerWrite(store: acting)
            let cycle = try await writer.openCycle(session.cycle, on: conn)
            try AnswerWrite.checkOpen(cycle)
            var texts: [String: String] = [:]
            if let row = try await conn.query("""
                SELECT answers::text FROM answer_drafts WHERE cycle = \(session.cycle) AND candidate = \(candidate)
                FOR UPDATE
                """, logger: logger).collect().first {
                texts = Self.decodeDraft(try row.decode(String.self))
            } else {
                for try await (q, value) in try await conn.query("""
                    SELECT question, value FROM answers
                    WHERE cycle = \(session.cycle) AND candidate = \(candidate) AND current AND value IS NOT NULL
                    """, logger: logger).decode((String, String).self) { texts[q] = value }
            }
            var answers: [String: Answer?] = [:]
            for question in cycle.questionnaire {
                guard let text = texts[question.id] else { continue }
                do {
                    answers[question.id] = try question.parseAnswer(cell: text)
                } catch let problem as AnswerProblem {
                    throw EndorseError(.invalidInput, problem.message, at: question.id)
                }
            }
            let batch = AnswerBatch(candidate: candidate, answers: answers)
            let result = try await writer.write(batch, cycle: session.cycle, source: .web, actor: session.actor,
                                                listChanges: true, on: conn)
            try await conn.query("""
                DELETE FROM answer_drafts WHERE cycle = \(session.cycle) AND candidate = \(candidate)
                """, logger: logger)
            let changed = Set(result.changed[candidate] ?? [])
            let ordered = cycle.questionnaire.map(\.id).filter(changed.contains)
            return (ordered, .object(["changed": .strings(ordered), "link": .string(session.linkName)]))
        }
    }

    static func candidate(_ session: LinkSession) throws -> String {
        guard case .candidate(let id) = session.holder else {
            throw EndorseError(.notFound, "this link is not a candidate's", at: session.cycle)
        }
        return id
    }

    /// `{question: stored text}` as canonical JSON (unanswered questions are left out).
    static func encodeDraft(_ answers: [String: Answer?]) -> String {
        var object: [String: JSONValue] = [:]
        for (q, a) in answers { if let a { object[q] = .string(a.storageText) } }
        return JSONValue.object(object).canonicalString
    }

    static func decodeDraft(_ json: String) -> [String: String] {
        guard let object = try? JSONValue.parse(Array(json.utf8)).objectValue else { return [:] }
        return object.compactMapValues(\.stringValue)
    }
}
