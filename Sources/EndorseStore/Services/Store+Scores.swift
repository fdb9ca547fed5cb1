import EndorseCore
import NIOCore
import PostgresNIO

extension Store {
    /// Scores every candidate of a cycle (scoring.md): current answers, the latest review of each
    /// reviewer of the current version of each text answer, and the withdrawn flag.
    ///
    /// Three set-based queries (candidates, current answers, reviews of current
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
    func scores(cycle: Cycle, race: String?, on conn: PostgresConnection) async throws -> ScoreReport {
        let id = cycle.id
        let engine = ScoringEngine(cycle: cycle)
        let questionIDs = engine.questionIDs
        var position: [String: Int] = [:]
        for (i, q) in questionIDs.enumerated() { position[q] = i }
        let questions = questionIDs.map { cycle.question($0) }

        // Candidates in id order; slots index the per-candidate arrays below.
        struct Slot { var id: String; var race: String; var withdrawn: Bool }
        var slots: [Slot] = []
        var slotOf: [String: Int] = [:]
        let count = questionIDs.count
        let candidateRows = try await conn.query("""
            SELECT id, race, withdrawn_at IS NOT NULL FROM candidates
            WHERE cycle = \(id) AND (\(race)::text IS NULL OR race = \(race)) ORDER BY id
            """, logger: logger)
        for try await (cid, race, withdrawn) in candidateRows.decode((String, String, Bool).self) {
            slotOf[cid] = slots.count
            slots.append(Slot(id: cid, race: race, withdrawn: withdrawn))
        }

        // Reviews of current answer versions, oldest first: latestPerReviewer keeps the last.
        // Read before the answers so that each candidate is scored as soon as its answers
        // arrive, while the server is still sending the next ones. Only candidates with reviews
        // get an entry.
        var reviewsOf: [Int: [[Review]]] = [:]
        let reviewRows = try await conn.query("""
            SELECT r.candidate, r.question, r.reviewer, r.points
            FROM reviews r JOIN answers a ON a.id = r.answer_id
            WHERE r.cycle = \(id) AND a.current
              AND (\(race)::text IS NULL OR r.candidate IN (
                   SELECT c.id FROM candidates c WHERE c.cycle = \(id) AND c.race = \(race)))
            ORDER BY r.id
            """, logger: logger)
        for try await (cid, qid, reviewer, points) in reviewRows.decode((String, String, String, Int).self) {
            guard let s = slotOf[cid], let p = position[qid] else { continue }
            reviewsOf[s, default: Array(repeating: [], count: count)][p].append(Review(reviewer: reviewer, points: points))
        }
        let noReviews: [[Review]] = Array(repeating: [], count: count)
        func reviews(_ s: Int) -> [[Review]] {
            guard let rs = reviewsOf[s] else { return noReviews }
            return rs.map { $0.count > 1 ? Review.latestPerReviewer($0) : $0 }
        }

        // Current answers, one row per candidate holding an {{question, value}, ...} array:
        // PostgresNIO's cost is per row (about a microsecond of client CPU, more than psql's),
        // so 100,000 rows instead of 4,000,000 is what keeps `endorse score` near the bare
        // SELECT of the answers. The array is read in binary as raw cells (no generic decode,
        // no String for question ids in the usual case); the question is first tried at the
        // position after the previous one (the order an import writes), then looked up by id.
        // Each row holds all of a candidate's answers, so it is scored right away.
        let readers = questions.map { $0.map(StoredAnswerReader.init) }
        let questionBytes = questionIDs.map { Array($0.utf8) }
        let answerRows = try await conn.query("""
            SELECT candidate, array_agg(ARRAY[question::text, value]) FROM answers
            WHERE cycle = \(id) AND current AND value IS NOT NULL
              AND (\(race)::text IS NULL OR candidate IN (
                   SELECT c.id FROM candidates c WHERE c.cycle = \(id) AND c.race = \(race)))
            GROUP BY candidate
            """, logger: logger)
        var scored: [CandidateScore] = []
        scored.reserveCapacity(slots.count)
        var isScored = [Bool](repeating: false, count: slots.count)
        var answers = [Answer?](repeating: nil, count: count)
        for try await row in answerRows {
            var cells = row.makeIterator()
            guard let cid = cells.next()?.bytes, let cell = cells.next(), var pairs = cell.bytes,
                  let s = slotOf[String(buffer: cid)], !isScored[s] else { continue }
            guard cell.format == .binary else { throw Store.unexpected("answers array not in binary format") }
            for p in answers.indices { answers[p] = nil }
            var nextPosition = 0
            try Store.forEachPair(in: &pairs) { qid, value in
                let p: Int
                if nextPosition < count, qid.readableBytesView.elementsEqual(questionBytes[nextPosition]) {
                    p = nextPosition
                } else if let found = position[String(buffer: qid)] {
                    p = found
                } else { return }
                nextPosition = p + 1
                guard let reader = readers[p] else { return }
                answers[p] = value.readableBytesView.withUnsafeBytes { reader.answer(storage: $0) }
            }
            let slot = slots[s]
            scored.append(engine.score(id: slot.id, race: slot.race, withdrawn: slot.withdrawn,
                                       answers: answers, reviews: reviews(s)))
            isScored[s] = true
        }
        // Candidates without any answer have no row.
        let none = [Answer?](repeating: nil, count: count)
        for (s, slot) in slots.enumerated() where !isScored[s] {
            scored.append(engine.score(id: slot.id, race: slot.race, withdrawn: slot.withdrawn,
                                       answers: none, reviews: reviews(s)))
        }
        return ScoreReport(cycle: cycle.id, candidates: scored)
    }
}

extension Store {
    /// Walks a binary-format two-dimensional `text[]` of `{{a, b}, ...}` (PostgreSQL's array
    /// send format: ndim, has-null flag, element type, (size, lower bound) per dimension, then
    /// each element as a length and its bytes, big-endian) calling `body(a, b)` for each pair.
    static func forEachPair(in buffer: inout ByteBuffer,
                            _ body: (ByteBuffer, ByteBuffer) throws -> Void) throws {
        guard let ndim = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
              buffer.readInteger(as: UInt32.self) != nil else { throw unexpected("short array header") }
        if ndim == 0 { return }
        guard ndim == 2, let pairs = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
              let width = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
              width == 2, pairs >= 0 else { throw unexpected("not an array of pairs") }
        for _ in 0..<pairs {
            guard let a = readElement(&buffer), let b = readElement(&buffer) else {
                throw unexpected("null or short array element")
            }
            try body(a, b)
        }
    }

    private static func readElement(_ buffer: inout ByteBuffer) -> ByteBuffer? {
        guard let length = buffer.readInteger(as: Int32.self), length >= 0 else { return nil }
        return buffer.readSlice(length: Int(length))
    }

    static func unexpected(_ what: String) -> EndorseError {
        EndorseError(.unsupported, "unexpected answer data from the database: \(what)")
    }
}

