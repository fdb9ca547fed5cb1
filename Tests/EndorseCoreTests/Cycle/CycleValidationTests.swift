import Testing
@testable import EndorseCore

/// Asserts that `bad` yields its issue (path, message, line) and the expected number of issues.
func expectIssue(_ bad: BadCycle, sourceLocation: SourceLocation = #_sourceLocation) {
    let issues = CycleDoc.issues(bad.yaml)
    #expect(issues.count == bad.count, "\(issues)", sourceLocation: sourceLocation)
    guard let issue = issues.first(where: { $0.path == bad.path }) else {
        Issue.record("no issue at \(bad.path): \(issues)", sourceLocation: sourceLocation)
        return
    }
    #expect(issue.message.contains(bad.message), "\(issue.message)", sourceLocation: sourceLocation)
    if let line = bad.line { #expect(issue.line == line, sourceLocation: sourceLocation) }
}

private func header(replacing old: String, with new: String) -> String {
    CycleDoc.make(header: CycleDoc.header.replacingOccurrences(of: old, with: new))
}

private func rules(_ body: String) -> String { CycleDoc.make(rules: "rules:\n" + body) }

private func race(_ body: String) -> String { CycleDoc.make(races: CycleDoc.races(body)) }

@Suite("CycleFile: top level and rules")
struct CycleHeaderValidationTests {
    static let cases: [BadCycle] = [
        .init(name: "id missing", yaml: header(replacing: "id: c-2026\n", with: ""),
              path: "id", message: "missing required key \"id\"", line: 1),
        .init(name: "id with capitals and underscore", yaml: header(replacing: "c-2026", with: "C_2026"),
              path: "id", message: "\"C_2026\" is not a valid id", line: 1),
        .init(name: "id of 64 characters", yaml: header(replacing: "c-2026", with: String(repeating: "a", count: 64)),
              path: "id", message: "is not a valid id"),
        .init(name: "id starting with a hyphen", yaml: header(replacing: "c-2026", with: "-c"),
              path: "id", message: "is not a valid id"),
        .init(name: "name missing", yaml: header(replacing: "name: Test cycle\n", with: ""),
              path: "name", message: "missing required key \"name\""),
        .init(name: "name empty", yaml: header(replacing: "name: Test cycle", with: "name: \"\""),
              path: "name", message: "must not be empty", line: 2),
        .init(name: "name null", yaml: header(replacing: "name: Test cycle", with: "name:"),
              path: "name", message: "\"name\" must have a value", line: 2),
        .init(name: "election_date month 13", yaml: header(replacing: "2026-11-03", with: "2026-13-01"),
              path: "election_date", message: "\"2026-13-01\" is not a valid date written YYYY-MM-DD", line: 3),
        .init(name: "election_date 29 February in a common year", yaml: header(replacing: "2026-11-03", with: "2026-02-29"),
              path: "election_date", message: "not a valid date"),
        .init(name: "election_date in US order", yaml: header(replacing: "2026-11-03", with: "11/03/2026"),
              path: "election_date", message: "not a valid date"),
        .init(name: "election_date missing", yaml: header(replacing: "election_date: 2026-11-03\n", with: ""),
              path: "election_date", message: "missing required key"),
        .init(name: "coalition missing", yaml: header(replacing: "coalition:\n  name: Coalition", with: "jurisdiction: x"),
              path: "coalition", message: "missing required key \"coalition\""),
        .init(name: "coalition name missing", yaml: header(replacing: "  name: Coalition", with: "  url: https://x.org"),
              path: "coalition.name", message: "missing required key \"name\""),
        .init(name: "coalition not a mapping", yaml: header(replacing: "coalition:\n  name: Coalition", with: "coalition: Coalition"),
              path: "coalition", message: "must be a mapping"),
        .init(name: "unknown top-level key", yaml: header(replacing: "name: Test cycle", with: "name: Test cycle\nnotes: hi"),
              path: "notes", message: "unknown key \"notes\"", line: 3),
        .init(name: "typo of a top-level key", yaml: header(replacing: "name: Test cycle", with: "name: Test cycle\njurisdicton: x"),
              path: "jurisdicton", message: "did you mean \"jurisdiction\""),
        .init(name: "jurisdiction a list", yaml: header(replacing: "name: Test cycle", with: "name: Test cycle\njurisdiction: [a]"),
              path: "jurisdiction", message: "must be text, not a list"),
        .init(name: "races missing", yaml: CycleDoc.make(races: ""),
              path: "races", message: "missing required key \"races\""),
        .init(name: "races empty", yaml: CycleDoc.make(races: "races: []"),
              path: "races", message: "must list at least one race"),
        .init(name: "races not a list", yaml: CycleDoc.make(races: "races: district-1"),
              path: "races", message: "must be a list"),
        .init(name: "platform missing", yaml: CycleDoc.make(platform: ""),
              path: "platform", message: "missing required key \"platform\""),
        .init(name: "platform empty", yaml: CycleDoc.make(platform: "platform: []"),
              path: "platform", message: "must list at least one plank"),
        .init(name: "questionnaire missing", yaml: CycleDoc.make(questionnaire: ""),
              path: "questionnaire", message: "missing required key \"questionnaire\""),
        .init(name: "questionnaire empty", yaml: CycleDoc.make(questionnaire: "questionnaire: []"),
              path: "questionnaire", message: "must list at least one question"),
        .init(name: "the file is a list", yaml: "- id: a\n", path: "", message: "must be a mapping"),

        .init(name: "quorum above 1", yaml: rules("  quorum: 1.5"),
              path: "rules.quorum", message: "quorum must be between 0 and 1, not 1.5", line: 7),
        .init(name: "quorum negative", yaml: rules("  quorum: -0.1"),
              path: "rules.quorum", message: "between 0 and 1"),
        .init(name: "quorum with 5 fractional digits", yaml: rules("  quorum: 0.66667"),
              path: "rules.quorum", message: "at most 4 fractional digits"),
        .init(name: "quorum in exponent form", yaml: rules("  quorum: 5e-1"),
              path: "rules.quorum", message: "at most 4 fractional digits"),
        .init(name: "quorum quoted", yaml: rules("  quorum: \"0.5\""),
              path: "rules.quorum", message: "must be a number"),
        .init(name: "threshold below 0.5", yaml: rules("  threshold: 0.4999"),
              path: "rules.threshold", message: "threshold must be between 0.5 and 1"),
        .init(name: "threshold above 1", yaml: rules("  threshold: 1.0001"),
              path: "rules.threshold", message: "between 0.5 and 1"),
        .init(name: "min_overall_score above 100", yaml: rules("  min_overall_score: 100.5"),
              path: "rules.min_overall_score", message: "between 0 and 100"),
        .init(name: "min_overall_score negative", yaml: rules("  min_overall_score: -1"),
              path: "rules.min_overall_score", message: "between 0 and 100"),
        .init(name: "threshold_base unknown", yaml: rules("  threshold_base: majority"),
              path: "rules.threshold_base", message: "unknown threshold_base \"majority\""),
        .init(name: "require_complete not a boolean", yaml: rules("  require_complete: maybe"),
              path: "rules.require_complete", message: "must be true or false"),
        .init(name: "results_sealed a number", yaml: rules("  results_sealed: 1"),
              path: "rules.results_sealed", message: "must be true or false"),
        .init(name: "quorum_strict a quoted string", yaml: rules("  quorum_strict: \"true\""),
              path: "rules.quorum_strict", message: "must be true or false"),
        .init(name: "typo in rules", yaml: rules("  quorom: 0.5"),
              path: "rules.quorom", message: "unknown key \"quorom\" (did you mean \"quorum\"?)", line: 7),
        .init(name: "rules not a mapping", yaml: CycleDoc.make(rules: "rules: []"),
              path: "rules", message: "must be a mapping"),
    ]

    @Test("each top-level and rules mistake is reported at its path", arguments: cases)
    func reported(_ bad: BadCycle) { expectIssue(bad) }
}

@Suite("CycleFile: races")
struct CycleRaceValidationTests {
    static let cases: [BadCycle] = [
        .init(name: "race id missing", yaml: race("name: District 1\nmethod: irv"),
              path: "races[0].id", message: "missing required key \"id\"", line: 7),
        .init(name: "race id invalid", yaml: race("id: District1\nname: District 1\nmethod: irv"),
              path: "races[0].id", message: "\"District1\" is not a valid id"),
        .init(name: "race id none is reserved", yaml: race("id: none\nname: None\nmethod: irv"),
              path: "races[0].id", message: "\"none\" is reserved", line: 7),
        .init(name: "duplicate race id at the second occurrence",
              yaml: CycleDoc.make(races: CycleDoc.races("id: d1\nname: A\nmethod: irv", "id: d2\nname: B\nmethod: irv",
                                                        "id: d1\nname: C\nmethod: irv")),
              path: "races[2].id", message: "duplicate race id \"d1\" (already used by races[0])", line: 13),
        .init(name: "race name missing", yaml: race("id: d1\nmethod: irv"),
              path: "races[0].name", message: "missing required key \"name\""),
        .init(name: "race method missing", yaml: race("id: d1\nname: D"),
              path: "races[0].method", message: "missing required key \"method\""),
        .init(name: "race method unknown", yaml: race("id: d1\nname: D\nmethod: rcv"),
              path: "races[0].method", message: "unknown method \"rcv\"", line: 9),
        .init(name: "stv_arithmetic unknown", yaml: race("id: d1\nname: D\nseats: 3\nmethod: stv\nstv_arithmetic: meek"),
              path: "races[0].stv_arithmetic", message: "unknown stv_arithmetic \"meek\" (use exact or scottish)", line: 11),
        .init(name: "stv_arithmetic on an approval race",
              yaml: race("id: d1\nname: D\nseats: 3\nmethod: approval\nstv_arithmetic: scottish"),
              path: "races[0].stv_arithmetic", message: "applies only to a race with method stv, not approval", line: 11),
        .init(name: "stv_arithmetic on an irv race, even the default",
              yaml: race("id: d1\nname: D\nmethod: irv\nstv_arithmetic: exact"),
              path: "races[0].stv_arithmetic", message: "applies only to a race with method stv, not irv"),
        .init(name: "stv_arithmetic not text", yaml: race("id: d1\nname: D\nseats: 2\nmethod: stv\nstv_arithmetic: [exact]"),
              path: "races[0].stv_arithmetic", message: "must be text"),
        .init(name: "seats 0", yaml: race("id: d1\nname: D\nseats: 0\nmethod: approval"),
              path: "races[0].seats", message: "seats must be at least 1, not 0"),
        .init(name: "seats not whole", yaml: race("id: d1\nname: D\nseats: 1.5\nmethod: approval"),
              path: "races[0].seats", message: "is not a whole number"),
        .init(name: "seats as text", yaml: race("id: d1\nname: D\nseats: two\nmethod: approval"),
              path: "races[0].seats", message: "must be a whole number"),
        .init(name: "irv with two seats names the method", yaml: race("id: d1\nname: D\nseats: 2\nmethod: irv"),
              path: "races[0].method", message: "method irv elects one candidate, but the race has 2 seats", line: 10),
        .init(name: "threshold with three seats", yaml: race("id: d1\nname: D\nseats: 3\nmethod: threshold"),
              path: "races[0].method", message: "method threshold elects one candidate"),
        .init(name: "max_endorsements below seats",
              yaml: race("id: d1\nname: D\nseats: 3\nmethod: approval\nmax_endorsements: 2"),
              path: "races[0].max_endorsements", message: "at least the number of seats (3), not 2"),
        .init(name: "max_endorsements 0", yaml: race("id: d1\nname: D\nmethod: irv\nmax_endorsements: 0"),
              path: "races[0].max_endorsements", message: "at least the number of seats (1), not 0"),
        .init(name: "race quorum above 1", yaml: race("id: d1\nname: D\nmethod: irv\nquorum: 2"),
              path: "races[0].quorum", message: "between 0 and 1"),
        .init(name: "race threshold below 0.5", yaml: race("id: d1\nname: D\nmethod: irv\nthreshold: 0.3"),
              path: "races[0].threshold", message: "between 0.5 and 1"),
        .init(name: "race threshold_base unknown", yaml: race("id: d1\nname: D\nmethod: irv\nthreshold_base: all"),
              path: "races[0].threshold_base", message: "unknown threshold_base \"all\""),
        .init(name: "a rule that cannot be overridden per race",
              yaml: race("id: d1\nname: D\nmethod: irv\nmin_overall_score: 5"),
              path: "races[0].min_overall_score", message: "only quorum, threshold and threshold_base can be set per race"),
        .init(name: "typo in a race", yaml: race("id: d1\nname: D\nmethod: irv\ndivison: x"),
              path: "races[0].divison", message: "did you mean \"division\"", line: 10),
        .init(name: "race not a mapping", yaml: CycleDoc.make(races: "races:\n  - d1"),
              path: "races[0]", message: "a race must be a mapping"),
    ]

    @Test("each race mistake is reported at its path", arguments: cases)
    func reported(_ bad: BadCycle) { expectIssue(bad) }

    @Test("approval and stv may have several seats, or one", arguments: [
        ("approval", 1), ("approval", 5), ("stv", 1), ("stv", 3),
    ])
    func allowedSeats(method: String, seats: Int) throws {
        let cycle = try CycleDoc.parse(race("id: d1\nname: D\nseats: \(seats)\nmethod: \(method)"))
        #expect(cycle.races[0].seats == seats)
        #expect(cycle.races[0].maxEndorsements == seats)
    }

    @Test("stv_arithmetic: exact by default, scottish when asked", arguments: [
        ("", STVArithmetic.exact), ("\nstv_arithmetic: exact", .exact), ("\nstv_arithmetic: scottish", .scottish),
        ("\nstv_arithmetic: null", .exact),
    ])
    func stvArithmetic(line: String, expected: STVArithmetic) throws {
        let cycle = try CycleDoc.parse(race("id: d1\nname: D\nseats: 3\nmethod: stv" + line))
        #expect(cycle.races[0].stvArithmetic == expected)
        let json = CycleSummary.json(cycle)
        #expect(json["races"]?.arrayValue?[0]["stv_arithmetic"] == .string(expected.rawValue))
        #expect(CycleSummary.cycle(from: json) == cycle)
    }
}
