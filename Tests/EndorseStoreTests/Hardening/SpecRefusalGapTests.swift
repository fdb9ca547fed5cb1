import EndorseCore
@testable import EndorseStore
import Testing
import EndorseTestSupport

/// Refusals of the spec and docs/decisions.md that had no test of their own (issue 13, the
/// bad-input battery; docs/reliability.md lists the rest): each asserts the error and that
/// nothing changed.
@Suite("Spec refusals without a test before")
struct SpecRefusalGapTests {
    @Test("re-importing candidates.csv cannot move a candidate between races once either left draft; nothing changes")
    func candidateCannotMoveAfterVotingOpened() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            _ = try await store.voting.openVoting(cycle: "tiny", race: "r1")
            let before = try await Catalog.snapshot(db)
            // c-a from the open r1 to the draft r2, and c-c from the draft r2 to the open r1.
            let moved = Catalog.bytes("""
                id,race,name,ballot_name,incumbent,email,website
                c-a,r2,A,,true,,
                c-b,r1,B,,,,
                c-c,r1,C,,false,,

                """)
            do {
                _ = try await store.catalog.importCandidates(cycle: "tiny", moved, file: "candidates.csv")
                Issue.record("the move was accepted")
            } catch let error as EndorseError {
                #expect(Catalog.lines(error) == [
                    "candidates.csv:2: race: c-a cannot move from r1 to r2 after voting opened",
                    "candidates.csv:4: race: c-c cannot move from r2 to r1 after voting opened",
                    "error: 2 bad rows in candidates.csv, nothing imported",
                ])
            }
            #expect(try await Catalog.snapshot(db) == before)
        }
    }

    @Test("an import that is not UTF-8 (formats.md: files are UTF-8) is refused naming the file; nothing changes")
    func importsMustBeUTF8() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            let before = try await Catalog.snapshot(db)
            let latin1: [UInt8] = Array("id,name,weight,contact_email\norg-x,Fran".utf8) + [0xE7] + Array("ais,1,\n".utf8)
            let latin1Ballot: [UInt8] = Array(#"{"race": "r1", "weight": 1, "ranking": ["c-a", "c-"#.utf8) + [0xE7]
                + Array(#""]}"#.utf8) + [0x0A]
            let imports: [(String, () async throws -> Void)] = [
                ("orgs.csv", { _ = try await store.catalog.importOrgs(latin1, file: "orgs.csv") }),
                ("candidates.csv", { _ = try await store.catalog.importCandidates(cycle: "tiny", latin1, file: "candidates.csv") }),
                ("answers.csv", { _ = try await store.answers.importAnswers(cycle: "tiny", latin1, file: "answers.csv") }),
                ("ballots.jsonl", { _ = try await store.ballots.importBallots(cycle: "tiny", bytes: latin1Ballot, file: "ballots.jsonl") }),
                ("ballots.jsonl", {   // the offline reader of `tally --ballots`, both its fast and general paths
                    let cycle = try CycleFile.parse(Catalog.bytes(Catalog.smallYAML), file: "tiny.yaml")
                    let race = try #require(cycle.race("r1"))
                    _ = try OfflineBallots.load(latin1Ballot, file: "ballots.jsonl", race: race, candidates: nil)
                }),
            ]
            for (file, run) in imports {
                do {
                    try await run()
                    Issue.record("\(file): accepted bytes that are not UTF-8")
                } catch let error as EndorseError {
                    #expect(error.code == .invalidInput, "\(file): \(error)")
                    // A CSV file is refused whole; a JSON line is refused at its FILE:LINE, like any bad line.
                    let named = error.description.contains("not UTF-8") && error.description.contains(file)
                    let lined = error.details == ["\(file):1: json: not JSON: invalid UTF-8 in string at byte 52"]
                    #expect(named || lined, "\(error.description) \(error.details)")
                }
            }
            #expect(try await Catalog.snapshot(db) == before)
        }
    }

    @Test("between two draft races a candidate may still move (the refusal is only once voting opened)")
    func candidateMovesWhileBothDraft() async throws {
        try await withStore { store, _ in
            try await Catalog.loadTiny(store)
            let result = try await store.catalog.importCandidates(cycle: "tiny", Catalog.bytes("""
                id,race,name,ballot_name,incumbent,email,website
                c-a,r2,A,,true,,

                """), file: "candidates.csv")
            #expect(result.updated == 1)
            #expect(try await store.catalog.candidates(cycle: "tiny").first { $0.id == "c-a" }?.race == "r2")
        }
    }
}
