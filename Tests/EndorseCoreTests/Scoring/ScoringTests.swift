import Testing
@testable import EndorseCore

/// Hand-computed scores for each kind and each rule of scoring.md.
@Suite struct ScoringTests {
    typealias F = Fx

    @Test(arguments: [(true, Fx.r(100), Fx.r(0)), (false, Fx.r(0), Fx.r(100))])
    func yesNoFavorsYesAndNo(answer: Bool, a: Rational, b: Rational) {
        let cycle = F.cycle(platform: [F.plank("a"), F.plank("b")],
                            questionnaire: [F.yesNo("q", F.map("a", "1", .yes), F.map("b", "1", .no))])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q": .yesNo(answer)]))
        #expect(s.plank("a") == a)
        #expect(s.plank("b") == b)
        #expect(s.overall == F.r(50))
    }

    @Test(arguments: [(1, Fx.r(0), Fx.r(100)), (5, Fx.r(100), Fx.r(0)), (4, Fx.r(75), Fx.r(25)),
                      (2, Fx.r(25), Fx.r(75))])
    func scaleHighAndLow(value: Int, high: Rational, low: Rational) {
        let cycle = F.cycle(platform: [F.plank("hi"), F.plank("lo")],
                            questionnaire: [F.scale("q", 1, 5, F.map("hi", "1", .high), F.map("lo", "1", .low))])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q": .scale(value)]))
        #expect(s.plank("hi") == high)
        #expect(s.plank("lo") == low)
    }

    @Test(arguments: [("moratorium", Fx.r(100)), ("case-by-case", Fx.r(50)), ("expand", Fx.r(0)),
                      ("partial", Fx.r(3333, 100))])
    func choiceUsesTheOptionScore(option: String, expected: Rational) {
        let cycle = F.cycle(platform: [F.plank("p")], questionnaire: [
            F.choice("q", [("moratorium", "1"), ("case-by-case", "0.5"), ("expand", "0"), ("partial", "0.3333")],
                     F.map("p")),
        ])
        #expect(ScoringEngine(cycle: cycle).score(F.candidate(["q": .choice(option)])).plank("p") == expected)
    }

    @Test(arguments: [([3, 2], Fx.r(125, 2)), ([4], Fx.r(100)), ([0], Fx.r(0)), ([1, 2, 2], Fx.r(125, 3))])
    func textIsTheMeanOfReviewsOverMaxPoints(points: [Int], expected: Rational) {
        let cycle = F.cycle(platform: [F.plank("p")], questionnaire: [F.text("q", max: 4, F.map("p"))])
        let reviews = points.enumerated().map { Review(reviewer: "r\($0.offset)", points: $0.element) }
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q": .text("Circles")], reviews: ["q": reviews]))
        #expect(s.plank("p") == expected)
        #expect(!s.provisional)
        #expect(s.reasons.isEmpty)
    }

    /// 100 × (0.3333×1 + 1×0 + 2×0.75) / 3.3333 = 611100/11111 = 54.9995… -> "55".
    @Test func decimalMappingWeightsAndSeveralQuestionsPerPlank() {
        let cycle = F.cycle(platform: [F.plank("p")], questionnaire: [
            F.yesNo("q1", F.map("p", "0.3333", .yes)),
            F.yesNo("q2", F.map("p", "1", .yes)),
            F.scale("q3", 1, 5, F.map("p", "2", .high)),
        ])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q1": .yesNo(true), "q2": .yesNo(false), "q3": .scale(4)]))
        #expect(s.plank("p") == F.r(611_100, 11_111))
        #expect(s.overall == F.r(611_100, 11_111))
        #expect(s.json["planks"]?["p"] == .number("55"))
    }

