import EndorseCore
@testable import EndorseStore
import Testing

/// Every refusal of voting.md: the clear error code AND nothing changed (ballots, decisions,
/// rescissions, snapshots, race states, audit length).
struct VotingRefusalTests {
    static let c = VotingFixture.cycleID

    /// d1 (irv) and d2 (approval) open with o-a's first ballot in d1; d3 stays draft.
    static func prepared(_ body: (ActingStore) async throws -> Void) async throws {
        try await VotingFixture.withStore { store in
            _ = try await store.voting.openVoting(cycle: c, race: "d1")
            _ = try await store.voting.openVoting(cycle: c, race: "d2")
            _ = try await store.ballots.cast(cycle: c, race: "d1", org: "o-a", choice: .ranking(["c-a"]))
            try await body(store)
        }
    }

    struct Cast: CustomTestStringConvertible, Sendable {
        var name: String, race: String, org: String, choice: BallotChoice, code: EndorseError.Code
        var testDescription: String { name }
    }

    static let casts: [Cast] = [
        Cast(name: "race not open", race: "d3", org: "o-a", choice: .ranking(["c-g"]), code: .raceNotOpen),
        Cast(name: "recused org", race: "d1", org: "o-e", choice: .ranking(["c-a"]), code: .recused),
        Cast(name: "inactive org", race: "d1", org: "o-d", choice: .abstain, code: .orgInactive),
        Cast(name: "unknown org", race: "d1", org: "o-zz", choice: .abstain, code: .notFound),
        Cast(name: "unknown race", race: "d9", org: "o-a", choice: .abstain, code: .notFound),
        Cast(name: "id not on ballot (incomplete)", race: "d1", org: "o-b", choice: .ranking(["c-a", "c-n"]), code: .notOnBallot),
        Cast(name: "id of another race", race: "d1", org: "o-b", choice: .ranking(["c-d"]), code: .notOnBallot),
        Cast(name: "duplicates", race: "d1", org: "o-b", choice: .ranking(["c-a", "c-a"]), code: .invalidBallot),
        Cast(name: "empty ranking", race: "d1", org: "o-b", choice: .ranking([]), code: .invalidBallot),
        Cast(name: "empty approval", race: "d2", org: "o-b", choice: .approve([]), code: .invalidBallot),
        Cast(name: "approval duplicates", race: "d2", org: "o-b", choice: .approve(["c-d", "c-d"]), code: .invalidBallot),
        Cast(name: "approval in irv", race: "d1", org: "o-b", choice: .approve(["c-a"]), code: .invalidBallot),
        Cast(name: "ranking in approval", race: "d2", org: "o-b", choice: .ranking(["c-d"]), code: .invalidBallot),
    ]

    @Test(arguments: casts) func castRefused(_ cast: Cast) async throws {
        try await Self.prepared { store in
            try await VotingFixture.expectRefused(store, cast.code) {
                _ = try await store.ballots.cast(cycle: Self.c, race: cast.race, org: cast.org, choice: cast.choice)
            }
        }
    }

    @Test func thresholdTakesExactlyOneIDAndRefusesAfterClose() async throws {
        try await Self.prepared { store in
            _ = try await store.voting.openVoting(cycle: Self.c, race: "d3")
            try await VotingFixture.expectRefused(store, .invalidBallot) {
                _ = try await store.ballots.cast(cycle: Self.c, race: "d3", org: "o-a", choice: .ranking(["c-g", "c-h"]))
            }
            _ = try await store.voting.closeVoting(cycle: Self.c, race: "d1")
            try await VotingFixture.expectRefused(store, .raceNotOpen) {
                _ = try await store.ballots.cast(cycle: Self.c, race: "d1", org: "o-b", choice: .abstain)
            }
            try await VotingFixture.expectRefused(store, .raceNotOpen) {   // o-a's ballot stays once closed
                _ = try await store.ballots.withdraw(cycle: Self.c, race: "d1", org: "o-a")
            }
        }
    }

    @Test func stateChangesRefused() async throws {
        try await Self.prepared { store in
            try await VotingFixture.expectRefused(store, .wrongState) {
                _ = try await store.voting.openVoting(cycle: Self.c, race: "d1")          // already open
            }
            try await VotingFixture.expectRefused(store, .wrongState) {
                _ = try await store.voting.closeVoting(cycle: Self.c, race: "d3")         // draft
            }
            try await VotingFixture.expectRefused(store, .wrongState) {
                try await store.voting.reopenVoting(cycle: Self.c, race: "d1", reason: "x")  // open
            }
            try await VotingFixture.expectRefused(store, .reasonRequired) {
                try await store.voting.reopenVoting(cycle: Self.c, race: "d1", reason: "  ")
            }
            try await VotingFixture.expectRefused(store, .notFound) {
                _ = try await store.voting.openVoting(cycle: Self.c, race: "d3",
                                               includes: [BallotInclusion(candidate: "c-zz", reason: "r")])
            }
            try await VotingFixture.expectRefused(store, .invalidInput) {
                _ = try await store.voting.openVoting(cycle: Self.c, race: "d3",
                                               includes: [BallotInclusion(candidate: "c-a", reason: "other race")])
            }
            try await VotingFixture.expectRefused(store, .notFound) {
                _ = try await store.ballots.withdraw(cycle: Self.c, race: "d1", org: "o-b")  // nothing to withdraw
            }
            try await VotingFixture.expectRefused(store, .wrongState) {
                try await store.voting.reopenVoting(cycle: Self.c, race: "d3", reason: "x")  // draft
            }
            try await VotingFixture.expectRefused(store, .invalidInput) {                  // --include without --reason
                _ = try await store.voting.openVoting(cycle: Self.c, race: "d3",
                                               includes: [BallotInclusion(candidate: "c-g", reason: " ")])
            }
            try await VotingFixture.expectRefused(store, .invalidInput) {                  // the same candidate twice
                _ = try await store.voting.openVoting(cycle: Self.c, race: "d3",
                                               includes: [BallotInclusion(candidate: "c-h", reason: "r"),
                                                          BallotInclusion(candidate: "c-h", reason: "r")])
            }
            try await VotingFixture.expectRefused(store, .notFound) {
                _ = try await store.voting.openVoting(cycle: "no-such-cycle", race: "d1")
            }
        }
    }

