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
            _ = try await f.store.catalog.importOrgs(Array(("id,name,weight,contact_email\n" + orgs.enumerated()
                .map { "\($1),X \($0),\($0 % 3 + 1),\n" }.joined()).utf8), file: "more.csv")
            for org in orgs {
                try await ServiceFixture.insertToken(f.store, name: "t-\(org)", role: "org", org: org, token: "token-\(org)-0000000000000000000000")
            }
            _ = try await f.store.voting.openVoting(cycle: "tiny", race: nil)
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
            #expect(try await f.store.audit.verifyAudit().intact)
        }
    }

    @Test("concurrent requests through the batcher: two tokens of one org and one key sent many times each end right")
    func concurrentThroughTheBatcher() async throws {
        try await ServiceFixture.with(poolSize: 8) { f in
            _ = try await f.store.voting.openVoting(cycle: "tiny", race: nil)
            let orgA2 = "org-a-second-token-000000000000000000000000"
            try await ServiceFixture.insertToken(f.store, name: "tok-a2", role: "org", org: "org-a", token: orgA2)
            let rounds = 12
            let keyed = #"{"ranking": ["c-b"]}"#
            let answers = try await withThrowingTaskGroup(of: (String, TestResponse).self) { group in
                for n in 0..<rounds {
                    let body = n % 2 == 0 ? #"{"ranking": ["c-a"]}"# : #"{"ranking": ["c-b", "c-a"]}"#
                    group.addTask { ("a", try await f.call(.put, BallotRouteTests.r1, token: ServiceFixture.orgA, json: body)) }
                    group.addTask { ("a", try await f.call(.put, BallotRouteTests.r1, token: orgA2, json: body)) }
                    group.addTask {
                        ("b", try await f.call(.put, BallotRouteTests.r1, token: ServiceFixture.orgB, json: keyed,
                                               headers: BallotRouteTests.key("same-key")))
                    }
                }
                var out: [(String, TestResponse)] = []
                for try await answer in group { out.append(answer) }
                return out
            }
            let orgA = answers.filter { $0.0 == "a" }.map(\.1)
            #expect(orgA.allSatisfy { $0.status == .created || $0.status == .ok })
            #expect(orgA.filter { $0.status == .created }.count == 1)
            // Every org-a ballot is its own version, 1 ... 2 x rounds, and the last one is current.
            let versions = orgA.compactMap { r -> Int? in
                if case .number(let digits) = r.json["version"] { Int(digits) } else { nil }
            }
            #expect(versions.sorted() == Array(1...(2 * rounds)))
            #expect(try await f.count("SELECT count(*)::bigint FROM ballots WHERE race = 'r1' AND org = 'org-a'") == 2 * rounds)
            #expect(try await f.count("SELECT max(version)::bigint FROM ballots WHERE race = 'r1' AND org = 'org-a' AND current") == 2 * rounds)
            // The keyed request was written once; every copy got that same answer.
            let orgB = answers.filter { $0.0 == "b" }.map(\.1)
            #expect(orgB.allSatisfy { $0.status == .created }, "\(orgB.map(\.status))")
            #expect(Set(orgB.map { $0.json["receipt"]?.stringValue ?? "none" }).count == 1)
            #expect(try await f.count("SELECT count(*)::bigint FROM ballots WHERE race = 'r1' AND org = 'org-b'") == 1)
            #expect(try await f.count("SELECT count(*)::bigint FROM audit_pending") == 2 * rounds + 1)
            #expect(try await f.db.sealAudit() == 2 * rounds + 1)
            #expect(try await f.store.audit.verifyAudit().intact)
        }
    }
}
