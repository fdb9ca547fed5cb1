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

    /// `scores(cycle:)` on a given connection (e.g. inside `vote open`'s transaction).
    public func scores(cycle id: String, on conn: PostgresConnection) async throws -> ScoreReport {
        let cycle = try await self.cycle(id, on: conn)
        let engine = ScoringEngine(cycle: cycle)
        let questionIDs = engine.questionIDs
        var position: [String: Int] = [:]
        for (i, q) in questionIDs.enumerated() { position[q] = i }
        let questions = questionIDs.map { cycle.question($0) }

        // Candidates in id order; slots index the per-candidate arrays below.
        struct Slot { var id: String; var race: String; var withdrawn: Bool
                      var answers: [Answer?]; var reviews: [[Review]] }
        var slots: [Slot] = []
        var slotOf: [String: Int] = [:]
        let count = questionIDs.count
        let candidateRows = try await conn.query("""
            SELECT id, race, withdrawn_at IS NOT NULL FROM candidates WHERE cycle = \(id) ORDER BY id
            """, logger: logger)
        for try await (cid, race, withdrawn) in candidateRows.decode((String, String, Bool).self) {
            slotOf[cid] = slots.count
            slots.append(Slot(id: cid, race: race, withdrawn: withdrawn,
                              answers: Array(repeating: nil, count: count),
                              reviews: Array(repeating: [], count: count)))
        }

        // Current answers, in physical order (no ORDER BY: an ordered index scan costs the server
        // twice a sequential one at 4,000,000 rows). Rows are read as raw cells: no generic
        // tuple decode, no String for candidate/question ids in the usual case. Rows of one
        // candidate are usually adjacent (one import writes them together), so the candidate is
        // looked up only when it changes, and the question is first tried at the position after
        // the previous one (the order an import writes) before a dictionary lookup.
        let readers = questions.map { $0.map(StoredAnswerReader.init) }
        let questionBytes = questionIDs.map { Array($0.utf8) }
        let answerRows = try await conn.query("""
            SELECT candidate, question, value FROM answers
            WHERE cycle = \(id) AND current AND value IS NOT NULL
            """, logger: logger)
        var lastCandidate = ByteBuffer()
        var slot: Int? = nil
        var nextPosition = 0
        for try await row in answerRows {
            var cells = row.makeIterator()
            guard let cid = cells.next()?.bytes, let qid = cells.next()?.bytes,
                  let value = cells.next()?.bytes else { continue }
            if slot == nil || cid != lastCandidate {
                lastCandidate = cid
                slot = slotOf[String(buffer: cid)]
            }
            guard let s = slot else { continue }
            let p: Int
            if nextPosition < count,
               qid.readableBytesView.elementsEqual(questionBytes[nextPosition]) {
                p = nextPosition
            } else if let found = position[String(buffer: qid)] {
                p = found
            } else { continue }
            nextPosition = p + 1 == count ? 0 : p + 1
            guard let reader = readers[p] else { continue }
            slots[s].answers[p] = value.readableBytesView.withUnsafeBytes { reader.answer(storage: $0) }
        }

        // Reviews of current answer versions, oldest first: latestPerReviewer keeps the last.
        let reviewRows = try await conn.query("""
            SELECT r.candidate, r.question, r.reviewer, r.points
            FROM reviews r JOIN answers a ON a.id = r.answer_id
            WHERE r.cycle = \(id) AND a.current
            ORDER BY r.id
            """, logger: logger)
        for try await (cid, qid, reviewer, points) in reviewRows.decode((String, String, String, Int).self) {
            guard let s = slotOf[cid], let p = position[qid] else { continue }
            slots[s].reviews[p].append(Review(reviewer: reviewer, points: points))
        }

        var scored: [CandidateScore] = []
        scored.reserveCapacity(slots.count)
        for s in slots {
            let reviews = s.reviews.map { $0.count > 1 ? Review.latestPerReviewer($0) : $0 }
            scored.append(engine.score(id: s.id, race: s.race, withdrawn: s.withdrawn,
                                       answers: s.answers, reviews: reviews))
        }
        return ScoreReport(cycle: cycle.id, candidates: scored)
    }
}
