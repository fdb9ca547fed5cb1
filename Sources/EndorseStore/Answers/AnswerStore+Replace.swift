import EndorseCore
import PostgresNIO

extension AnswerStore {
    /// The cycle, after checking that `candidate` is one of its candidates (`not_found` for an
    /// unknown cycle or candidate): the HTTP service checks resources before the body.
    public func cycle(_ cycleID: String, candidate: String) async throws -> Cycle {
        try await read { conn in
            let cycle = try await self.cycle(cycleID, on: conn)
            try await self.requireCandidate(cycle: cycleID, candidate: candidate, lock: false, on: conn)
            return cycle
        }
    }

    /// `PUT .../candidates/{id}/answers` (api.md): replaces all of the candidate's current answers,
    /// like one row of answers.csv — a question left out (or null) becomes unanswered, a value
    /// sent unchanged keeps its current version (and so a text answer keeps its reviews), a
    /// changed one gets version n+1 (source `api`). `answers` validates the body against the
    /// cycle, after the cycle and candidate were found, and returns every question's answer
    /// (nil: unanswered). One transaction, one audit event `answers.replace`.
    /// - Returns: the ids of the questions that got a new version, in questionnaire order.
    public func replaceAnswers(cycle cycleID: String, candidate: String,
                               answers: @escaping @Sendable (Cycle) throws -> [String: Answer?]) async throws -> [String] {
        let actor = self.actor
        return try await change(action: "answers.replace", cycle: cycleID, subject: candidate) { conn in
            let cycle = try await self.cycle(cycleID, on: conn)
            try await self.requireCandidate(cycle: cycleID, candidate: candidate, lock: true, on: conn)
            let wanted = try answers(cycle)
            var current: [String: (version: Int, value: String?)] = [:]
            for try await (question, version, value) in try await conn.query("""
                SELECT question, version, value FROM answers
                WHERE cycle = \(cycleID) AND candidate = \(candidate) AND current
                """, logger: logger).decode((String, Int, String?).self) {
                current[question] = (version, value)
            }
            var changed: [String] = []
            for question in cycle.questionnaire {
                let new = wanted[question.id].flatMap { $0 }?.storageText
                let old = current[question.id]
                guard new != (old?.value ?? nil) else { continue }
                try await conn.query("""
                    UPDATE answers SET current = false
                    WHERE cycle = \(cycleID) AND candidate = \(candidate) AND question = \(question.id) AND current
                    """, logger: logger)
                let version = (old?.version ?? 0) + 1
                try await conn.query("""
                    INSERT INTO answers (cycle, candidate, question, version, value, current, source, actor)
                    VALUES (\(cycleID), \(candidate), \(question.id), \(version), \(new), true, 'api', \(actor))
                    """, logger: logger)
                changed.append(question.id)
            }
            return (changed, .object(["changed": .strings(changed)]))
        }
    }

    /// Throws `not_found` unless the candidate exists; `lock` takes its row FOR UPDATE (two
    /// replacements of one candidate's answers take turns).
    func requireCandidate(cycle: String, candidate: String, lock: Bool, on conn: PostgresConnection) async throws {
        let sql = "SELECT 1 FROM candidates WHERE cycle = $1 AND id = $2" + (lock ? " FOR UPDATE" : "")
        var binds = PostgresBindings()
        binds.append(cycle)
        binds.append(candidate)
        let rows = try await conn.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
        guard !rows.isEmpty else {
            throw EndorseError(.notFound, "no candidate \(candidate) in cycle \(cycle)", at: candidate)
        }
    }
}
