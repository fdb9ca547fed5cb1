import EndorseCore
import NIOCore
import PostgresNIO

extension AnswerStore {
    /// Scores every candidate of a cycle (scoring.md): current answers, the latest review of each
    /// reviewer of the current version of each text answer, and the withdrawn flag.
    ///
    /// Set-based queries (reviews of current answers, then candidates with their current
    /// answers), then the positional `ScoringEngine` API. `vote open` uses it for eligibility.
    public func scores(cycle id: String) async throws -> ScoreReport {
        try await read { conn in try await scores(cycle: id, on: conn) }
    }

    /// `scores(cycle:)` on a given connection (e.g. inside `vote open`'s transaction); with `race`,
    /// only that race's candidates (opening or deciding one race of many must not score them all).
    public func scores(cycle id: String, race: String? = nil, on conn: PostgresConnection) async throws -> ScoreReport {
        try await scores(cycle: try await self.cycle(id, on: conn), race: race, on: conn)
    }

    /// `scores` for a cycle already read (callers that hold it need not parse it again).
    ///
    /// Two queries: the reviews of current answers (few), then one row per candidate with all of
    /// its current answers in one text, `question SP length SP value` repeated. PostgresNIO's
    /// cost is per row (about a microsecond of client CPU, more than psql's), so 100,000 rows
    /// instead of 4,000,000 is what keeps `endorse score` near the bare SELECT of the answers;
    /// `string_agg` of that text is the cheapest aggregation for the server (cheaper than
    /// `array_agg` of pairs, which builds and sends an array per answer). Each row is scored as
    /// it arrives, while the server is still aggregating the next ones.
    func scores(cycle: Cycle, race: String?, on conn: PostgresConnection) async throws -> ScoreReport {
        let id = cycle.id
        let engine = ScoringEngine(cycle: cycle)
        let questionIDs = engine.questionIDs
        let count = questionIDs.count
        var position: [String: Int] = [:]
        for (i, q) in questionIDs.enumerated() { position[q] = i }

        // Reviews of current answer versions, oldest first: latestPerReviewer keeps the last.
        // Only candidates with reviews get an entry.
        var reviewsOf: [String: [[Review]]] = [:]
        let reviewRows = try await conn.query("""
            SELECT r.candidate, r.question, r.reviewer, r.points
            FROM reviews r JOIN answers a ON a.id = r.answer_id
            WHERE r.cycle = \(id) AND a.current
              AND (\(race)::text IS NULL OR r.candidate IN (
                   SELECT c.id FROM candidates c WHERE c.cycle = \(id) AND c.race = \(race)))
            ORDER BY r.id
            """, logger: logger)
        for try await (cid, qid, reviewer, points) in reviewRows.decode((String, String, String, Int).self) {
            guard let p = position[qid] else { continue }
            reviewsOf[cid, default: Array(repeating: [], count: count)][p]
                .append(Review(reviewer: reviewer, points: points))
        }
        let noReviews: [[Review]] = Array(repeating: [], count: count)

        // The answers text is read as raw bytes (no generic decode, no String for question ids
        // in the usual case); the question is first tried at the position after the previous
        // one (the order an import writes), then looked up by id. Question ids are `ident`s
        // (no space), so the text parses unambiguously.
        let readers = engine.questionIDs.map { cycle.question($0).map(StoredAnswerReader.init) }
        let questionBytes = questionIDs.map { Array($0.utf8) }
        let lengthInBytes = try await conn.query("SELECT current_setting('server_encoding') = 'SQL_ASCII'",
                                                 logger: logger).collect().first?.decode(Bool.self) ?? false
        let rows = try await conn.query("""
            SELECT c.id, c.race, c.withdrawn_at IS NOT NULL, a.answers
            FROM candidates c LEFT JOIN (
                SELECT candidate, string_agg(question || ' ' || length(value) || ' ' || value, '') AS answers FROM answers
                WHERE cycle = \(id) AND current AND value IS NOT NULL
                  AND (\(race)::text IS NULL OR candidate IN (
                       SELECT c.id FROM candidates c WHERE c.cycle = \(id) AND c.race = \(race)))
                GROUP BY candidate) a ON a.candidate = c.id
            WHERE c.cycle = \(id) AND (\(race)::text IS NULL OR c.race = \(race))
            """, logger: logger)
        var scored: [CandidateScore] = []
        var answers = [Answer?](repeating: nil, count: count)
        for try await row in rows {
            var cells = row.makeIterator()
            guard let idCell = cells.next(), let raceCell = cells.next(), let withdrawnCell = cells.next(),
                  let answersCell = cells.next(), let cid = idCell.bytes, let race = raceCell.bytes
            else { throw AnswerStore.unexpected("candidate without id or race") }
            let candidate = String(buffer: cid)
            let withdrawn = try withdrawnCell.decode(Bool.self)
            for p in answers.indices { answers[p] = nil }
            if let text = answersCell.bytes {
                try text.withUnsafeReadableBytes { bytes in
                    var nextPosition = 0
                    try AnswerStore.forEachAnswer(in: bytes, lengthInBytes: lengthInBytes) { qid, value in
                        let p: Int
                        if nextPosition < count, questionBytes[nextPosition].withUnsafeBytes({ $0.elementsEqual(qid) }) {
                            p = nextPosition
                        } else if let found = position[String(decoding: qid, as: UTF8.self)] {
                            p = found
                        } else { return }
                        nextPosition = p + 1
                        guard let reader = readers[p] else { return }
                        answers[p] = reader.answer(storage: value)
                    }
                }
            }
            let reviews = reviewsOf[candidate].map { $0.map { $0.count > 1 ? Review.latestPerReviewer($0) : $0 } }
            scored.append(engine.score(id: candidate, race: String(buffer: race), withdrawn: withdrawn,
                                       answers: answers, reviews: reviews ?? noReviews))
        }
        return ScoreReport(cycle: cycle.id, candidates: scored)
    }
}

