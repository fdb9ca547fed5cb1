import Crypto
import EndorseCore
import NIOCore
import PostgresNIO

/// What `answers import` did.
public struct AnswersImportResult: Hashable, Sendable {
    /// Candidate rows in the file.
    public var rows: Int
    /// New answer versions written (changed, newly answered, or newly unanswered cells).
    public var written: Int
    /// Candidates with at least one new version.
    public var candidatesChanged: Int
}

/// One version of one answer (`answers history`).
public struct AnswerVersion: Hashable, Sendable {
    public var question: String
    public var version: Int
    /// nil: unanswered in that version.
    public var value: String?
    public var current: Bool
    /// ISO-8601 UTC, seconds.
    public var at: String
    public var actor: String
    public var source: String
}

extension AnswerStore {
    /// Imports answers.csv into a cycle (formats.md): validates every cell first (all-or-nothing,
    /// every bad row listed), then writes through `AnswerWrite`, the one answers write path:
    /// per (candidate in the file, question) a new version only when the value changed — so
    /// unchanged text answers keep their reviews. A question column left out of the file, or an
    /// empty cell, means unanswered. Refused once `questionnaire_closes` has passed. One audit
    /// event.
    ///
    /// - Parameter progress: called with the number of rows checked so far (every 10,000 rows).
    public func importAnswers(cycle id: String, _ bytes: [UInt8], file: String,
                              progress: (@Sendable (Int) -> Void)? = nil) async throws -> AnswersImportResult {
        let digest = Hex.encode(Array(SHA256.hash(data: bytes)))
        let table = try CSVTable.read(bytes, file: file)
        let actor = self.actor
        return try await change(action: "answers.import", cycle: id, subject: nil) { conn in
            let writer = AnswerWrite(store: base)
            let cycle = try await writer.openCycle(id, on: conn)
            try AnswerWrite.checkOpen(cycle)
            var known: Set<String> = []
            for try await cid in try await conn.query(
                "SELECT id FROM candidates WHERE cycle = \(id)", logger: logger).decode(String.self) {
                known.insert(cid)
            }
            let batch = try AnswerStore.parseAnswers(table, cycle: cycle, candidates: known, progress: progress)
            let written = try await writer.write(batch, cycle: id, source: .import, actor: actor, on: conn)
            let result = AnswersImportResult(rows: batch.candidates.count, written: written.written,
                                             candidatesChanged: written.candidatesChanged)
            let details: JSONValue = .object([
                "file": .string(file), "sha256": .string(digest), "rows": .int(result.rows),
                "written": .int(result.written), "candidates_changed": .int(result.candidatesChanged),
            ])
            return (result, details)
        }
    }

    /// The validated content of an answers.csv as one batch of complete candidate rows.
    static func parseAnswers(_ table: CSVTable, cycle: Cycle, candidates known: Set<String>,
                             progress: (@Sendable (Int) -> Void)?) throws(EndorseError) -> AnswerBatch {
        var problems = CSVProblems(file: table.file)
        guard let candidateColumn = table.column("candidate_id") else {
            problems.add(line: 1, column: "candidate_id", "missing column")
            try problems.check()
            return AnswerBatch()
        }
        // Column index -> question.
        var columns: [(index: Int, question: Question)] = []
        for (i, name) in table.header.enumerated() where i != candidateColumn {
            if let q = cycle.question(name) { columns.append((i, q)) } else {
                problems.add(line: 1, column: name, "no question \(name) in cycle \(cycle.id)")
            }
        }
        try problems.check()
        problems = table.problems   // the file's bad cells, reported with the rows'
        var out = AnswerBatch()
        var seen: [String: Int] = [:]
        for (n, row) in table.rows.enumerated() {
            if n % 10_000 == 0, n > 0 { progress?(n) }
            guard problems.checkWidth(row, of: table) else { continue }
            let cid = row.fields[candidateColumn]
            if let message = Identifier.problem(cid) {
                problems.add(line: row.line, column: "candidate_id", message); continue
            }
            if !known.contains(cid) {
                problems.add(line: row.line, column: "candidate_id", "no candidate \(cid) in cycle \(cycle.id)"); continue
            }
            if let first = seen[cid] {
                problems.add(line: row.line, column: "candidate_id", "\(cid) repeats line \(first)"); continue
            }
            seen[cid] = row.line
            out.addCandidate(cid)
            for (index, question) in columns {
                let answer: Answer?
                do {
                    answer = try question.parseAnswer(cell: row.fields[index])
                } catch {
                    problems.add(line: row.line, column: question.id, error.message)
                    continue
                }
                guard let answer, problems.isEmpty else { continue }
                out.add(candidate: cid, question: question.id, answer)
            }
        }
        try problems.check()
        return out
    }

    /// Every version of every answer of a candidate, by question (questionnaire order) then version.
    public func answerHistory(cycle id: String, candidate: String) async throws -> [AnswerVersion] {
        try await read { conn in
            let cycle = try await self.cycle(id, on: conn)
            let exists = try await conn.query(
                "SELECT 1 FROM candidates WHERE cycle = \(id) AND id = \(candidate)", logger: logger).collect()
            guard !exists.isEmpty else { throw EndorseError(.notFound, "no such candidate in cycle \(id)", at: candidate) }
            var out: [AnswerVersion] = []
            for try await (q, version, value, current, at, actor, source) in try await conn.query("""
                SELECT question, version, value, current,
                       to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), actor, source
                FROM answers WHERE cycle = \(id) AND candidate = \(candidate)
                """, logger: logger).decode((String, Int, String?, Bool, String, String, String).self) {
                out.append(AnswerVersion(question: q, version: version, value: value, current: current,
                                         at: at, actor: actor, source: source))
            }
            let order = Dictionary(uniqueKeysWithValues: cycle.questionnaire.enumerated().map { ($1.id, $0) })
            return out.sorted {
                let a = order[$0.question] ?? Int.max, b = order[$1.question] ?? Int.max
                return a != b ? a < b : $0.version < $1.version
            }
        }
    }
}