    /// q-x feeds a (w 2, favors yes) and b (w 0.5, favors no); q-y feeds both with weight 1.
    @Test func oneQuestionFeedsSeveralPlanks() {
        let cycle = F.cycle(platform: [F.plank("a", weight: "3"), F.plank("b", weight: "1")], questionnaire: [
            F.yesNo("q-x", F.map("a", "2", .yes), F.map("b", "0.5", .no)),
            F.yesNo("q-y", F.map("a", "1", .yes), F.map("b", "1", .yes)),
        ])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q-x": .yesNo(true), "q-y": .yesNo(true)]))
        // a = 100 × 3/3 = 100; b = 100 × (0.5×0 + 1×1)/1.5 = 200/3; overall = (300 + 200/3)/4 = 275/3.
        #expect(s.plank("a") == F.r(100))
        #expect(s.plank("b") == F.r(200, 3))
        #expect(s.overall == F.r(275, 3))
        #expect(s.json["overall"] == .number("91.67"))
    }

    @Test func overallWeighsPlanks() {
        let cycle = F.cycle(platform: [F.plank("a", weight: "3"), F.plank("b", weight: "1")], questionnaire: [
            F.yesNo("q-a", F.map("a", "1", .yes)),
            F.choice("q-b", [("half", "0.5")], F.map("b")),
        ])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q-a": .yesNo(true), "q-b": .choice("half")]))
        #expect(s.overall == F.r(175, 2))
        #expect(s.json["overall"] == .number("87.5"))
    }

    /// Questionnaire order q-c, q-a, q-b; only q-a answered. An unanswered question favoring
    /// "no" still scores 0: silence never helps.
    @Test(arguments: [true, false])
    func unansweredCountsAgainstAndIsListedInQuestionnaireOrder(requireComplete: Bool) {
        let cycle = F.cycle(requireComplete: requireComplete, platform: [F.plank("p")], questionnaire: [
            F.yesNo("q-c", F.map("p", "1", .yes)),
            F.yesNo("q-a", F.map("p", "1", .yes)),
            F.yesNo("q-b", F.map("p", "1", .no)),
        ])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q-a": .yesNo(true)]))
        #expect(s.plank("p") == F.r(100, 3))
        #expect(s.missing == ["q-c", "q-b"])
        #expect(s.reasons == (requireComplete ? ["incomplete"] : []))
        #expect(s.eligible == !requireComplete)
        #expect(!s.provisional)
    }

    @Test func unansweredTextIsMissingNotPending() {
        let cycle = F.cycle(platform: [F.plank("p")], questionnaire: [
            F.yesNo("q-y", F.map("p", "1", .yes)), F.text("q-t", max: 4, F.map("p")),
        ])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q-y": .yesNo(true)], reviews: ["q-t": F.reviews(4)]))
        #expect(s.plank("p") == F.r(50))
        #expect(s.missing == ["q-t"])
        #expect(s.reasons == ["incomplete"])
        #expect(!s.provisional)
    }

    /// q-t is pending: out of p's numerator and denominator; t-only has nothing else, so it is
    /// null and its dealbreaker is skipped.
    @Test func pendingTextIsLeftOut() {
        let cycle = F.cycle(minOverall: "60", platform: [F.plank("p"), F.plank("t-only", weight: "5", min: "50")],
                            questionnaire: [
                                F.text("q-t", max: 4, F.map("p", "3")),
                                F.yesNo("q-y", F.map("p", "1", .yes)),
                                F.text("q-t2", max: 4, F.map("t-only")),
                            ])
        let engine = ScoringEngine(cycle: cycle)
        let s = engine.score(F.candidate(["q-t": .text("a"), "q-y": .yesNo(true), "q-t2": .text("b")]))
        #expect(s.plank("p") == F.r(100))
        #expect(s.planks == [PlankScore(plank: "p", score: F.r(100)), PlankScore(plank: "t-only", score: nil)])
        #expect(s.overall == F.r(100))
        #expect(s.provisional)
        #expect(s.reasons == ["pending_review"])
        #expect(s.missing == [])
        #expect(s.json["planks"]?["t-only"] == .null)

        // Reviewed: q-t 1/4 with weight 3 -> p = 100 × (0.75 + 1)/4 = 43.75; t-only = 0 -> dealbreaker.
        let r = engine.score(F.candidate(["q-t": .text("a"), "q-y": .yesNo(true), "q-t2": .text("b")],
                                         reviews: ["q-t": F.reviews(1), "q-t2": F.reviews(0)]))
        #expect(r.plank("p") == F.r(175, 4))
        #expect(r.plank("t-only") == F.r(0))
        #expect(r.reasons == ["below_min_overall", "dealbreaker:t-only"])
        #expect(!r.provisional)
    }

