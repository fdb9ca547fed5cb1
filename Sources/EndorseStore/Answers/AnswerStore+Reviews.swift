import EndorseCore
import Foundation
import PostgresNIO

/// A text answer still waiting for its first review (`review pending`).
public struct PendingReview: Hashable, Sendable {
    public var candidate: String
    public var race: String
    public var question: String
}

/// What `review add` recorded.
public struct ReviewAdded: Hashable, Sendable {
    public var id: Int64
    /// The answer version reviewed (the current one).
    public var answerVersion: Int
}

extension AnswerStore {
    /// Records a reviewer's rubric points for a candidate's current text answer (scoring.md).
    /// Refused: unknown candidate or question, a question that is not `text`, points outside
    /// 0...max_points, an unanswered question. A later review by the same reviewer of the same
    /// answer version supersedes the earlier one in scoring.
    public func addReview(cycle: String, candidate: String, question: String, points: Int,
                          reviewer: String, note: String? = nil) async throws -> ReviewAdded {
        let reviewer = reviewer.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reviewer.isEmpty else { throw EndorseError(.invalidInput, "a reviewer name is required", at: "--reviewer") }
        let note = note.flatMap { $0.isEmpty ? nil : $0 }
        return try await change(action: "review.add", cycle: cycle, subject: candidate) { conn in
            let c = try await self.cycle(cycle, on: conn)
            guard let q = c.question(question) else {
                throw EndorseError(.notFound, "no question \(question) in cycle \(cycle)", at: question)
            }
            try q.validateReview(points: points)
            let exists = try await conn.query(
                "SELECT 1 FROM candidates WHERE cycle = \(cycle) AND id = \(candidate)", logger: logger).collect()
            guard !exists.isEmpty else { throw EndorseError(.notFound, "no such candidate in cycle \(cycle)", at: candidate) }
            let rows = try await conn.query("""
                SELECT id, version FROM answers
                WHERE cycle = \(cycle) AND candidate = \(candidate) AND question = \(question)
                  AND current AND value IS NOT NULL
                FOR SHARE
                """, logger: logger).collect()
            guard let row = rows.first else {
                throw EndorseError(.wrongState, "\(candidate) has not answered \(question); nothing to review",
                                   at: "\(candidate)/\(question)")
            }
            let (answerID, version) = try row.decode((Int64, Int).self)
            let inserted = try await conn.query("""
                INSERT INTO reviews (cycle, candidate, question, answer_id, reviewer, points, note, actor)
                VALUES (\(cycle), \(candidate), \(question), \(answerID), \(reviewer), \(points), \(note), \(actor))
                RETURNING id
                """, logger: logger).collect()
            let id = try inserted.first?.decode(Int64.self) ?? 0
            let details: JSONValue = .object([
                "question": .string(question), "reviewer": .string(reviewer), "points": .int(points),
                "answer_version": .int(version), "note": .optional(note),
            ])
            return (ReviewAdded(id: id, answerVersion: version), details)
        }
    }

    /// Current text answers with no review of their current version, by race position, candidate,
    /// questionnaire order. Withdrawn candidates are included (their score is still provisional).
    public func pendingReviews(cycle id: String) async throws -> [PendingReview] {
        try await read { conn in
            let cycle = try await self.cycle(id, on: conn)
            let textQuestions = cycle.questionnaire.compactMap { q -> String? in
                if case .text = q.kind { return q.id }
                return nil
            }
            var out: [PendingReview] = []
            for try await (candidate, race, question) in try await conn.query("""
                SELECT a.candidate, c.race, a.question
                FROM answers a
                JOIN candidates c ON c.cycle = a.cycle AND c.id = a.candidate
                JOIN races r ON r.cycle = c.cycle AND r.id = c.race
                JOIN questions q ON q.cycle = a.cycle AND q.id = a.question
                WHERE a.cycle = \(id) AND a.current AND a.value IS NOT NULL AND a.question = ANY(\(textQuestions))
                  AND NOT EXISTS (SELECT 1 FROM reviews v WHERE v.answer_id = a.id)
                ORDER BY r.position, a.candidate, q.position
                """, logger: logger).decode((String, String, String).self) {
                out.append(PendingReview(candidate: candidate, race: race, question: question))
            }
            return out
        }
    }
}
