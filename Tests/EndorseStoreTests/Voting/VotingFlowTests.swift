import Crypto
import EndorseCore
@testable import EndorseStore
import PostgresNIO
import Testing

/// The whole voting half of a cycle on a real PostgreSQL: open -> cast -> replace -> close ->
/// tally -> decide -> rescind -> reopen.
struct VotingFlowTests {
    @Test func fullFlow() async throws {
        try await VotingFixture.withStore { store in
            let c = VotingFixture.cycleID
            // Open d1: eligible c-a, c-b, c-c (100 each, by id); c-x (below min) only by inclusion.
            let opened = try await store.voting.openVoting(cycle: c, race: "d1",
                                                    includes: [BallotInclusion(candidate: "c-x", reason: "court order")])
            #expect(opened.map(\.race) == ["d1"])
            #expect(opened[0].ballot == ["c-a", "c-b", "c-c", "c-x"])
            #expect(opened[0].included == ["c-x"])
            #expect(opened[0].rosterSize == 5)
            #expect(opened[0].eligibleWeight == 6)   // o-a 3 + o-b 2 + o-c 1; o-d inactive, o-e recused
            let reason = try await store.read { conn in
                try await conn.query("SELECT included_reason FROM race_ballot WHERE candidate = 'c-x'",
                                     logger: store.logger).collect()[0].decode(String?.self)
            }
            #expect(reason == "court order")

            let r1 = try await store.ballots.cast(cycle: c, race: "d1", org: "o-a", choice: .ranking(["c-a", "c-b"]),
                                                proxyNote: "delegates' meeting")
            #expect(r1.version == 1 && !r1.replaced && r1.proxy)
            let r2 = try await store.ballots.cast(cycle: c, race: "d1", org: "o-a", choice: .ranking(["c-b", "c-a"]))
            #expect(r2.version == 2 && r2.replaced)
            _ = try await store.ballots.cast(cycle: c, race: "d1", org: "o-b", choice: .ranking(["c-a"]))
            _ = try await store.ballots.cast(cycle: c, race: "d1", org: "o-c", choice: .abstain)

            // While open: a provisional tally, and status lists nobody missing.
            #expect(try await store.voting.tally(cycle: c, race: "d1").outcome == .open)
            let status = try await store.voting.votingStatus(cycle: c)
            #expect(status.map(\.race) == ["d1", "d2", "d3"])
            #expect(status[0].state == .open && status[0].eligibleWeight == 6 && status[0].turnoutWeight == 6)
            #expect(status[0].quorumRequired == "3" && status[0].quorumMet == true && status[0].notVoted.isEmpty)
            #expect(status[1].state == .draft && status[1].eligibleWeight == nil)

            #expect(try await store.voting.closeVoting(cycle: c, race: "d1") == ["d1"])
            let tally = try await store.voting.tally(cycle: c, race: "d1")
            // Round 1: c-b 3 (o-a's replaced ballot), c-a 2, c-c 0, c-x 0; 3 > 5/2 wins; 3 >= 0.5 x 5.
            #expect(tally.state == .closed && tally.eligibleWeight == 6 && tally.turnoutWeight == 6)
            #expect(tally.castWeight == 5 && tally.abstainWeight == 1 && tally.recused == ["o-e"])
            #expect(tally.rounds.count == 1)
            #expect(tally.rounds.first?.votes == ["c-a": 2, "c-b": 3, "c-c": 0, "c-x": 0])
            #expect(tally.outcome == .endorsed && tally.endorsed == ["c-b"] && tally.winner == "c-b")

            let decision = try await store.decisions.decide(cycle: c, race: "d1", request: DecisionRequest())
            #expect(decision.seq == 1 && decision.record.endorsed == ["c-b"] && decision.record.outcome == .endorsed)
            #expect(!decision.record.override && decision.record.reason == nil)
            let expectedHash = SHA256.hash(data: Array(tally.json.canonicalString.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(decision.tallySha256 == expectedHash)
            let (storedTally, scores, state) = try await store.read { conn in
                try await conn.query("""
                    SELECT d.tally, d.scores, r.state FROM decisions d JOIN races r ON r.cycle = d.cycle AND r.id = d.race
                    WHERE d.race = 'd1' AND d.current
                    """, logger: store.logger).collect()[0].decode((String, String, String).self)
            }
            #expect(storedTally == tally.json.canonicalString)
            #expect(scores == #"{"c-b":{"overall":100,"planks":{"p1":100}}}"#)
            #expect(state == "decided")
            let decoded = try DecisionScores.decode(scores)
            #expect(decoded["c-b"]?.overall == Fixed4(integer: 100))

            let rescinded = try await store.decisions.rescind(cycle: c, race: "d1", candidate: "c-b", reason: "scandal")
            #expect(rescinded.seq == 2 && rescinded.kind == "rescind" && rescinded.record.endorsed.isEmpty)
            #expect(rescinded.record.reason == "scandal" && rescinded.tallySha256 == expectedHash)
            #expect(try await store.decisions.currentDecision(cycle: c, race: "d1")?.seq == 2)

            try await store.voting.reopenVoting(cycle: c, race: "d1", reason: "revote after rescission")
            #expect(try await store.decisions.currentDecision(cycle: c, race: "d1") == nil)
            let after = try await VotingFixture.counts(store)
            #expect(after.decisions == 2 && after.rescissions == 1 && after.currentDecisions == 0)
            #expect(after.states == "d1=open,d2=draft,d3=draft")
            // Ballots survive a reopen: o-a can replace again as version 3.
            #expect(try await store.ballots.cast(cycle: c, race: "d1", org: "o-a", choice: .noEndorsement).version == 3)

            #expect(try await VotingFixture.auditActions(store) == [
                "vote.open", "ballot.cast", "ballot.replaced", "ballot.cast", "ballot.cast", "vote.close",
                "race.decide", "race.rescind", "vote.reopen", "ballot.replaced",
            ])
            #expect(try await store.db.verifyAudit() == nil)
        }
    }

