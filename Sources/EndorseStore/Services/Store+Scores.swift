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
    ///
    /// Two queries: the reviews of current answers (few), then one row per candidate with all of
    /// its current answers as a `{{question, value}, ...}` array. PostgresNIO's cost is per row
    /// (about a microsecond of client CPU, more than psql's), so 100,000 rows instead of
    /// 4,000,000 is what keeps `endorse score` near the bare SELECT of the answers. Each row is
    /// scored as it arrives, while the server is still aggregating the next ones.
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

        // The answers array is read in binary as raw bytes (no generic decode, no String for
        // question ids in the usual case); the question is first tried at the position after
        // the previous one (the order an import writes), then looked up by id.
        let readers = engine.questionIDs.map { cycle.question($0).map(StoredAnswerReader.init) }
        let questionBytes = questionIDs.map { Array($0.utf8) }
        let rows = try await conn.query("""
            SELECT c.id, c.race, c.withdrawn_at IS NOT NULL, a.pairs
            FROM candidates c LEFT JOIN (
                SELECT candidate, array_agg(ARRAY[question::text, value]) AS pairs FROM answers
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
                  let pairsCell = cells.next(), let cid = idCell.bytes, let race = raceCell.bytes
            else { throw Store.unexpected("candidate without id or race") }
            let candidate = String(buffer: cid)
            let withdrawn = try withdrawnCell.decode(Bool.self)
            for p in answers.indices { answers[p] = nil }
            if let pairs = pairsCell.bytes {
                guard pairsCell.format == .binary else { throw Store.unexpected("answers array not in binary format") }
                try pairs.withUnsafeReadableBytes { bytes in
                    var nextPosition = 0
                    try Store.forEachPair(in: bytes) { qid, value in
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

extension Store {
    /// Walks a binary-format two-dimensional `text[]` of `{{a, b}, ...}` (PostgreSQL's array
    /// send format: ndim, has-null flag, element type, (size, lower bound) per dimension, then
    /// each element as a length and its bytes, big-endian) calling `body(a, b)` for each pair.
    static func forEachPair(in bytes: UnsafeRawBufferPointer,
                            _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        var offset = 0
        func int32() -> Int32? {
            guard bytes.count - offset >= 4 else { return nil }
            defer { offset += 4 }
            return Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self))
        }
        func element() -> UnsafeRawBufferPointer? {
            guard let length = int32(), length >= 0, bytes.count - offset >= Int(length) else { return nil }
            defer { offset += Int(length) }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)])
        }
        guard let ndim = int32(), int32() != nil, int32() != nil else { throw unexpected("short array header") }
        if ndim == 0 { return }
        guard ndim == 2, let pairs = int32(), int32() != nil, let width = int32(), int32() != nil,
              width == 2, pairs >= 0 else { throw unexpected("not an array of pairs") }
        for _ in 0..<pairs {
            guard let a = element(), let b = element() else { throw unexpected("null or short array element") }
            try body(a, b)
        }
    }

    static func unexpected(_ what: String) -> EndorseError {
        EndorseError(.unsupported, "unexpected answer data from the database: \(what)")
    }
}