    @Test func decisionsRefused() async throws {
        try await Self.prepared { store in
            // Decide while open.
            try await VotingFixture.expectRefused(store, .wrongState) {
                _ = try await store.decisions.decide(cycle: Self.c, race: "d1", request: DecisionRequest())
            }
            // d2: o-a (3) and o-e (5) approve all three: T 8 of E 11 meets quorum 5.5; 3 qualify
            // for 2 seats, all tied at 8: a tie.
            for org in ["o-a", "o-e"] {
                _ = try await store.ballots.cast(cycle: Self.c, race: "d2", org: org, choice: .approve(["c-d", "c-e", "c-f"]))
            }
            _ = try await store.voting.closeVoting(cycle: Self.c, race: nil)
            #expect(try await store.voting.tally(cycle: Self.c, race: "d2").outcome == .tie)
            try await VotingFixture.expectRefused(store, .choiceRequired) {
                _ = try await store.decisions.decide(cycle: Self.c, race: "d2", request: DecisionRequest())
            }
            try await VotingFixture.expectRefused(store, .reasonRequired) {
                _ = try await store.decisions.decide(cycle: Self.c, race: "d2", request: DecisionRequest(choice: .endorse(["c-d", "c-e"])))
            }
            try await VotingFixture.expectRefused(store, .tooManyEndorsements) {
                _ = try await store.decisions.decide(cycle: Self.c, race: "d2",
                                           request: DecisionRequest(choice: .endorse(["c-d", "c-e", "c-f"]), reason: "r"))
            }
            try await VotingFixture.expectRefused(store, .overrideNotApplicable) {   // a tie needs no --override
                _ = try await store.decisions.decide(cycle: Self.c, race: "d2",
                                           request: DecisionRequest(choice: .endorse(["c-d"]), override: true, reason: "r"))
            }
            try await VotingFixture.expectRefused(store, .invalidInput) {            // --endorse with no id
                _ = try await store.decisions.decide(cycle: Self.c, race: "d2", request: DecisionRequest(choice: .endorse([]), reason: "r"))
            }
            // d1: o-a alone ranks c-a -> endorsed c-a (quorum 3 of E 6 met).
            #expect(try await store.voting.tally(cycle: Self.c, race: "d1").endorsed == ["c-a"])
            try await VotingFixture.expectRefused(store, .overrideNotApplicable) {   // agreeing with the tally
                _ = try await store.decisions.decide(cycle: Self.c, race: "d1", request: DecisionRequest(override: true, reason: "r"))
            }
            try await VotingFixture.expectRefused(store, .overrideRequired) {
                _ = try await store.decisions.decide(cycle: Self.c, race: "d1", request: DecisionRequest(choice: .endorse(["c-b"])))
            }
            try await VotingFixture.expectRefused(store, .reasonRequired) {
                _ = try await store.decisions.decide(cycle: Self.c, race: "d1",
                                           request: DecisionRequest(choice: .endorse(["c-b"]), override: true))
            }
            try await VotingFixture.expectRefused(store, .notOnBallot) {
                _ = try await store.decisions.decide(cycle: Self.c, race: "d1",
                                           request: DecisionRequest(choice: .endorse(["c-zz"]), override: true, reason: "r"))
            }
            try await VotingFixture.expectRefused(store, .duplicateCandidate) {
                _ = try await store.decisions.decide(cycle: Self.c, race: "d1",
                                           request: DecisionRequest(choice: .endorse(["c-b", "c-b"]), override: true, reason: "r"))
            }
            // Rescind before any decision, then of a candidate not endorsed, then without reason.
            try await VotingFixture.expectRefused(store, .wrongState) {
                _ = try await store.decisions.rescind(cycle: Self.c, race: "d1", candidate: "c-a", reason: "r")
            }
            let d = try await store.decisions.decide(cycle: Self.c, race: "d1",
                                           request: DecisionRequest(choice: .endorse(["c-b"]), override: true, reason: "body vote"))
            #expect(d.record.override && d.record.endorsed == ["c-b"] && d.record.outcome == .endorsed)
            try await VotingFixture.expectRefused(store, .wrongState) {
                _ = try await store.decisions.decide(cycle: Self.c, race: "d1", request: DecisionRequest())   // already decided
            }
            try await VotingFixture.expectRefused(store, .notFound) {
                _ = try await store.decisions.rescind(cycle: Self.c, race: "d1", candidate: "c-a", reason: "r")
            }
            try await VotingFixture.expectRefused(store, .reasonRequired) {
                _ = try await store.decisions.rescind(cycle: Self.c, race: "d1", candidate: "c-b", reason: " ")
            }
        }
    }
}
