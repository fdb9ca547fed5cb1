import Testing
@testable import EndorseCore

/// Input that must never reach a page or the database: `javascript:` links, NUL characters.
/// Each is refused where it enters, naming the field.
struct HostileInputTests {
    @Test(arguments: [
        ("https://example.org", true), ("http://example.org/a?b=c#d", true), ("HTTPS://EXAMPLE.ORG", true),
        ("javascript:alert(1)", false), ("JavaScript:alert(1)", false), ("data:text/html,<b>", false),
        ("//example.org", false), ("example.org", false), ("https://", false), ("https:///path", false),
        ("https://exa mple.org", false), ("https://example.org/\"onmouseover=x", false), ("ftp://example.org", false),
        ("https://example.org/\u{0}", false),
    ])
    func webAddresses(_ text: String, _ valid: Bool) {
        #expect(WebAddress.isValid(text) == valid, "\(text)")
    }

    static let cycle = """
        id: c
        name: "C"
        election_date: 2026-11-03
        coalition: {name: K, url: "javascript:alert(document.cookie)"}
        races: [{id: r, name: R, method: irv}]
        platform: [{id: p, title: P, weight: 1}]
        questionnaire: [{id: q, text: "Q?", kind: yes_no, planks: [{plank: p, favors: "yes"}]}]

        """

    @Test("a coalition url that is not http(s) is refused at cycle check")
    func cycleURL() {
        let error = #expect(throws: CycleValidationError.self) { try CycleFile.parse(Array(Self.cycle.utf8), file: "c.yaml") }
        #expect(error?.issues.contains { $0.path == "coalition.url" && $0.message == WebAddress.message } == true,
                "\(String(describing: error?.issues))")
    }

    @Test("a NUL character in a display text of the cycle file is refused, naming the path")
    func cycleNUL() {
        let yaml = Self.cycle.replacingOccurrences(of: "javascript:alert(document.cookie)", with: "https://example.org")
            .replacingOccurrences(of: #"name: "C""#, with: #"name: "C\0D""#)
        let error = #expect(throws: CycleValidationError.self) { try CycleFile.parse(Array(yaml.utf8), file: "c.yaml") }
        #expect(error?.issues.contains { $0.path == "name" && $0.message == NULText.message } == true,
                "\(String(describing: error?.issues))")
    }

    @Test("candidates.csv: a javascript: website and a NUL in a cell are refused with their lines and columns")
    func candidatesFile() {
        let csv = "id,race,name,ballot_name,incumbent,email,website\n"
            + "c-a,r,Ana,,,,javascript:alert(1)\n"
            + "c-b,r,Be\u{0}n,,,,https://ben.example\n"
            + "c-c,r,Cy,,,,https://cy.example\n"
        let error = #expect(throws: EndorseError.self) {
            try CandidatesFile.parse(Array(csv.utf8), file: "candidates.csv", races: ("c", ["r"]))
        }
        #expect(error?.details == ["candidates.csv:2: website: \(WebAddress.message)",
                                   "candidates.csv:3: name: \(NULText.message)"], "\(String(describing: error))")
    }

    @Test("ballots.jsonl: a NUL in a ranking id is refused naming the key")
    func ballotLineNUL() {
        let lines = #"{"weight": 1, "race": "r", "ranking": ["c-a\u0000"]}"# + "\n"
        let (parsed, problems) = OfflineBallots.parse(Array(lines.utf8))
        #expect(parsed.isEmpty)
        #expect(problems == [OfflineBallots.Problem(line: 1, column: "ranking", message: NULText.message)])
    }

    @Test("a JSON value names the path of its first NUL")
    func jsonPath() throws {
        let v = try JSONValue.parse(Array(#"{"b": {"x": ["ok", "n\u0000"]}, "a": 1}"#.utf8))
        #expect(v.pathOfNUL() == "b.x[1]")
        #expect(try JSONValue.parse(Array(#"{"a": "fine"}"#.utf8)).pathOfNUL() == nil)
    }
}
