import Foundation
import Testing
@testable import EndorseCore

/// RCTab's single-winner regression cases (shared/conformance/rctab/README.md): our IRV must give
/// `voting_md_winner` always, RCTab's winner when `compare.winner`, and RCTab's rounds one for one
/// when `compare.exact`. A missing folder fails; it never skips.
@Suite struct RCTabConformanceTests {
    /// `<repo>/../shared/conformance/rctab`, else `$ENDORSE_SHARED/conformance/rctab`, else
    /// `/work/shared/conformance/rctab`.
    static let folder: URL? = {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        var candidates = [repo.deletingLastPathComponent().appendingPathComponent("shared")]
        if let env = ProcessInfo.processInfo.environment["ENDORSE_SHARED"] {
            candidates.append(URL(fileURLWithPath: env))
        }
        candidates.append(URL(fileURLWithPath: "/work/shared"))
        return candidates.map { $0.appendingPathComponent("conformance/rctab") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    static let cases: [String] = {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            return ["<conformance folder missing>"]
        }
        return names.filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/expected.json").path)
        }.sorted()
    }()

    @Test func folderIsThereWithEveryCase() throws {
        let folder = try #require(Self.folder, "shared/conformance/rctab not found beside the repo, in $ENDORSE_SHARED or /work/shared")
        #expect(Self.cases.count >= 38, "only \(Self.cases.count) cases in \(folder.path)")
    }

    @Test(arguments: cases) func rctabCase(_ name: String) throws {
        let dir = try #require(Self.folder, "conformance folder missing").appendingPathComponent(name)
        func bytes(_ file: String) throws -> [UInt8] {
            Array(try Data(contentsOf: dir.appendingPathComponent(file)))
        }
        let expected = try JSONValue.parse(try bytes("expected.json"))
        let raceID = try #require(expected["race"]?.stringValue)
        // cycle.yaml of every case: one irv race, seats 1, threshold 0.5 of continuing, quorum 0.
        let race = Race(id: raceID, name: LocalizedText(raceID), seats: 1, method: .irv)
        let rules = Rules(quorum: .zero, threshold: Fixed4(units: 5_000), thresholdBase: .continuing)
        let candidates = try OfflineCandidates.ids(try bytes("candidates.csv"), file: "candidates.csv", race: raceID)
        let loaded = try OfflineBallots.load(try bytes("ballots.jsonl"), file: "ballots.jsonl", race: race,
                                             candidates: candidates)
        var input = TallyInput(cycle: "rctab", race: race, rules: rules, state: .closed,
                               candidates: loaded.candidates, eligibleWeight: 0, ballots: loaded.ballots)
        input.eligibleWeight = loaded.ballots.reduce(0) { $0 + $1.weight }
        let tally = try Tally.tally(input)

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
