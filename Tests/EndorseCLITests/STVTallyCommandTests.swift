import EndorseCore
import Foundation
import Testing

/// `endorse tally --cycle-file` and `cycle check` on stv races, as a user runs them, on cases the
/// repository carries (Tests/Conformance/stv, relative to the repository root).
@Suite struct STVTallyCommandTests {
    static func caseArgs(_ name: String) -> [String] {
        let dir = "Tests/Conformance/stv/\(name)"
        return ["tally", "--cycle-file", "\(dir)/cycle.yaml", "--race", "ward", "--ballots", "\(dir)/ballots.jsonl",
                "--candidates", "\(dir)/candidates.csv"]
    }

    /// The JSON voting.md pins, as compact canonical bytes, with the case's stages.
    @Test func jsonOfAScottishCase() throws {
        let r = try CLIRunner.run(Self.caseArgs("synthetic_a_truncation_scottish") + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONValue.parse(r.stdout)
        #expect(r.stdout == json.canonicalString + "\n")
        let expected = try JSONValue.parse(Array(try Data(contentsOf: CLIRunner.root.appendingPathComponent(
            "Tests/Conformance/stv/synthetic_a_truncation_scottish/expected.json"))))
        #expect(json["method"] == .string("stv"))
        #expect(json["quota"] == expected["quota"])
        #expect(json["elected"] == expected["elected"])
        #expect(json["endorsed"] == expected["elected"])
        #expect(json["winner"] == .null)
        #expect(json["votes"] == .null)
        #expect(json["threshold"] == .null)
        let rounds = try #require(json["rounds"]?.arrayValue)
        let stages = try #require(expected["stages"]?.arrayValue)
        #expect(rounds.count == stages.count)
        for (ours, theirs) in zip(rounds, stages) {
            #expect(ours["action"] == theirs["action"])
            #expect(ours["candidate"] == theirs["candidate"])
            // "1.90904" in the case, written in shortest form by us.
            let nt = try #require(theirs["non_transferable"]?.stringValue)
            #expect(ours["non_transferable"] == .number(Self.shortest(nt)))
        }
    }

    /// The stage table fits 100 columns: 11 candidates and 10 stages split into two tables.
    @Test func stageTableFitsAHundredColumns() throws {
        let r = try CLIRunner.run(Self.caseArgs("glasgow_2007_linn_scottish"))
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(lines.map(\.count).max() ?? 0) columns")
        #expect(lines.filter { $0.hasPrefix("stage ") }.count == 2)
        #expect(r.stdout.contains("quota      1914 = floor(W 9567 / (4 seats + 1)) + 1, scottish arithmetic"))
        #expect(r.stdout.contains("2043.00000*"))
        #expect(r.stdout.contains("elected    c-07 (stage 1), c-03 (stage 8), c-06 (stage 10), c-02 (stage 10)"))
        #expect(r.stdout.contains("outcome    endorsed c-07, c-03, c-06, c-02 (elected, in this order)"))
    }

    /// Thirty candidates with long ids: still no line over 100 columns.
    @Test func manyCandidatesStillFit() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let ids = (1...30).map { String(format: "c-candidate-with-a-long-name-%02d", $0) }
        var lines: [String] = []
        for (i, id) in ids.enumerated() {
            let rest = ids.filter { $0 != id }.prefix(4).map { "\"\($0)\"" }.joined(separator: ",")
            lines.append(#"{"weight": \#(i + 1), "race": "at-large", "ranking": ["\#(id)",\#(rest)]}"#)
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("b.jsonl"))
        try Data(Self.cycle(seats: 5, arithmetic: "exact").utf8).write(to: dir.appendingPathComponent("c.yaml"))
        let r = try CLIRunner.run(["tally", "--cycle-file", "c.yaml", "--race", "at-large", "--ballots", "b.jsonl"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(out.allSatisfy { $0.count <= 100 }, "\(out.map(\.count).max() ?? 0) columns")
        #expect(out.filter { $0.hasPrefix("stage ") }.count >= 3)
        #expect(r.stdout.contains("outcome    endorsed"))
    }

    /// An approval line in an stv race is refused like any bad line: FILE:LINE, nothing tallied.
    @Test func aBallotOfTheWrongKindIsRefused() throws {
        let dir = try CLIRunner.temporaryDirectory()
        try Data(Self.cycle(seats: 2, arithmetic: "scottish").utf8).write(to: dir.appendingPathComponent("c.yaml"))
        try Data("""
            {"weight": 3, "race": "at-large", "ranking": ["c-a", "c-b"]}
            {"weight": 2, "race": "at-large", "approve": ["c-a"]}
            {"weight": 2, "race": "at-large", "ranking": ["c-b", "c-b"]}
            """.utf8).write(to: dir.appendingPathComponent("b.jsonl"))
        let r = try CLIRunner.run(["tally", "--cycle-file", "c.yaml", "--race", "at-large", "--ballots", "b.jsonl"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("b.jsonl:2: approve: an stv race takes a \"ranking\", not an approval list"))
        #expect(lines.contains("b.jsonl:3: ranking: c-b appears more than once in the ranking list"))
        #expect(lines.last == "error: 2 bad lines in b.jsonl, nothing tallied")
    }

    @Test func cycleCheckShowsTheArithmeticAndRefusesItElsewhere() throws {
        let dir = try CLIRunner.temporaryDirectory()
        try Data(Self.cycle(seats: 3, arithmetic: "scottish").utf8).write(to: dir.appendingPathComponent("ok.yaml"))
        let ok = try CLIRunner.run(["cycle", "check", "ok.yaml"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("stv (scottish)"))
        let json = try CLIRunner.run(["cycle", "check", "ok.yaml", "--format", "json"], in: dir)
        #expect(try JSONValue.parse(json.stdout)["races"]?.arrayValue?[0]["stv_arithmetic"] == .string("scottish"))

        let bad = Self.cycle(seats: 3, arithmetic: "scottish").replacingOccurrences(of: "method: stv", with: "method: approval")
        try Data(bad.utf8).write(to: dir.appendingPathComponent("bad.yaml"))
        let r = try CLIRunner.run(["cycle", "check", "bad.yaml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("error: stv_arithmetic applies only to a race with method stv, not approval (remove it) (bad.yaml:"))
        #expect(r.stderr.contains(": races[0].stv_arithmetic)"))
    }

    static func cycle(seats: Int, arithmetic: String) -> String {
        """
        id: stv-cli
        name: STV
        election_date: 2026-11-03
        coalition: {name: C}
        rules: {quorum: 0}
        races:
          - id: at-large
            name: At large
            seats: \(seats)
            method: stv
            stv_arithmetic: \(arithmetic)
        platform:
          - {id: p, title: P, weight: 1}
        questionnaire:
          - {id: q, text: Q, kind: yes_no, planks: [{plank: p, favors: "yes"}]}

        """
    }

    /// "1.90000" -> "1.9", "0.00000" -> "0".
    static func shortest(_ fiveDigits: String) -> String {
        var s = fiveDigits
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
