import Testing
@testable import EndorseCore

@Suite("CycleFile: malformed files and reporting")
struct CycleFileErrorTests {
    @Test("malformed YAML gives one issue with its line")
    func malformed() {
        let text = "id: c-2026\nname: [unclosed\nelection_date: 2026-11-03\n"
        let issues = CycleDoc.issues(text)
        #expect(issues.count == 1)
        #expect(issues.first?.path == "")
        #expect(issues.first?.message.hasPrefix("malformed YAML:") == true)
        #expect(issues.first?.line != nil)
    }

    @Test("a tab used for indentation is malformed YAML, at its line")
    func tabIndent() {
        let text = "id: c-2026\ncoalition:\n\tname: x\n"
        let issues = CycleDoc.issues(text)
        #expect(issues.count == 1)
        #expect(issues.first?.message.hasPrefix("malformed YAML:") == true)
        #expect(issues.first?.line == 3)
    }

    @Test("a duplicate key is reported at its second occurrence")
    func duplicateKey() {
        let text = CycleDoc.make(races: "races:\n  - id: d1\n    name: A\n    method: irv\n    name: B")
        let issues = CycleDoc.issues(text)
        #expect(issues.count == 1)
        #expect(issues.first?.message.contains("duplicate key \"name\"") == true)
        #expect(issues.first?.line == 10)
    }

    @Test("a top-level duplicate key is reported at its second occurrence")
    func duplicateTopKey() {
        let issues = CycleDoc.issues(CycleDoc.make() + "id: again\n")
        #expect(issues.map(\.line) == [21])
        #expect(issues.first?.message.contains("duplicate key \"id\"") == true)
    }

    @Test("bytes that are not UTF-8 are reported with their line")
    func notUTF8() throws {
        var bytes = Array("id: c-2026\nname: ".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\n".utf8)
        do {
            _ = try CycleFile.parse(bytes, file: "x.yaml")
            Issue.record("parsed")
        } catch {
            #expect(error.issues == [CycleIssue(path: "", line: 2, message: "the file is not valid UTF-8")])
        }
    }

    @Test("an empty file is one issue", arguments: ["", "\n# only a comment\n", "\u{FEFF}"])
    func empty(text: String) {
        let issues = CycleDoc.issues(text)
        #expect(issues.count == 1)
        #expect(issues.first?.message.contains("the file is empty") == true)
    }

    /// One file with a mistake in every section: all are reported, in document order.
    static let manyErrors = """
        id: Sample_2026
        name: x
        election_date: 2026-02-30
        coalition:
          nam: Coalition
        races:
          - id: d1
            name: D1
            seats: 3
            method: irv
          - id: d1
            name: D1 again
            stv_arithmetic: exact
            method: irv
        rules:
          quorum: 1.5
        platform:
          - id: p1
            title: P1
            weight: 0
          - id: p2
            title: P2
            weight: 1
        questionnaire:
          - id: q1
            text: Q
            kind: yes_no
            planks:
              - {plank: p1, favors: maybe}
              - {plank: p3, favors: "yes"}

        """

    @Test("every problem is reported at once, in document order")
    func manyAtOnce() {
        let issues = CycleDoc.issues(Self.manyErrors)
        #expect(issues.map(\.path) == [
            "id", "election_date", "coalition.nam", "coalition.name", "races[0].method",
            "races[1].id", "races[1].stv_arithmetic", "rules.quorum", "platform[0].weight",
            "platform[1].id", "questionnaire[0].planks[0].favors", "questionnaire[0].planks[1].plank",
        ])
        #expect(issues.map { $0.line ?? 0 } == [1, 3, 5, 5, 10, 11, 13, 16, 20, 21, 29, 30])
    }

    @Test("the refusal prints one line per issue, then a summary")
    func endorseError() {
        do {
            _ = try CycleDoc.parse(Self.manyErrors, file: "cycles/bad.yaml")
            Issue.record("parsed")
        } catch {
            let refusal = error.asEndorseError()
            #expect(refusal.code == .invalidCycle)
            #expect(refusal.exitCode == 1)
            #expect(refusal.message == "12 problems in cycles/bad.yaml, nothing loaded")
            #expect(refusal.details.count == 12)
            #expect(refusal.details[4] == "error: method irv elects one candidate, but the race has 3 "
                    + "seats (use approval or stv, or seats: 1) (cycles/bad.yaml:10: races[0].method)")
            #expect(refusal.details[7] == "error: quorum must be between 0 and 1, not 1.5 "
                    + "(cycles/bad.yaml:16: rules.quorum)")
            #expect(refusal.details[6] == "error: stv_arithmetic applies only to a race with method stv, "
                    + "not irv (remove it) (cycles/bad.yaml:13: races[1].stv_arithmetic)")
        }
    }

    @Test("one issue reads \"1 problem\"; a file-level issue has no path")
    func singular() {
        let error = CycleValidationError(file: "a.yaml", issues: [CycleIssue(path: "", line: 3, message: "bad")])
        #expect(error.summary == "1 problem in a.yaml, nothing loaded")
        #expect(error.lines == ["error: bad (a.yaml:3)"])
        #expect(CycleIssue(path: "id", line: nil, message: "m").formatted(file: "f") == "error: m (f: id)")
    }
}
