import Testing
@testable import EndorseCore

private func plat(_ items: String...) -> String {
    CycleDoc.make(platform: CycleDoc.list("platform", items))
}

private func quest(_ items: String...) -> String {
    CycleDoc.make(questionnaire: CycleDoc.list("questionnaire", items))
}

private let p1 = "id: p1\ntitle: One\nweight: 1"

@Suite("CycleFile: platform")
struct CyclePlatformValidationTests {
    static let cases: [BadCycle] = [
        .init(name: "plank id missing", yaml: plat("title: One\nweight: 1"),
              path: "platform[0].id", message: "missing required key \"id\"", count: 2),
        .init(name: "plank id invalid", yaml: CycleDoc.make(
                platform: CycleDoc.platform("id: P1\ntitle: One\nweight: 1"),
                questionnaire: CycleDoc.questionnaire.replacingOccurrences(of: "plank: p1", with: "plank: P1")),
              path: "platform[0].id", message: "\"P1\" is not a valid id", line: 11),
        .init(name: "duplicate plank id at the second occurrence", yaml: plat(p1, "id: p1\ntitle: Again\nweight: 2"),
              path: "platform[1].id", message: "duplicate plank id \"p1\" (already used by platform[0])", line: 14),
        .init(name: "plank title missing", yaml: plat("id: p1\nweight: 1"),
              path: "platform[0].title", message: "missing required key \"title\""),
        .init(name: "plank weight missing", yaml: plat("id: p1\ntitle: One"),
              path: "platform[0].weight", message: "missing required key \"weight\""),
        .init(name: "plank weight 0", yaml: plat("id: p1\ntitle: One\nweight: 0"),
              path: "platform[0].weight", message: "weight must be greater than 0, not 0", line: 13),
        .init(name: "plank weight negative", yaml: plat("id: p1\ntitle: One\nweight: -2"),
              path: "platform[0].weight", message: "greater than 0"),
        .init(name: "plank weight with 5 fractional digits", yaml: plat("id: p1\ntitle: One\nweight: 0.00001"),
              path: "platform[0].weight", message: "at most 4 fractional digits"),
        .init(name: "plank weight as text", yaml: plat("id: p1\ntitle: One\nweight: heavy"),
              path: "platform[0].weight", message: "must be a number"),
        .init(name: "min_score above 100", yaml: plat("id: p1\ntitle: One\nweight: 1\nmin_score: 101"),
              path: "platform[0].min_score", message: "min_score must be between 0 and 100"),
        .init(name: "min_score negative", yaml: plat("id: p1\ntitle: One\nweight: 1\nmin_score: -5"),
              path: "platform[0].min_score", message: "between 0 and 100"),
        .init(name: "a plank no question feeds", yaml: plat(p1, "id: p2\ntitle: Two\nweight: 1"),
              path: "platform[1].id", message: "plank \"p2\" is not fed by any question", line: 14),
        .init(name: "typo in a plank", yaml: plat("id: p1\ntitle: One\nweight: 1\nsectoin: S"),
              path: "platform[0].sectoin", message: "did you mean \"section\""),
    ]

    @Test("each platform mistake is reported at its path", arguments: cases)
    func reported(_ bad: BadCycle) { expectIssue(bad) }
}

