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
    /// like one row of answers.csv, through `AnswerWrite` (the one answers write path) — a
    /// question left out (or null) becomes unanswered, a value sent unchanged keeps its current
    /// version (and so a text answer keeps its reviews), a changed one gets version n+1 (source
    /// `api`). Checks, in api.md's order: cycle and candidate exist (404), the questionnaire is
    /// open (409), then `answers` validates the body against the cycle and returns every
    /// question's answer (nil: unanswered). One transaction, one audit event `answers.replace`.
    /// - Returns: the ids of the questions that got a new version, in questionnaire order.
    public func replaceAnswers(cycle cycleID: String, candidate: String,
                               answers: @escaping @Sendable (Cycle) throws -> [String: Answer?]) async throws -> [String] {
        let actor = self.actor
        return try await change(action: "answers.replace", cycle: cycleID, subject: candidate) { conn in
            let writer = AnswerWrite(store: base)
            let cycle = try await writer.openCycle(cycleID, on: conn)
            try await self.requireCandidate(cycle: cycleID, candidate: candidate, lock: false, on: conn)
            try AnswerWrite.checkOpen(cycle)
            let batch = AnswerBatch(candidate: candidate, answers: try answers(cycle))
            let result = try await writer.write(batch, cycle: cycleID, source: .api, actor: actor,
                                                listChanges: true, on: conn)
            let changed = Set(result.changed[candidate] ?? [])
            let ordered = cycle.questionnaire.map(\.id).filter(changed.contains)
            return (ordered, .object(["changed": .strings(ordered)]))
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
