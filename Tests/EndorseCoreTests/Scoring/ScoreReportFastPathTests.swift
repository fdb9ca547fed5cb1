import Testing
@testable import EndorseCore

/// The fast sort and JSON writer of `ScoreReport` against their references: `precedes` (the
/// order of scoring.md) and `json.canonicalBytes`.
@Suite struct ScoreReportFastPathTests {
    typealias F = Fx

    /// A seeded xorshift generator: the same reports every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
    }

    /// Many candidates with few distinct values, so that every tie-break is exercised: ids that
    /// share 8-byte prefixes or extend one another, equal and nearly equal overalls, nulls, and
    /// rationals too large for 64 bits.
    static func candidates(_ count: Int, seed: UInt64) -> [CandidateScore] {
        var g = Seeded(state: seed)
        let races = ["district-2", "district-10", "r", "r-1", "board-at-large"]
        let ids = ["c-a", "c-b", "c-0", "candidate-1", "candidate-10", "candidate-2", "candidat", "candidate",
                   "candidate-1-x", "c"]
        // About 50, but with a numerator and denominator beyond 64 bits.
        let big = F.r(Int64.max, 2) * F.r(100, Int64.max - 1)
        let overalls: [Rational?] = [nil, F.r(50), F.r(100), F.r(0), F.r(500_001, 10_000), F.r(1, 3),
                                     F.r(2, 6), big, F.r(99_999, 1_000), F.r(200, 3)]
        var out: [CandidateScore] = []
        for i in 0..<count {
            let overall = overalls[Int(g.next() % UInt64(overalls.count))]
            let id = ids[Int(g.next() % UInt64(ids.count))] + (g.next() % 3 == 0 ? "" : "-\(i)")
            let planks = [PlankScore(plank: "p-2", score: overall), PlankScore(plank: "p-10", score: F.r(1, 8)),
                          PlankScore(plank: "p-1", score: g.next() % 2 == 0 ? nil : F.r(-1, 200))]
            out.append(CandidateScore(id: id, race: races[Int(g.next() % UInt64(races.count))], overall: overall,
                                      planks: planks, provisional: overall == nil, eligible: g.next() % 2 == 0,
                                      reasons: g.next() % 2 == 0 ? [] : ["incomplete", "dealbreaker:p-2"],
                                      missing: g.next() % 2 == 0 ? [] : ["q-1", "q-b"]))
        }
        return out
    }

    @Test func bigRationalIsBig() {
        let big = F.r(Int64.max, 2) * F.r(100, Int64.max - 1)
        if case .small = big.storage { Issue.record("expected a rational beyond 64 bits") }
    }

    @Test(arguments: [1 as UInt64, 2, 3, 42])
    func sortedLikePrecedes(seed: UInt64) {
        let cs = Self.candidates(500, seed: seed)
        #expect(ScoreReport.sorted(cs) == cs.sorted(by: ScoreReport.precedes))
    }

    @Test(arguments: [1 as UInt64, 7])
    func jsonBytesLikeCanonicalJSON(seed: UInt64) {
        let report = ScoreReport(cycle: "cycle-1", candidates: Self.candidates(300, seed: seed))
        #expect(report.canonicalJSONBytes == report.json.canonicalBytes)
    }

    /// Strings needing escapes, planks that differ between candidates, a repeated plank id, and
    /// an empty report.
    @Test func jsonBytesEscapesAndChangingPlanks() {
        let a = CandidateScore(id: "c-\"q\"", race: "r\\1\n\u{1}", overall: F.r(1, 200), planks: [
            PlankScore(plank: "b", score: F.r(1)), PlankScore(plank: "a", score: nil),
        ], provisional: false, eligible: true, reasons: ["tab\there"], missing: ["é"])
        let b = CandidateScore(id: "c-b", race: "r", overall: F.r(-1, 200), planks: [
            PlankScore(plank: "x", score: F.r(1)), PlankScore(plank: "x", score: F.r(2)), PlankScore(plank: "w", score: F.r(3)),
        ], provisional: true, eligible: false, reasons: [], missing: [])
        for report in [ScoreReport(cycle: "c/\"1\"", candidates: [a, b, a]), ScoreReport(cycle: "c", candidates: [])] {
            #expect(report.canonicalJSONBytes == report.json.canonicalBytes)
        }
    }

    @Test func hundredthsRoundLikeRounded() {
        for d: Int64 in [1, 3, 7, 8, 200, 400, 10_000] {
            for n: Int64 in -2_000...2_000 {
                let r = F.r(n, d)
                let text = r.hundredths.map { Fixed4.format(units: $0, fractionDigits: 2) }
                if text != r.rounded(fractionDigits: 2) {
                    Issue.record("\(n)/\(d): \(text ?? "nil") != \(r.rounded(fractionDigits: 2))")
                }
            }
        }
    }
}