@Suite("CycleFile: questionnaire")
struct CycleQuestionValidationTests {
    static let cases: [BadCycle] = [
        .init(name: "question id missing", yaml: quest("text: Q\nkind: yes_no\nplanks:\n  - {plank: p1, favors: \"yes\"}"),
              path: "questionnaire[0].id", message: "missing required key \"id\""),
        .init(name: "question id invalid", yaml: quest(CycleDoc.question(id: "Q1", kind: "yes_no")),
              path: "questionnaire[0].id", message: "\"Q1\" is not a valid id", line: 15),
        .init(name: "duplicate question id at the second occurrence",
              yaml: quest(CycleDoc.question(kind: "yes_no"), CycleDoc.question(kind: "yes_no")),
              path: "questionnaire[1].id", message: "duplicate question id \"q1\" (already used by questionnaire[0])", line: 21),
        .init(name: "question text missing", yaml: quest("id: q1\nkind: yes_no\nplanks:\n  - {plank: p1, favors: \"yes\"}"),
              path: "questionnaire[0].text", message: "missing required key \"text\""),
        .init(name: "question kind missing", yaml: quest("id: q1\ntext: Q\nplanks:\n  - {plank: p1}"),
              path: "questionnaire[0].kind", message: "missing required key \"kind\""),
        .init(name: "question kind unknown", yaml: quest(CycleDoc.question(kind: "boolean")),
              path: "questionnaire[0].kind", message: "unknown kind \"boolean\"", line: 17),
        .init(name: "question planks missing", yaml: quest("id: q1\ntext: Q\nkind: yes_no"),
              path: "questionnaire[0].planks", message: "missing required key \"planks\"", count: 2),
        .init(name: "question planks empty", yaml: quest("id: q1\ntext: Q\nkind: yes_no\nplanks: []"),
              path: "questionnaire[0].planks", message: "must list at least one plank mapping", count: 2),

        .init(name: "scale question without scale", yaml: quest(CycleDoc.question(kind: "scale", planks: "- {plank: p1, favors: high}")),
              path: "questionnaire[0].scale", message: "missing required key \"scale\""),
        .init(name: "scale min above max", yaml: quest(CycleDoc.question(kind: "scale", extra: "scale: {min: 5, max: 1}", planks: "- {plank: p1, favors: high}")),
              path: "questionnaire[0].scale.max", message: "scale max (1) must be greater than min (5)", line: 18),
        .init(name: "scale min equal to max", yaml: quest(CycleDoc.question(kind: "scale", extra: "scale: {min: 3, max: 3}", planks: "- {plank: p1, favors: high}")),
              path: "questionnaire[0].scale.max", message: "must be greater than min"),
        .init(name: "scale min not whole", yaml: quest(CycleDoc.question(kind: "scale", extra: "scale: {min: 1.5, max: 5}", planks: "- {plank: p1, favors: high}")),
              path: "questionnaire[0].scale.min", message: "is not a whole number"),
        .init(name: "scale max missing", yaml: quest(CycleDoc.question(kind: "scale", extra: "scale: {min: 1}", planks: "- {plank: p1, favors: high}")),
              path: "questionnaire[0].scale.max", message: "missing required key \"max\""),
        .init(name: "scale unknown key", yaml: quest(CycleDoc.question(kind: "scale", extra: "scale: {min: 1, max: 5, step: 1}", planks: "- {plank: p1, favors: high}")),
              path: "questionnaire[0].scale.step", message: "unknown key \"step\""),
        .init(name: "scale on a yes_no question", yaml: quest(CycleDoc.question(kind: "yes_no", extra: "scale: {min: 1, max: 5}")),
              path: "questionnaire[0].scale", message: "\"scale\" is only for scale questions, and this one is yes_no", line: 18),

        .init(name: "choice question without options", yaml: quest(CycleDoc.question(kind: "choice", planks: "- {plank: p1}")),
              path: "questionnaire[0].options", message: "missing required key \"options\""),
        .init(name: "choice question with no option", yaml: quest(CycleDoc.question(kind: "choice", extra: "options: []", planks: "- {plank: p1}")),
              path: "questionnaire[0].options", message: "must list at least one option"),
        .init(name: "option score above 1", yaml: quest(CycleDoc.question(kind: "choice", extra: "options:\n  - {id: a, label: A, score: 1.5}", planks: "- {plank: p1}")),
              path: "questionnaire[0].options[0].score", message: "score must be between 0 and 1, not 1.5", line: 19),
        .init(name: "option score negative", yaml: quest(CycleDoc.question(kind: "choice", extra: "options:\n  - {id: a, label: A, score: -0.5}", planks: "- {plank: p1}")),
              path: "questionnaire[0].options[0].score", message: "between 0 and 1"),
        .init(name: "option score missing", yaml: quest(CycleDoc.question(kind: "choice", extra: "options:\n  - {id: a, label: A}", planks: "- {plank: p1}")),
              path: "questionnaire[0].options[0].score", message: "missing required key \"score\""),
        .init(name: "option label missing", yaml: quest(CycleDoc.question(kind: "choice", extra: "options:\n  - {id: a, score: 1}", planks: "- {plank: p1}")),
              path: "questionnaire[0].options[0].label", message: "missing required key \"label\""),
        .init(name: "option id invalid", yaml: quest(CycleDoc.question(kind: "choice", extra: "options:\n  - {id: Yes Please, label: A, score: 1}", planks: "- {plank: p1}")),
              path: "questionnaire[0].options[0].id", message: "is not a valid id"),
        .init(name: "duplicate option id at the second occurrence",
              yaml: quest(CycleDoc.question(kind: "choice", extra: "options:\n  - {id: a, label: A, score: 1}\n  - {id: a, label: B, score: 0}", planks: "- {plank: p1}")),
              path: "questionnaire[0].options[1].id", message: "duplicate option id \"a\" (already used by questionnaire[0].options[0])", line: 20),
        .init(name: "options on a text question", yaml: quest(CycleDoc.question(kind: "text", extra: "max_points: 4\noptions: []", planks: "- {plank: p1}")),
              path: "questionnaire[0].options", message: "\"options\" is only for choice questions, and this one is text"),

        .init(name: "text question without max_points", yaml: quest(CycleDoc.question(kind: "text", planks: "- {plank: p1}")),
              path: "questionnaire[0].max_points", message: "missing required key \"max_points\""),
        .init(name: "max_points 0", yaml: quest(CycleDoc.question(kind: "text", extra: "max_points: 0", planks: "- {plank: p1}")),
              path: "questionnaire[0].max_points", message: "max_points must be at least 1, not 0"),
        .init(name: "max_points not whole", yaml: quest(CycleDoc.question(kind: "text", extra: "max_points: 2.5", planks: "- {plank: p1}")),
              path: "questionnaire[0].max_points", message: "is not a whole number"),
        .init(name: "max_points on a scale question", yaml: quest(CycleDoc.question(kind: "scale", extra: "scale: {min: 1, max: 5}\nmax_points: 3", planks: "- {plank: p1, favors: low}")),
              path: "questionnaire[0].max_points", message: "\"max_points\" is only for text questions"),
    ]

