import Foundation
import Testing
@testable import EndorseCore

/// RCTab's single-winner regression cases (Tests/Conformance/rctab/README.md): our IRV must give
/// `voting_md_winner` always, RCTab's winner when `compare.winner`, and RCTab's rounds one for one
/// when `compare.exact`. Every case is in the repository; a missing folder fails, never skips.
@Suite struct RCTabConformanceTests {
    static let cases = ConformanceCases.names("rctab")

    @Test func everyCaseIsInTheRepository() {
        #expect(Self.cases.count == 38, "\(Self.cases.count) cases in \(ConformanceCases.folder("rctab").path)")
    }

    @Test(arguments: cases) func rctabCase(_ name: String) throws {
        let files = ConformanceCases.Case("rctab", name)
        let expected = try files.expected()
        let raceID = try #require(expected["race"]?.stringValue)
        // cycle.yaml of every case: one irv race, seats 1, threshold 0.5 of continuing, quorum 0.
        let tally = try files.tally(race: raceID)
        #expect(tally.method == .irv)

        #expect(tally.winner == expected["voting_md_winner"]?.stringValue)
        if expected["compare"]?["winner"] == .bool(true) {
            #expect(tally.winner == expected["winner"]?.stringValue)
        }
        guard expected["compare"]?["exact"] == .bool(true) else { return }
        let rounds = try #require(expected["rounds"]?.arrayValue)
        #expect(tally.rounds.count == rounds.count)
        for (ours, theirs) in zip(tally.rounds, rounds) {
            let votes = (theirs["votes"]?.objectValue ?? [:]).mapValues { $0.int64Value ?? -1 }
            #expect(ours.votes == votes, "round \(ours.number)")
            #expect(ours.continuingWeight == theirs["continuing_weight"]?.int64Value, "round \(ours.number)")
            #expect(ours.exhaustedWeight == theirs["exhausted_weight"]?.int64Value, "round \(ours.number)")
            let eliminated = theirs["eliminated"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect((ours.eliminated.map { [$0] } ?? []) == eliminated, "round \(ours.number)")
        }
    }
}