    @Test func tallyFromDatabaseEqualsOfflineTally() async throws {
        try await VotingFixture.withStore { store in
            let c = VotingFixture.cycleID
            _ = try await store.voting.openVoting(cycle: c, race: "d2")
            let ballots: [(String, BallotChoice)] = [("o-a", .approve(["c-d", "c-e"])), ("o-b", .approve(["c-e"])),
                                                     ("o-c", .noEndorsement), ("o-e", .approve(["c-f", "c-d"]))]
            for (org, choice) in ballots {
                _ = try await store.ballots.cast(cycle: c, race: "d2", org: org, choice: choice)
            }
            _ = try await store.voting.closeVoting(cycle: c, race: nil)
            let fromDB = try await store.voting.tally(cycle: c, race: "d2")
            let cycle = try await store.read { conn in try await store.cycle(c, on: conn) }
            let race = try #require(cycle.race("d2"))
            let weights = ["o-a": Int64(3), "o-b": 2, "o-c": 1, "o-e": 5]
            let offline = try Tally.tally(.offline(cycle: cycle, race: race, candidates: ["c-d", "c-e", "c-f"],
                                                   ballots: ballots.map { WeightedBallot(org: $0.0, weight: weights[$0.0]!, choice: $0.1) }))
            // Every voter is active and unrecused in d2 and o-d (inactive) counts nowhere: E = T = 11.
            #expect(fromDB == offline)
            // approvals: c-d 8, c-e 5, c-f 5; base C = 11, required 5.5: only c-d qualifies.
            #expect(fromDB.votes == ["c-d": 8, "c-e": 5, "c-f": 5])
            #expect(fromDB.outcome == .endorsed && fromDB.endorsed == ["c-d"])
        }
    }

    @Test func concurrentBallotsOfOneOrgBothCommitAsVersions() async throws {
        try await VotingFixture.withStore { store in
            let c = VotingFixture.cycleID
            _ = try await store.voting.openVoting(cycle: c, race: "d1")
            let before = try await VotingFixture.counts(store).audit
            async let first = store.ballots.cast(cycle: c, race: "d1", org: "o-a", choice: .ranking(["c-a"]))
            async let second = store.ballots.cast(cycle: c, race: "d1", org: "o-a", choice: .ranking(["c-b"]))
            let versions = try await [first.version, second.version].sorted()
            #expect(versions == [1, 2])
            let rows = try await store.read { conn in
                var out: [(Int, Bool)] = []
                for try await row in try await conn.query("SELECT version, current FROM ballots WHERE org = 'o-a' ORDER BY version",
                                                          logger: store.logger).decode((Int, Bool).self) { out.append(row) }
                return out.map { "\($0.0):\($0.1)" }
            }
            #expect(rows == ["1:false", "2:true"])
            let actions = try await VotingFixture.auditActions(store)
            #expect(actions.count == Int(before) + 2)
            #expect(Array(actions.suffix(2)) == ["ballot.cast", "ballot.replaced"])
        }
    }

    @Test func openAllSkipsOpenRacesAndWarnsWithoutEligibleCandidates() async throws {
        try await VotingFixture.withStore { store in
            let c = VotingFixture.cycleID
            _ = try await store.voting.openVoting(cycle: c, race: "d1")
            // Nobody in d3 but c-g is eligible; make c-g withdraw so d3 has none.
            try await store.db.withConnection { conn in
                try await conn.run(["UPDATE candidates SET withdrawn_at = now(), withdraw_reason = 'moved' WHERE id = 'c-g'"])
            }
            let opened = try await store.voting.openVoting(cycle: c, race: nil)
            #expect(opened.map(\.race) == ["d2", "d3"])
            #expect(opened[1].ballot.isEmpty)
            #expect(opened[1].warnings.first?.contains("no eligible candidate") == true)
            #expect(try await store.voting.closeVoting(cycle: c, race: nil) == ["d1", "d2", "d3"])
            #expect(try await store.voting.closeVoting(cycle: c, race: nil).isEmpty)
            #expect(try await VotingFixture.auditActions(store).filter { $0 == "vote.open" }.count == 3)
        }
    }
}
