import Testing
@testable import EndorseCore

@Suite struct ScoreReportTests {
    typealias F = Fx

    /// The example of scoring.md, byte for byte (canonical JSON).
    @Test func jsonLikeTheSpecExample() {
        let cycle = F.cycle(minOverall: "60", platform: [F.plank("full-funding", weight: "1", min: "50"), F.plank("special-ed")],
                            questionnaire: [
                                F.yesNo("q-revenue", F.map("full-funding", "2", .yes)),
                                F.scale("q-class-size", 1, 5, F.map("special-ed", "1", .high)),
                            ])
        let report = ScoringEngine(cycle: cycle).report([
            F.candidate("c-ana-ruiz", ["q-revenue": .yesNo(true), "q-class-size": .scale(4)]),
        ])
        #expect(report.json.canonicalString == """
            {"candidates":[{"eligible":true,"id":"c-ana-ruiz","missing":[],"overall":87.5,\
            "planks":{"full-funding":100,"special-ed":75},"provisional":false,"race":"district-1","reasons":[]}],\
            "cycle":"sample-2026"}
            """)
    }

    static func score(_ id: String, _ race: String, _ overall: Rational?) -> CandidateScore {
        CandidateScore(id: id, race: race, overall: overall, planks: [], provisional: overall == nil,
                       eligible: false, reasons: [], missing: [])
    }

    @Test func sortedByRaceBytesThenOverallDescendingNullLastThenID() {
        let report = ScoreReport(cycle: "c", candidates: [
            Self.score("c-b", "district-2", F.r(50)),
            Self.score("c-z", "district-10", F.r(10)),
            Self.score("c-a", "district-2", F.r(50)),
            Self.score("c-c", "district-2", nil),
            Self.score("c-d", "district-2", F.r(90)),
            Self.score("c-y", "district-10", nil),
            Self.score("c-0", "district-2", nil),
            // Rounds to 50 too, but is higher unrounded.
            Self.score("c-e", "district-2", F.r(500_001, 10_000)),
        ])
        #expect(report.candidates.map(\.id) == ["c-z", "c-y", "c-d", "c-e", "c-a", "c-b", "c-0", "c-c"])
    }

    @Test func humanTable() {
        let cycle = F.cycle(minOverall: "60", platform: [F.plank("p"), F.plank("t")], questionnaire: [
            F.yesNo("q", F.map("p", "1", .yes)), F.text("q-t", max: 4, F.map("t")),
        ])
        let report = ScoringEngine(cycle: cycle).report([
            F.candidate("c-low", ["q": .yesNo(false), "q-t": .text("x")], reviews: ["q-t": F.reviews(1)]),
            F.candidate("c-high", ["q": .yesNo(true), "q-t": .text("x")]),
        ])
        let expected = [
            "race        candidate  overall  eligible  reasons",
            "----------  ---------  -------  --------  -----------------",
            "district-1  c-high        100*  no        pending_review",
            "district-1  c-low         12.5  no        below_min_overall",
            "* provisional: a text answer awaits review",
        ]
        #expect(report.table == expected.joined(separator: "\n") + "\n")
    }
}