extension AnswerStore {
    /// Walks answers concatenated as `question SP length SP value`, calling `body(question,
    /// value)`. The length is PostgreSQL's `length(value)`: characters, i.e. UTF-8 lead bytes
    /// of the text as received, except on a `SQL_ASCII` server, which counts (and sends) bytes
    /// as they are (`lengthInBytes`).
    static func forEachAnswer(in bytes: UnsafeRawBufferPointer, lengthInBytes: Bool = false,
                              _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        let space = UInt8(ascii: " ")
        var i = 0
        let n = bytes.count
        while i < n {
            let qStart = i
            while i < n && bytes[i] != space { i += 1 }
            guard i < n, i > qStart else { throw unexpected("answer without question") }
            let question = UnsafeRawBufferPointer(rebasing: bytes[qStart..<i])
            i += 1
            var characters = 0
            let digitsStart = i
            while i < n, bytes[i] != space {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d <= 9, i - digitsStart < 12 else { throw unexpected("bad answer length") }
                characters = characters * 10 + Int(d)
                i += 1
            }
            guard i < n, i > digitsStart else { throw unexpected("bad answer length") }
            i += 1
            let vStart = i
            if lengthInBytes {
                let take = min(characters, n - i)
                i += take
                characters -= take
            }
            // One character per UTF-8 lead byte: skip the continuation bytes (10xxxxxx) after it.
            while characters > 0 && i < n {
                i += 1
                while i < n && bytes[i] & 0xC0 == 0x80 { i += 1 }
                characters -= 1
            }
            guard characters == 0 else { throw unexpected("short answer value") }
            try body(question, UnsafeRawBufferPointer(rebasing: bytes[vStart..<i]))
        }
    }

    static func unexpected(_ what: String) -> EndorseError {
        EndorseError(.unsupported, "unexpected answer data from the database: \(what)")
    }
}