    @Test("each question mistake is reported at its path", arguments: cases)
    func reported(_ bad: BadCycle) { expectIssue(bad) }
}

@Suite("CycleFile: plank mappings")
struct CycleMappingValidationTests {
    static let cases: [BadCycle] = [
        .init(name: "mapping without plank", yaml: quest(CycleDoc.question(kind: "yes_no", planks: "- {weight: 2, favors: \"yes\"}")),
              path: "questionnaire[0].planks[0].plank", message: "missing required key \"plank\"", count: 2),
        .init(name: "mapping to an unknown plank", yaml: quest(CycleDoc.question(kind: "yes_no", planks: "- {plank: p9, favors: \"yes\"}\n- {plank: p1, favors: \"yes\"}")),
              path: "questionnaire[0].planks[0].plank", message: "unknown plank \"p9\"", line: 19),
        .init(name: "mapping weight 0", yaml: quest(CycleDoc.question(kind: "yes_no", planks: "- {plank: p1, weight: 0, favors: \"yes\"}")),
              path: "questionnaire[0].planks[0].weight", message: "weight must be greater than 0"),
        .init(name: "mapping weight with 5 fractional digits", yaml: quest(CycleDoc.question(kind: "yes_no", planks: "- {plank: p1, weight: 0.12345, favors: \"yes\"}")),
              path: "questionnaire[0].planks[0].weight", message: "at most 4 fractional digits"),
        .init(name: "yes_no mapping without favors", yaml: quest(CycleDoc.question(kind: "yes_no", planks: "- {plank: p1}")),
              path: "questionnaire[0].planks[0].favors", message: "missing required key \"favors\""),
        .init(name: "yes_no mapping favoring high", yaml: quest(CycleDoc.question(kind: "yes_no", planks: "- {plank: p1, favors: high}")),
              path: "questionnaire[0].planks[0].favors", message: "favors must be \"yes\" or \"no\" for a yes_no question"),
        .init(name: "yes_no favors as the quoted text true", yaml: quest(CycleDoc.question(kind: "yes_no", planks: "- {plank: p1, favors: \"true\"}")),
              path: "questionnaire[0].planks[0].favors", message: "\"yes\" or \"no\""),
        .init(name: "scale mapping without favors", yaml: quest(CycleDoc.question(kind: "scale", extra: "scale: {min: 1, max: 5}", planks: "- {plank: p1}")),
              path: "questionnaire[0].planks[0].favors", message: "high or low"),
        .init(name: "scale mapping favoring yes", yaml: quest(CycleDoc.question(kind: "scale", extra: "scale: {min: 1, max: 5}", planks: "- {plank: p1, favors: \"yes\"}")),
              path: "questionnaire[0].planks[0].favors", message: "favors must be high or low for a scale question"),
        .init(name: "favors on a choice question", yaml: quest(CycleDoc.question(kind: "choice", extra: "options:\n  - {id: a, label: A, score: 1}", planks: "- {plank: p1, favors: high}")),
              path: "questionnaire[0].planks[0].favors", message: "favors is not used by choice questions"),
        .init(name: "favors on a text question", yaml: quest(CycleDoc.question(kind: "text", extra: "max_points: 4", planks: "- {plank: p1, favors: high}")),
              path: "questionnaire[0].planks[0].favors", message: "favors is not used by text questions"),
        .init(name: "the same plank twice in one question", yaml: quest(CycleDoc.question(kind: "yes_no", planks: "- {plank: p1, favors: \"yes\"}\n- {plank: p1, favors: \"no\"}")),
              path: "questionnaire[0].planks[1].plank", message: "already feeds plank \"p1\"", line: 20),
        .init(name: "typo in a mapping", yaml: quest(CycleDoc.question(kind: "text", extra: "max_points: 4", planks: "- {plank: p1, wieght: 2}")),
              path: "questionnaire[0].planks[0].wieght", message: "did you mean \"weight\""),
        .init(name: "mapping not a mapping", yaml: quest(CycleDoc.question(kind: "text", extra: "max_points: 4", planks: "- p1")),
              path: "questionnaire[0].planks[0]", message: "a plank mapping must be a mapping", count: 2),
    ]

    @Test("each plank mapping mistake is reported at its path", arguments: cases)
    func reported(_ bad: BadCycle) { expectIssue(bad) }
}
