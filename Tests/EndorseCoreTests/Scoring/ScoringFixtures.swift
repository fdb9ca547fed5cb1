@testable import EndorseCore

/// Builders for small hand-computed cycles (memberwise, independent of the YAML parser).
enum Fx {
    static func f(_ text: String) -> Fixed4 { Fixed4(parsing: text)! }
    static func r(_ n: Int64, _ d: Int64 = 1) -> Rational { Rational(numerator: n, denominator: d) }

    static func plank(_ id: String, weight: String = "1", min: String? = nil) -> Plank {
        Plank(id: id, title: LocalizedText(id), weight: f(weight), minScore: min.map(f))
    }

    static func map(_ plank: String, _ weight: String = "1", _ favors: Favors? = nil) -> PlankMapping {
        PlankMapping(plank: plank, weight: f(weight), favors: favors)
    }

    static func yesNo(_ id: String, _ mappings: PlankMapping...) -> Question {
        Question(id: id, text: LocalizedText(id), kind: .yesNo, planks: mappings)
    }

    static func scale(_ id: String, _ min: Int, _ max: Int, _ mappings: PlankMapping...) -> Question {
        Question(id: id, text: LocalizedText(id), kind: .scale(min: min, max: max), planks: mappings)
    }

    static func choice(_ id: String, _ options: [(String, String)], _ mappings: PlankMapping...) -> Question {
        Question(id: id, text: LocalizedText(id), kind: .choice(options: options.map { ChoiceOption(id: $0.0, label: LocalizedText($0.0), score: f($0.1)) }),
                 planks: mappings)
    }

    static func text(_ id: String, max: Int, _ mappings: PlankMapping...) -> Question {
        Question(id: id, text: LocalizedText(id), kind: .text(maxPoints: max), planks: mappings)
    }

    static func cycle(requireComplete: Bool = true, minOverall: String = "0", platform: [Plank],
                      questionnaire: [Question]) -> Cycle {
        Cycle(id: "sample-2026", name: "Sample", electionDate: "2026-11-03",
              coalition: Coalition(name: "Coalition"),
              rules: Rules(requireComplete: requireComplete, minOverallScore: f(minOverall)),
              races: [Race(id: "district-1", name: "District 1", method: .irv)],
              platform: platform, questionnaire: questionnaire)
    }

    static func candidate(_ id: String, race: String = "district-1", withdrawn: Bool = false,
                          _ answers: [String: Answer], reviews: [String: [Review]] = [:]) -> CandidateAnswers {
        CandidateAnswers(id: id, race: race, withdrawn: withdrawn, answers: answers, reviews: reviews)
    }

    /// Candidate `c-a` of district-1.
    static func candidate(withdrawn: Bool = false, _ answers: [String: Answer],
                          reviews: [String: [Review]] = [:]) -> CandidateAnswers {
        candidate("c-a", withdrawn: withdrawn, answers, reviews: reviews)
    }

    static func reviews(_ points: Int...) -> [Review] {
        points.enumerated().map { Review(reviewer: "r\($0.offset)", points: $0.element) }
    }
}
