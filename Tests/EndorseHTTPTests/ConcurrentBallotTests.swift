import EndorseCore
import EndorseHTTP
import EndorseStore
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Concurrent ballots")
struct ConcurrentBallotTests {
    @Test("64 clients casting and replacing ballots end with a tally equal to the ground truth")
    func sixtyFourClients() async throws {
        try await ServiceFixture.with(poolSize: 16) { f in
            let orgs = (0..<64).map { String(format: "org-x%02d", $0) }
            _ = try await f.store.importOrgs(Array(("id,name,weight,contact_email\n" + orgs.enumerated()
                .map { "\($1),X \($0),\($0 % 3 + 1),\n" }.joined()).utf8), file: "more.csv")
            for org in orgs {
                try await ServiceFixture.insertToken(f.store, name: "t-\(org)", role: "org", org: org, token: "token-\(org)-0000000000000000000000")
            }
            _ = try await f.store.openVoting(cycle: "tiny", race: nil)
            // Each client casts 3 ballots in turn; its last one counts. Seeded choices, hand-checkable.
            let choices: [[String]] = [["c-a"], ["c-b", "c-a"], ["c-b"], ["c-a", "c-b"]]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (i, org) in orgs.enumerated() {
                    group.addTask {
                        for step in 0..<3 {
                            let ids = choices[(i * 7 + step * 3) % choices.count]
                            let body = #"{"ranking": [\#(ids.map { "\"\($0)\"" }.joined(separator: ","))]}"#
                            let r = try await f.call(.put, "/v1/cycles/tiny/races/r1/ballot", token: "token-\(org)-0000000000000000000000", json: body)
                            #expect(r.status == (step == 0 ? .created : .ok), "\(r.text)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            var truth: [String: Int64] = ["c-a": 0, "c-b": 0]
            for (i, _) in orgs.enumerated() {
                let last = choices[(i * 7 + 2 * 3) % choices.count]
                truth[last[0], default: 0] += Int64(i % 3 + 1)
            }
            let tally = try await f.call(.get, "/v1/cycles/tiny/races/r1/tally", token: ServiceFixture.staff)
            #expect(tally.status == .ok)
            let round1 = tally.json["rounds"]?.arrayValue?.first?["votes"]
            #expect(round1 == .object(truth.mapValues { .int($0) }))
            #expect(try await f.count("SELECT count(*)::bigint FROM ballots WHERE race = 'r1'") == 192)
            #expect(try await f.count("SELECT count(*)::bigint FROM ballots WHERE race = 'r1' AND current") == 64)
            // Each ballot's event is pending until sealed into the chain; sealing takes them all, intact.
            #expect(try await f.count("SELECT count(*)::bigint FROM audit_pending") == 192)
            #expect(try await f.db.sealAudit() == 192)
            #expect(try await f.count("SELECT count(*)::bigint FROM audit_pending") == 0)
            #expect(try await f.count("SELECT count(*)::bigint FROM audit_log WHERE action IN ('ballot.cast', 'ballot.replaced')") == 192)
            #expect(try await f.store.verifyAudit().intact)
        }
    }
}
