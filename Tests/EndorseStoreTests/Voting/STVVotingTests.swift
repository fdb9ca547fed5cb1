import EndorseCore
@testable import EndorseStore
import Testing
import EndorseTestSupport

/// An stv race in the store: `vote cast` and `vote import` take rankings and refuse anything
/// else with nothing changed, the tally from the database is the offline tally of the same
/// ballots, `decide` keeps the order of election, and the race's arithmetic cannot change once
/// voting opened.
@Suite struct STVVotingTests {
    static let cycle = "stv-2026"

    static func yaml(_ arithmetic: String) -> String {
        """
        id: stv-2026
        name: STV election
        election_date: 2026-11-03
        coalition: {name: Test Coalition}
        rules: {require_complete: false, min_overall_score: 0, quorum: 0.5}
        races:
          - {id: board, name: Board, seats: 2, method: stv, stv_arithmetic: \(arithmetic)}
        platform:
          - {id: p1, title: Funding, weight: 1}
        questionnaire:
          - {id: q1, text: Fund schools?, kind: yes_no, planks: [{plank: p1, favors: "yes"}]}

        """
    }

    /// Loaded through the store as `cycle load`, `org import`, `candidate import` do; board open.
    static func withOpenRace(_ body: (ActingStore) async throws -> Void) async throws {
        try await TestDatabase.withFreshDatabase { db in
            let store = Store(db: db).acting(as: "staff")
            _ = try await store.catalog.loadCycle(Array(yaml("scottish").utf8), file: "stv.yaml")
            _ = try await store.catalog.importOrgs(Array("""
                id,name,weight,contact_email
                o-a,A,7,
                o-b,B,4,
                o-c,C,3,
                o-d,D,1,

                """.utf8), file: "orgs.csv")
            _ = try await store.catalog.importCandidates(cycle: cycle, Array("""
                id,race,name,ballot_name,incumbent,email,website
                c-a,board,A,,,,
                c-b,board,B,,,,
                c-c,board,C,,,,

                """.utf8), file: "candidates.csv")
            _ = try await store.voting.openVoting(cycle: cycle, race: "board")
            try await body(store)
        }
    }

    @Test func castImportTallyAndDecide() async throws {
        try await Self.withOpenRace { store in
            _ = try await store.ballots.cast(cycle: Self.cycle, race: "board", org: "o-a", choice: .ranking(["c-a", "c-c"]))
            let lines = """
                {"org": "o-b", "race": "board", "ranking": ["c-b", "c-a"]}
                {"org": "o-c", "race": "board", "ranking": ["c-c"]}
                {"org": "o-d", "race": "board", "no_endorsement": true}

                """
            let imported = try await store.ballots.importBallots(cycle: Self.cycle, bytes: Array(lines.utf8), file: "b.jsonl")
            #expect(imported.lines == 3)
            _ = try await store.voting.closeVoting(cycle: Self.cycle, race: "board")

            // W = 14 (no-endorsement weight counts in C, not in W), quota 5: a (7) elected at
            // stage 1, surplus 2 moves at trunc5(2/7) = 0.28571 a paper to c: c 4.99997, just
            // short of the quota (exact arithmetic would give 5); b (4) is excluded, its paper
            // has no continuing preference, and c takes the last seat.
            let tally = try await store.voting.tally(cycle: Self.cycle, race: "board")
            let stv = try #require(tally.stv)
            #expect(stv.quota == 5 && stv.totalWeight == 14 && stv.arithmetic == .scottish)
            #expect(stv.elected == ["c-a", "c-c"])
            #expect(stv.stages.map(\.action) == [.first, .surplus, .exclusion])
            #expect(Tally.Stage.text(stv.stages[1].votes["c-c"] ?? .zero) == "4.99997")
            #expect(tally.castWeight == 15 && tally.noEndorsementWeight == 1)
            #expect(tally.outcome == .endorsed)

            // The same ballots offline, weights on the lines: the same count.
            let cycle = try CycleFile.parse(Array(Self.yaml("scottish").utf8), file: "stv.yaml")
            let race = try #require(cycle.race("board"))
            let offline = try Tally.tally(TallyInput(cycle: Self.cycle, race: race, rules: cycle.rules(for: race),
                                                     state: .closed, candidates: ["c-a", "c-b", "c-c"], eligibleWeight: 15,
                                                     ballots: [.init(org: "o-a", weight: 7, choice: .ranking(["c-a", "c-c"])),
                                                               .init(org: "o-b", weight: 4, choice: .ranking(["c-b", "c-a"])),
                                                               .init(org: "o-c", weight: 3, choice: .ranking(["c-c"])),
                                                               .init(org: "o-d", weight: 1, choice: .noEndorsement)]))
            #expect(offline.json == tally.json)

            let decision = try await store.decisions.decide(cycle: Self.cycle, race: "board", request: DecisionRequest())
            #expect(decision.record == DecisionRecord(outcome: .endorsed, endorsed: ["c-a", "c-c"], override: false, reason: nil))
        }
    }

    @Test func otherKindsAreRefusedWithNothingChanged() async throws {
        try await Self.withOpenRace { store in
            try await VotingFixture.expectRefused(store, .invalidBallot) {
                _ = try await store.ballots.cast(cycle: Self.cycle, race: "board", org: "o-a", choice: .approve(["c-a"]))
            }
            try await VotingFixture.expectRefused(store, .invalidBallot) {
                _ = try await store.ballots.cast(cycle: Self.cycle, race: "board", org: "o-a", choice: .ranking(["c-a", "c-a"]))
            }
            try await VotingFixture.expectRefused(store, .invalidInput) {
                _ = try await store.ballots.importBallots(cycle: Self.cycle, bytes: Array("""
                    {"org": "o-b", "race": "board", "ranking": ["c-b"]}
                    {"org": "o-c", "race": "board", "approve": ["c-c"]}

                    """.utf8), file: "b.jsonl")
            }
        }
    }

    @Test func theArithmeticCannotChangeOnceVotingOpened() async throws {
        try await Self.withOpenRace { store in
            let before = try await VotingFixture.counts(store)
            do {
                _ = try await store.catalog.loadCycle(Array(Self.yaml("exact").utf8), file: "stv.yaml")
                Issue.record("an edited stv_arithmetic was loaded after voting opened")
            } catch let error as EndorseError {
                #expect(error.code == .conflict)
                #expect(error.details.contains { $0.contains("race board: stv_arithmetic scottish -> exact") }, "\(error.details)")
            }
            #expect(try await VotingFixture.counts(store) == before)
            let cycle = try await store.catalog.cycleOverview(Self.cycle).cycle
            #expect(cycle.races[0].stvArithmetic == .scottish)
        }
    }
}
