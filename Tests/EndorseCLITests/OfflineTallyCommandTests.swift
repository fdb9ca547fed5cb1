import EndorseCore
import Foundation
import Testing

/// `endorse tally --cycle-file` on the bundled sample, as the README runs it.
@Suite struct OfflineTallyCommandTests {
    static let sample = ["--cycle-file", "config/sample-2026.yaml", "--ballots", "config/ballots.jsonl"]

    /// config/README.md, "Offline tallies of the same ballots": every org weighs 1 offline.
    @Test(arguments: [
        ("district-6", "endorsed", ["c-sofia-marchetti"], "c-sofia-marchetti"),
        ("district-2", "no_endorsement", [], "c-grace-whitaker"),
        ("district-9", "endorsed", ["c-denise-carter"], "c-denise-carter"),
    ])
    func jsonMatchesThePinnedOutcome(race: String, outcome: String, endorsed: [String], winner: String) throws {
        let r = try CLIRunner.run(["tally", "--race", race, "--format", "json"] + Self.sample)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONValue.parse(r.stdout)
        #expect(json["outcome"] == .string(outcome))
        #expect(json["endorsed"] == .strings(endorsed))
        #expect(json["winner"] == .string(winner))
        #expect(json["state"] == .string("closed"))
        #expect(json["eligible_weight"] == json["turnout_weight"], "offline, E = T")
        // The output is the canonical compact JSON plus one newline.
        #expect(r.stdout == json.canonicalString + "\n")
    }

    /// config/README.md, "Offline tallies": the stv race with every org at weight 1.
    @Test func theSampleSTVRaceOffline() throws {
        let r = try CLIRunner.run(["tally", "--race", "at-large-ranked", "--format", "json"] + Self.sample)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONValue.parse(r.stdout)
        #expect(json["method"] == .string("stv"))
        #expect(json["quota"] == .number("4"))
        #expect(json["outcome"] == .string("endorsed"))
        #expect(json["endorsed"] == .strings(["c-rosalind-okoye", "c-grace-liu", "c-henry-walsh"]))
        let rounds = try #require(json["rounds"]?.arrayValue)
        #expect(rounds.map { $0["candidate"] ?? .null } == [.null, .string("c-diego-santana"), .string("c-tobias-eklund"),
                                                              .string("c-mina-park")])
        #expect(rounds.map { $0["tie_break"] ?? .null } == [.null, .null, .string("id"), .string("id")])
        #expect(rounds[1]["elected"] == .strings(["c-rosalind-okoye"]))
        #expect(rounds[3]["elected"] == .strings(["c-grace-liu", "c-henry-walsh"]))
    }

    @Test func tablePrintsRoundsAndOutcome() throws {
        let r = try CLIRunner.run(["tally", "--race", "district-2", "--candidates", "config/candidates.csv"] + Self.sample)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("r1"))
        #expect(r.stdout.contains("IRV winner"))
        #expect(r.stdout.contains("outcome"))
    }

    @Test func anIdNotAmongTheCandidatesIsRefused() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let ballots = dir.appendingPathComponent("b.jsonl")
        try Data(#"{"org": "org-a", "race": "district-1", "ranking": ["c-nobody"]}"#.utf8).write(to: ballots)
        let r = try CLIRunner.run(["tally", "--cycle-file", "config/sample-2026.yaml", "--race", "district-1",
                                   "--ballots", ballots.path, "--candidates", "config/candidates.csv"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(ballots.path):1:"))
        #expect(r.stderr.contains("c-nobody"))
        #expect(r.stdout.isEmpty)
    }

    @Test func unknownRaceIsRefused() throws {
        let r = try CLIRunner.run(["tally", "--race", "district-99"] + Self.sample)
        #expect(r.status == 1)
        #expect(r.stderr.contains("district-99"))
    }
}
