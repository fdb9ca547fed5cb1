import Testing
@testable import EndorseCore

/// The engine's precomputed integer plan against a direct transcription of scoring.md, on random
/// cycles and candidates (including weights large enough to force the Rational fallback).
@Suite struct ScoringPropertyTests {
    /// scoring.md, literally: no plan, no shortcuts.
    static func reference(_ cycle: Cycle, _ c: CandidateAnswers) -> CandidateScore {
        var missing: [String] = []
        var pending = false
        for q in cycle.questionnaire {
            switch c.answers[q.id] {
            case nil: missing.append(q.id)
            case .text?: if (c.reviews[q.id] ?? []).isEmpty { pending = true }
            default: break
            }
        }
        var planks: [PlankScore] = []
        for plank in cycle.platform {
            var num = Rational.zero, den = Rational.zero, included = 0
            for q in cycle.questionnaire {
                for m in q.planks where m.plank == plank.id {
                    let w = Rational(m.weight)
                    var s = Rational.zero
                    switch (q.kind, c.answers[q.id]) {
                    case (_, nil): s = .zero
                    case (.yesNo, .yesNo(let b)?): s = (b == (m.favors == .yes)) ? .one : .zero
                    case (.scale(let lo, let hi), .scale(let v)?):
                        let x = Rational(numerator: Int64(v - lo), denominator: Int64(hi - lo))
                        s = m.favors == .high ? x : .one - x
                    case (.choice(let options), .choice(let id)?):
                        s = Rational(options.first { $0.id == id }!.score)
                    case (.text(let maxPoints), .text?):
                        let rs = c.reviews[q.id] ?? []
                        if rs.isEmpty { continue }
                        s = Rational(numerator: Int64(rs.map(\.points).reduce(0, +)),
                                     denominator: Int64(rs.count * maxPoints))
                    default: Issue.record("generator produced a mismatched answer")
                    }
                    num += w * s
                    den += w
                    included += 1
                }
            }
            planks.append(PlankScore(plank: plank.id, score: included == 0 ? nil : Rational(100) * num / den))
        }
        var num = Rational.zero, den = Rational.zero
        for (plank, s) in zip(cycle.platform, planks) {
            guard let v = s.score else { continue }
            num += Rational(plank.weight) * v
            den += Rational(plank.weight)
        }
        let overall: Rational? = den.isZero ? nil : num / den
        var reasons: [String] = []
        if c.withdrawn { reasons.append("withdrawn") }
        if cycle.rules.requireComplete && !missing.isEmpty { reasons.append("incomplete") }
        if pending { reasons.append("pending_review") }
        if let overall, overall < Rational(cycle.rules.minOverallScore) { reasons.append("below_min_overall") }
        for (plank, s) in zip(cycle.platform, planks) {
            if let min = plank.minScore, let v = s.score, v < Rational(min) { reasons.append("dealbreaker:\(plank.id)") }
        }
        return CandidateScore(id: c.id, race: c.race, overall: overall, planks: planks, provisional: pending,
                              eligible: reasons.isEmpty, reasons: reasons, missing: missing)
    }

    static func weight(_ g: inout SplitMix64, huge: Bool) -> Fixed4 {
        if huge && Bool.random(using: &g) {
            return Fixed4(units: Int64.random(in: 1...999_999_999_999_999_999, using: &g))
        }
        return Fixed4(units: Int64.random(in: 1...50_000, using: &g))
    }

    static func randomCycle(_ g: inout SplitMix64, huge: Bool) -> Cycle {
        let plankCount = Int.random(in: 1...5, using: &g)
        let platform = (0..<plankCount).map { i in
            Plank(id: "p\(i)", title: "", weight: weight(&g, huge: huge),
                  minScore: Bool.random(using: &g) ? Fixed4(units: Int64.random(in: 0...1_000_000, using: &g)) : nil)
        }
        var questionnaire: [Question] = []
        for i in 0..<Int.random(in: 1...10, using: &g) {
            let kind: QuestionKind
            switch Int.random(in: 0..<4, using: &g) {
            case 0: kind = .yesNo
            case 1:
                let lo = Int.random(in: -5...5, using: &g)
                let span = huge ? Int.random(in: 1...1_000_003, using: &g) : Int.random(in: 1...12, using: &g)
                kind = .scale(min: lo, max: lo + span)
            case 2:
                kind = .choice(options: (0..<Int.random(in: 1...4, using: &g)).map {
                    ChoiceOption(id: "o\($0)", label: "", score: Fixed4(units: Int64.random(in: 0...10_000, using: &g)))
                })
            default: kind = .text(maxPoints: Int.random(in: 1...7, using: &g))
            }
            let targets = platform.shuffled(using: &g).prefix(Int.random(in: 1...plankCount, using: &g))
            let mappings = targets.map { p -> PlankMapping in
                let favors: Favors? = switch kind {
                case .yesNo: Bool.random(using: &g) ? .yes : .no
                case .scale: Bool.random(using: &g) ? .high : .low
                default: nil
                }
                return PlankMapping(plank: p.id, weight: weight(&g, huge: huge), favors: favors)
            }
            questionnaire.append(Question(id: "q\(i)", text: "", kind: kind, planks: mappings))
        }
        let rules = Rules(requireComplete: Bool.random(using: &g),
                          minOverallScore: Fixed4(units: Int64.random(in: 0...1_000_000, using: &g)))
        return Cycle(id: "c", name: "", electionDate: "2026-11-03", coalition: Coalition(name: ""), rules: rules,
                     races: [], platform: platform, questionnaire: questionnaire)
    }

    static func randomCandidate(_ cycle: Cycle, _ g: inout SplitMix64, _ n: Int) -> CandidateAnswers {
        var answers: [String: Answer] = [:]
        var reviews: [String: [Review]] = [:]
        for q in cycle.questionnaire where Int.random(in: 0..<6, using: &g) > 0 {
            switch q.kind {
            case .yesNo: answers[q.id] = .yesNo(Bool.random(using: &g))
            case .scale(let lo, let hi): answers[q.id] = .scale(Int.random(in: lo...hi, using: &g))
            case .choice(let options): answers[q.id] = .choice(options.randomElement(using: &g)!.id)
            case .text(let maxPoints):
                answers[q.id] = .text("t")
                reviews[q.id] = (0..<Int.random(in: 0...3, using: &g)).map {
                    Review(reviewer: "r\($0)", points: Int.random(in: 0...maxPoints, using: &g))
                }
            }
        }
        return CandidateAnswers(id: "c\(n)", race: "r", withdrawn: Int.random(in: 0..<8, using: &g) == 0,
                                answers: answers, reviews: reviews)
    }

    @Test(arguments: [(1, false), (2, false), (3, false), (4, true), (5, true), (6, true)])
    func engineMatchesReference(seed: UInt64, huge: Bool) {
        var g = SplitMix64(seed: seed)
        var slowPlanks = 0
        for _ in 0..<30 {
            let cycle = Self.randomCycle(&g, huge: huge)
            let engine = ScoringEngine(cycle: cycle)
            slowPlanks += engine.planks.filter { $0.denominator == nil }.count
            for n in 0..<15 {
                let c = Self.randomCandidate(cycle, &g, n)
                let expected = Self.reference(cycle, c)
                let actual = engine.score(c)
                #expect(actual == expected, "cycle \(cycle) candidate \(c)")
                if actual != expected { return }
            }
        }
        // The huge runs must exercise the Rational fallback, the others the integer path only.
        #expect(huge ? slowPlanks > 0 : slowPlanks == 0)
    }
}
