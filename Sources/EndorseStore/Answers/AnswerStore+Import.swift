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
    /// every bad row listed), then, per (candidate in the file, question), writes a new version
    /// only when the value changed — so unchanged text answers keep their reviews. A question
    /// column left out of the file, or an empty cell, means unanswered: a previously answered
    /// question gets an unanswered version. Bulk rows go through COPY. One audit event.
    ///
    /// - Parameter progress: called with the number of rows checked so far (every 10,000 rows).
    public func importAnswers(cycle id: String, _ bytes: [UInt8], file: String,
                              progress: (@Sendable (Int) -> Void)? = nil) async throws -> AnswersImportResult {
        let digest = Hex.encode(Array(SHA256.hash(data: bytes)))
        let table = try CSVTable.read(bytes, file: file)
        let actor = self.actor
        return try await change(action: "answers.import", cycle: id, subject: nil) { conn in
            let cycle = try await self.cycle(id, on: conn)
            try await conn.query("SELECT 1 FROM cycles WHERE id = \(id) FOR UPDATE", logger: logger)
            var known: Set<String> = []
            for try await cid in try await conn.query(
                "SELECT id FROM candidates WHERE cycle = \(id)", logger: logger).decode(String.self) {
                known.insert(cid)
            }
            let parsed = try AnswerStore.parseAnswers(table, cycle: cycle, candidates: known, progress: progress)

            try await conn.query("""
                CREATE TEMP TABLE import_answers (candidate text, question text, value text) ON COMMIT DROP
                """, logger: logger)
            try await conn.copyFrom(table: "import_answers", columns: ["candidate", "question", "value"],
                                    logger: logger) { writer in
                for chunk in parsed.copyChunks { try await writer.write(chunk) }
            }
            try await conn.query("""
                CREATE TEMP TABLE import_changes ON COMMIT DROP AS
                SELECT coalesce(n.candidate, o.candidate) AS candidate, coalesce(n.question, o.question) AS question,
                       n.value, o.id AS old_id, coalesce(o.version, 0) AS old_version
                FROM import_answers n
                FULL JOIN (SELECT a.id, a.candidate, a.question, a.value, a.version FROM answers a
                           JOIN unnest(\(parsed.candidates)::text[]) AS f(candidate) ON f.candidate = a.candidate
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
                SELECT \(id), candidate, question, old_version + 1, value, true, 'import', \(actor)
                FROM import_changes
                """, logger: logger)
            var counts: (Int64, Int64) = (0, 0)
            if let row = try await conn.query(
                "SELECT count(*)::bigint, count(DISTINCT candidate)::bigint FROM import_changes", logger: logger)
                .collect().first {
                counts = try row.decode((Int64, Int64).self)
            }
            let result = AnswersImportResult(rows: parsed.candidates.count, written: Int(counts.0),
                                             candidatesChanged: Int(counts.1))
            let details: JSONValue = .object([
                "file": .string(file), "sha256": .string(digest), "rows": .int(result.rows),
                "written": .int(result.written), "candidates_changed": .int(result.candidatesChanged),
            ])
            return (result, details)
        }
    }

    /// The validated content of an answers.csv: candidate ids in file order and the non-empty
    /// answers as COPY text-format chunks (`candidate\tquestion\tvalue\n`).
    struct ParsedAnswers {
        var candidates: [String] = []
        var copyChunks: [ByteBuffer] = []
    }

    static func parseAnswers(_ table: CSVTable, cycle: Cycle, candidates known: Set<String>,
                             progress: (@Sendable (Int) -> Void)?) throws(EndorseError) -> ParsedAnswers {
        var problems = CSVProblems(file: table.file)
        guard let candidateColumn = table.column("candidate_id") else {
            problems.add(line: 1, column: "candidate_id", "missing column")
            try problems.check()
            return ParsedAnswers()
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

        var out = ParsedAnswers()
        out.candidates.reserveCapacity(table.rows.count)
        var seen: [String: Int] = [:]
        var chunk = ByteBuffer()
        chunk.reserveCapacity(1 << 20)
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
            out.candidates.append(cid)
            for (index, question) in columns {
                let answer: Answer?
                do {
                    answer = try question.parseAnswer(cell: row.fields[index])
                } catch {
                    problems.add(line: row.line, column: question.id, error.message)
                    continue
                }
                guard let answer, problems.isEmpty else { continue }
                appendCopyField(cid, to: &chunk)
                chunk.writeInteger(UInt8(ascii: "\t"))
                appendCopyField(question.id, to: &chunk)
                chunk.writeInteger(UInt8(ascii: "\t"))
                appendCopyField(answer.storageText, to: &chunk)
                chunk.writeInteger(UInt8(ascii: "\n"))
                if chunk.readableBytes >= 1 << 20 {
                    out.copyChunks.append(chunk)
                    chunk = ByteBuffer()
                    chunk.reserveCapacity(1 << 20)
                }
            }
        }
        try problems.check()
        if chunk.readableBytes > 0 { out.copyChunks.append(chunk) }
        return out
    }

    /// Writes `text` escaped for COPY's text format (backslash, tab, newline, carriage return).
    static func appendCopyField(_ text: String, to buffer: inout ByteBuffer) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\\"): buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: buffer.writeInteger(b)
            }
        }
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