    @Test func nullOverallSkipsBelowMinOverall() {
        let cycle = F.cycle(minOverall: "60", platform: [F.plank("p", min: "50")],
                            questionnaire: [F.text("q-t", max: 4, F.map("p"))])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q-t": .text("a")]))
        #expect(s.overall == nil)
        #expect(s.plank("p") == nil)
        #expect(s.reasons == ["pending_review"])
        #expect(s.json["overall"] == .null)
    }

    /// 100 × (0.2 + 0.7) / 1.5 = 60 exactly, which binary floating point computes as 59.99999999999999.
    @Test func exactlyAtTheMinimumPasses() {
        let (w1, w2, w3): (Double, Double, Double) = (0.2, 0.7, 0.6)
        let floating: Double = 100 * (w1 + w2) / (w1 + w2 + w3)
        #expect(floating < 60.0)   // why exact arithmetic matters here
        let questionnaire = [
            F.yesNo("q1", F.map("p", "0.2", .yes)), F.yesNo("q2", F.map("p", "0.7", .yes)),
            F.yesNo("q3", F.map("p", "0.6", .yes)),
        ]
        let answers: [String: Answer] = ["q1": .yesNo(true), "q2": .yesNo(true), "q3": .yesNo(false)]
        let at = F.cycle(minOverall: "60", platform: [F.plank("p", min: "60")], questionnaire: questionnaire)
        let s = ScoringEngine(cycle: at).score(F.candidate(answers))
        #expect(s.plank("p") == F.r(60))
        #expect(s.eligible)
        #expect(s.reasons == [])

        let above = F.cycle(minOverall: "60.0001", platform: [F.plank("p", min: "60.0001")], questionnaire: questionnaire)
        #expect(ScoringEngine(cycle: above).score(F.candidate(answers)).reasons == ["below_min_overall", "dealbreaker:p"])
    }

    /// Plank weights 0.1 and 0.2, plank scores 100 and 70: overall = 24/0.3 = 80 exactly
    /// (floating point: 79.99999999999999).
    @Test func overallExactlyAtTheMinimumPasses() {
        let (wa, wb): (Double, Double) = (0.1, 0.2)
        let floating: Double = (wa * 100 + wb * 70) / (wa + wb)
        #expect(floating < 80.0)   // why exact arithmetic matters here
        let cycle = F.cycle(minOverall: "80", platform: [F.plank("a", weight: "0.1"), F.plank("b", weight: "0.2")],
                            questionnaire: [
                                F.yesNo("q-a", F.map("a", "1", .yes)),
                                F.choice("q-b", [("most", "0.7")], F.map("b")),
                            ])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q-a": .yesNo(true), "q-b": .choice("most")]))
        #expect(s.overall == F.r(80))
        #expect(s.eligible)
    }

