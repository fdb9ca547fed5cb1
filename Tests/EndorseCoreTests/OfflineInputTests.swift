import Testing
@testable import EndorseCore

@Suite struct OfflineInputTests {
    let irvRace = Race(id: "district-1", name: "D1", method: .irv)

    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func readsLinesAppliesLastOneStandingAndIgnoresOtherRaces() throws {
        let text = "\u{FEFF}" + """
            {"org": "org-a", "race": "district-1", "ranking": ["c-a", "c-b"]}
            {"weight": 4, "race": "district-1", "ranking": ["c-b"]}

            {"org": "org-b", "weight": 3, "race": "district-1", "abstain": true}
            {"org": "org-a", "race": "district-1", "no_endorsement": true}
            {"org": "org-z", "race": "district-2", "ranking": ["c-x"]}\r
            {"weight": 4, "race": "district-1", "ranking": ["c-b"]}
            """
        let loaded = try OfflineBallots.load(bytes(text), file: "b.jsonl", race: irvRace, candidates: nil)
        #expect(loaded.candidates == ["c-b"])  // c-a named only by a replaced line
        #expect(loaded.ballots == [
            WeightedBallot(org: "org-a", weight: 1, choice: .noEndorsement),
            WeightedBallot(org: "org-b", weight: 3, choice: .abstain),
        ])
        // The weight-only rankings are packed: one group, both lines.
        #expect(loaded.packed.lines == 2 && loaded.packed.totalWeight == 8)
        #expect(loaded.packed.ballots == [WeightedBallot(org: nil, weight: 8, choice: .ranking(["c-b"]))])
        let cycle = Cycle(id: "cy", name: "Cy", electionDate: "2026-11-03", coalition: Coalition(name: "C"),
                          races: [irvRace], platform: [], questionnaire: [])
        let input = TallyInput.offline(cycle: cycle, race: irvRace, loaded: loaded)
        #expect(input.eligibleWeight == 12 && input.state == .closed && input.recused.isEmpty)
        let tally = try Tally.tally(input)
        #expect(tally.turnoutWeight == 12 && tally.castWeight == 9 && tally.winner == "c-b")
        // Approval and threshold races keep every line as a ballot.
        let approval = Race(id: "district-1", name: "D1", seats: 2, method: .approval)
        let unpacked = try OfflineBallots.load(bytes("{\"weight\": 2, \"race\": \"district-1\", \"approve\": [\"c-a\"]}"),
                                               file: "b.jsonl", race: approval, candidates: nil)
        #expect(unpacked.packed.lines == 0 && unpacked.ballots.count == 1)
    }

    @Test func reportsEveryBadLineAtOnce() throws {
        let text = """
            {"org": "org-a", "race": "district-1", "ranking": ["c-a"]}
            {"org": "org-b", "race": "district-1", "ranking": ["c-a"], "colour": "red"}
            not json
            {"race": "district-1", "ranking": ["c-a"]}
            {"org": "org-c", "weight": 0, "race": "district-1", "abstain": true}
            {"org": "org-d", "race": "district-1", "ranking": ["c-a"], "approve": ["c-a"]}
            {"org": "org-e", "race": "district-1", "ranking": ["c-q"]}
            {"org": "org-f", "race": "district-1", "approve": ["c-a"]}
            {"org": "org-g", "race": "district-1", "ranking": ["c-a", "c-a"]}
            {"org": "org-h", "race": "district-9", "ranking": ["c-q"]}
            """
        let error = try #require(throws: EndorseError.self) {
            try OfflineBallots.load(bytes(text), file: "b.jsonl", race: irvRace, candidates: ["c-a", "c-b"])
        }
        #expect(error.exitCode == 1)
        #expect(error.message == "8 bad lines in b.jsonl, nothing tallied")
        #expect(error.details.count == 8)
        #expect(error.details[0].hasPrefix("b.jsonl:2: colour: unknown key"))
        #expect(error.details[1].hasPrefix("b.jsonl:3: json: not JSON"))
        #expect(error.details[2] == "b.jsonl:4: org: a line needs an org or a weight")
        #expect(error.details[3] == "b.jsonl:5: weight: must be a whole number from 1 to 1000000000")
        #expect(error.details[4].hasPrefix("b.jsonl:6: ranking: only one of ranking, approve"))
        #expect(error.details[5] == "b.jsonl:7: ranking: c-q is not on the race's ballot")
        #expect(error.details[6].hasPrefix("b.jsonl:8: approve: an irv race takes a \"ranking\""))
        #expect(error.details[7] == "b.jsonl:9: ranking: c-a appears more than once in the ranking list")
    }

    @Test func listsAtMostFiftyThenACount() throws {
        let text = (1...60).map { _ in "{}" }.joined(separator: "\n")
        let error = try #require(throws: EndorseError.self) {
            try OfflineBallots.load(bytes(text), file: "b.jsonl", race: irvRace, candidates: nil)
        }
        #expect(error.message == "60 bad lines in b.jsonl, nothing tallied")
        #expect(error.details.count == 51)
        #expect(error.details.last == "... and 130 more")  // 60 lines x 3 problems each, 50 listed
    }

    @Test func candidatesFromCSVWithQuotedFieldsAndLineNumbers() throws {
        let csv = "\u{FEFF}id,race,name,ballot_name,incumbent,email,website\r\n"
            + "c-b,district-1,\"Bee, B\",,true,,\r\n"
            + "c-x,district-2,X,,,,\r\n"
            + "c-a,district-1,\"Ann\nMultiline\",,,,\r\n"
            + "c-c,district-1,Cee,,false,,\r\n"
        #expect(try OfflineCandidates.ids(bytes(csv), file: "c.csv", race: "district-1") == ["c-b", "c-a", "c-c"])
        let bad = "id,race,name\nc-a,district-1,\"A\nB\"\nc-a,district-1,\nBAD,district-1,Z\n"
        let error = try #require(throws: EndorseError.self) {
            try OfflineCandidates.ids(bytes(bad), file: "c.csv", race: "district-1")
        }
        #expect(error.details == [
            "c.csv:4: id: c-a repeats line 2",
            "c.csv:4: name: required",
            "c.csv:5: id: \"BAD\" does not match [a-z0-9][a-z0-9-]{0,62}",
        ])
        #expect(error.message == "2 bad rows in c.csv, nothing tallied")
    }
}