    @Test func severalDealbreakersInPlatformOrder() {
        let cycle = F.cycle(platform: [F.plank("z-plank", min: "50"), F.plank("a-plank", min: "50"),
                                       F.plank("ok", min: "50"), F.plank("m-plank", min: "50")],
                            questionnaire: [
                                F.yesNo("q-m", F.map("m-plank", "1", .yes)), F.yesNo("q-a", F.map("a-plank", "1", .yes)),
                                F.yesNo("q-z", F.map("z-plank", "1", .yes)), F.yesNo("q-ok", F.map("ok", "1", .yes)),
                            ])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q-m": .yesNo(false), "q-a": .yesNo(false),
                                                               "q-z": .yesNo(false), "q-ok": .yesNo(true)]))
        #expect(s.reasons == ["dealbreaker:z-plank", "dealbreaker:a-plank", "dealbreaker:m-plank"])
        #expect(!s.eligible)
    }

    @Test func allReasonsInOrder() {
        let cycle = F.cycle(minOverall: "60", platform: [F.plank("a", min: "50"), F.plank("t")], questionnaire: [
            F.yesNo("q-yes", F.map("a", "1", .yes)), F.yesNo("q-miss", F.map("a", "1", .yes)),
            F.text("q-text", max: 4, F.map("t")),
        ])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(withdrawn: true, ["q-yes": .yesNo(false), "q-text": .text("x")]))
        #expect(s.reasons == ["withdrawn", "incomplete", "pending_review", "below_min_overall", "dealbreaker:a"])
        #expect(s.missing == ["q-miss"])
        #expect(s.provisional)
        #expect(!s.eligible)
        #expect(s.overall == F.r(0))
        #expect(s.plank("t") == nil)
    }

    /// 100 × 1.3333 / 2 = 66.665 exactly -> "66.67" (half away from zero).
    @Test func roundingHalfAwayFromZeroInJSON() {
        let cycle = F.cycle(platform: [F.plank("p")], questionnaire: [
            F.yesNo("q1", F.map("p", "1.3333", .yes)), F.yesNo("q2", F.map("p", "0.6667", .yes)),
        ])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q1": .yesNo(true), "q2": .yesNo(false)]))
        #expect(s.plank("p") == F.r(13_333, 200))
        #expect(s.json["planks"]?["p"] == .number("66.67"))
        #expect(s.json["overall"] == .number("66.67"))
    }

    @Test func answerOfTheWrongKindCountsAsUnanswered() {
        let cycle = F.cycle(requireComplete: false, platform: [F.plank("p")], questionnaire: [
            F.yesNo("q1", F.map("p", "1", .no)), F.scale("q2", 1, 5, F.map("p", "1", .low)),
            F.choice("q3", [("x", "1")], F.map("p")),
        ])
        let s = ScoringEngine(cycle: cycle).score(F.candidate(["q1": .scale(3), "q2": .scale(9), "q3": .choice("gone")]))
        #expect(s.plank("p") == F.r(0))
        #expect(s.missing == ["q1", "q2", "q3"])
    }

    @Test func positionalInputMatchesDictionaryInput() {
        let cycle = F.cycle(platform: [F.plank("p"), F.plank("t")], questionnaire: [
            F.yesNo("q1", F.map("p", "1", .yes)), F.text("q2", max: 3, F.map("t"), F.map("p", "0.5")),
            F.scale("q3", 0, 10, F.map("p", "2", .high)),
        ])
        let engine = ScoringEngine(cycle: cycle)
        #expect(engine.questionIDs == ["q1", "q2", "q3"])
        #expect(engine.position(ofQuestion: "q3") == 2)
        let byDict = engine.score(F.candidate(["q1": .yesNo(true), "q2": .text("t"), "q3": .scale(7)],
                                              reviews: ["q2": F.reviews(2, 3)]))
        let byPosition = engine.score(id: "c-a", race: "district-1", withdrawn: false,
                                      answers: [.yesNo(true), .text("t"), .scale(7)], reviews: [[], F.reviews(2, 3), []])
        #expect(byDict == byPosition)
        // p = 100 × (1 + 0.5 × 5/6 + 2 × 0.7) / 3.5 = 100 × (169/60) / 3.5 = 1690/21.
        #expect(byDict.plank("p") == F.r(1690, 21))
        #expect(byDict.plank("t") == F.r(250, 3))
    }
}
