import Crypto
import EndorseCore
import EndorseHTTP
@testable import EndorseStore
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing
import EndorseTestSupport

/// Ballots written in batches (sql/003 `endorse_api_put_ballots`, `PutBallotBatcher`): every item
/// of a batch gets the answer it would get alone, and only the accepted ones are written.
@Suite("Ballot batches")
struct BallotBatchTests {
    static let orgA2 = "org-a-second-token-000000000000000000000000"
    static let orgD = "org-d-token-00000000000000000000000000000000"

    /// One item of a direct call: the token, whether the caller found the body good, the ranking
    /// ('' for none), the Idempotency-Key ('' for none) and the request hash it binds.
    struct Item {
        var token: String
        var bodyOK = true
        var ranking = "c-a"
        var key = ""
        var keyHash = ""
    }

    /// Calls the function with `items` for race r1 and returns (outcome, status, version) per item.
    static func call(_ f: ServiceFixture, _ items: [Item], method: String = "irv") async throws -> [(String, Int?, Int?)] {
        let sql = sql(items, method: method)
        return try await f.db.withConnection { conn in
            var out: [(String, Int?, Int?)] = []
            for try await (i, outcome, status, version) in try await conn.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
                .decode((Int, String, Int?, Int?).self) {
                #expect(i == out.count + 1)
                out.append((outcome, status, version))
            }
            return out
        }
    }

    static func sql(_ items: [Item], method: String = "irv") -> String {
        func array(_ values: [String]) -> String {
            "ARRAY[" + values.map { "'\($0)'" }.joined(separator: ",") + "]::text[]"
        }
        return """
            SELECT i, outcome, status, version FROM endorse_api_put_ballots(
                'tiny', 'r1', '\(method)',
                (SELECT (extract(epoch FROM state_changed_at) * 1000000)::bigint FROM races WHERE cycle = 'tiny' AND id = 'r1'),
                ARRAY[\(items.map { "sha256('\($0.token)'::bytea)" }.joined(separator: ","))],
                ARRAY[\(items.map { $0.bodyOK ? "true" : "false" }.joined(separator: ","))],
                \(array(items.map { _ in "ranking" })), \(array(items.map(\.ranking))), \(array(items.map { _ in "" })),
                \(array(items.map { #"{"ranking":["\#($0.ranking)"]}"# })),
                \(array(items.map(\.key))), \(array(items.map { _ in "/v1/cycles/tiny/races/r1/ballot" })),
                ARRAY[\(items.map { "sha256('\($0.keyHash)'::bytea)" }.joined(separator: ","))])
            ORDER BY i
            """
    }

    static func prepare(_ f: ServiceFixture) async throws {
        try await BallotRouteTests.open(f)
        // org-d joins after voting opened: it is on no roster.
        _ = try await f.store.importOrgs(Array("id,name,weight,contact_email\norg-d,Org D,1,\n".utf8), file: "d.csv")
        try await ServiceFixture.insertToken(f.store, name: "tok-a2", role: "org", org: "org-a", token: orgA2)
        try await ServiceFixture.insertToken(f.store, name: "tok-d", role: "org", org: "org-d", token: orgD)
    }

    @Test("one batch of mixed ballots: each gets its own answer; only the accepted one is written")
    func mixedBatch() async throws {
        try await ServiceFixture.with { f in
            try await Self.prepare(f)
            let before = try await f.writes()
            let answers = try await Self.call(f, [
                Item(token: ServiceFixture.orgA),
                Item(token: ServiceFixture.revoked),
                Item(token: ServiceFixture.staff),
                Item(token: ServiceFixture.orgC),          // recused from r1
                Item(token: ServiceFixture.orgB, bodyOK: false, ranking: ""),
                Item(token: Self.orgA2, ranking: "c-b"),   // org-a again, by its other token
                Item(token: Self.orgD),                    // not on r1's roster
                Item(token: "no-such-token"),
            ])
            #expect(answers.map(\.0) == ["ok", "unauthorized", "forbidden", "recused", "invalid_body", "again",
                                         "not_on_roster", "unauthorized"])
            #expect(answers[0].1 == 201 && answers[0].2 == 1)
            let after = try await f.writes()
            #expect(after[0] == before[0] + 1)   // ballots
            #expect(after[5] == before[5] + 1)   // audit_pending
            #expect(after[1...4] == before[1...4])
            #expect(try await f.count("SELECT count(*)::bigint FROM ballots WHERE org = 'org-a' AND ranking = '{c-a}' AND current") == 1)
        }
    }

    @Test("keys in a batch: bound per org; the same request replays, another body conflicts; a stale race writes nothing")
    func keysAndStaleness() async throws {
        try await ServiceFixture.with { f in
            try await Self.prepare(f)
            let first = try await Self.call(f, [
                Item(token: ServiceFixture.orgA, key: "k1", keyHash: "x"),
                Item(token: ServiceFixture.orgB, ranking: "c-b", key: "k1", keyHash: "y"),
            ])
            #expect(first.map(\.0) == ["ok", "ok"])
            #expect(first.map(\.2) == [1, 1])
            let before = try await f.writes()
            let second = try await Self.call(f, [
                Item(token: ServiceFixture.orgA, key: "k1", keyHash: "x"),
                Item(token: ServiceFixture.orgB, ranking: "c-b", key: "k1", keyHash: "other body"),
            ])
            #expect(second.map(\.0) == ["replay", "conflict"])
            #expect(second[0].1 == 201 && second[0].2 == 1)
            let stale = try await Self.call(f, [Item(token: ServiceFixture.orgA), Item(token: ServiceFixture.orgB)],
                                            method: "approval")
            #expect(stale.map(\.0) == ["stale", "stale"])
            #expect(try await f.writes() == before)
            // Replacing in a batch: versions go on per org, each answered 200.
            let third = try await Self.call(f, [Item(token: ServiceFixture.orgB, ranking: "c-a"), Item(token: ServiceFixture.orgA)])
            #expect(third.map(\.0) == ["ok", "ok"])
            #expect(third.map(\.1) == [200, 200])
            #expect(third.map(\.2) == [2, 2])
        }
    }

    @Test("concurrent requests through the batcher: two tokens of one org and one key sent many times each end right")
    func concurrentThroughTheBatcher() async throws {
        try await ServiceFixture.with(poolSize: 8) { f in
            try await Self.prepare(f)
            let rounds = 12
            let keyed = #"{"ranking": ["c-b"]}"#
            let answers = try await withThrowingTaskGroup(of: (String, TestResponse).self) { group in
                for n in 0..<rounds {
                    let body = n % 2 == 0 ? #"{"ranking": ["c-a"]}"# : #"{"ranking": ["c-b", "c-a"]}"#
                    group.addTask { ("a", try await f.call(.put, BallotRouteTests.r1, token: ServiceFixture.orgA, json: body)) }
                    group.addTask { ("a", try await f.call(.put, BallotRouteTests.r1, token: Self.orgA2, json: body)) }
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
            #expect(try await f.store.verifyAudit().intact)
        }
    }

    @Test("a batch that fails as a whole (a key bound meanwhile by another transaction) is written ballot by ballot")
    func fallbackOneByOne() async throws {
        try await ServiceFixture.with(poolSize: 8) { f in
            try await Self.prepare(f)
            let log = TestDatabase.logger
            let entry = try await f.store.loadVotingRace(cycle: "tiny", race: "r1")
            let requestHash = Array(SHA256.hash(data: Array("x".utf8)))
            @Sendable func item(_ token: String, key: String? = nil) -> PutBallotItem {
                PutBallotItem(tokenSHA256: Array(SHA256.hash(data: Array(token.utf8))), cycle: "tiny", race: "r1",
                              attempt: PutBallotAttempt(parsed: .success(.ranking(["c-a"])), race: entry),
                              key: key.map { IdempotencyKey(key: $0, path: BallotRouteTests.r1, requestSHA256: requestHash) })
            }
            @Sendable func lockWaiters() async throws -> Int {
                try await f.count("SELECT count(*)::bigint FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
            }
            @Sendable func until(_ what: String, _ done: @Sendable () async throws -> Bool) async throws {
                for _ in 0..<500 where try await !done() { try await Task.sleep(for: .milliseconds(20)) }
                #expect(try await done(), "waited 10 s for \(what)")
            }
            let batcher = PutBallotBatcher(maxInFlight: 1)
            let outcomes = try await f.db.client.withConnection { x in
                // x binds org-b's key "held" and keeps org-b's roster row locked, uncommitted.
                try await x.query("BEGIN", logger: log)
                let held = Self.sql([Item(token: ServiceFixture.orgB, key: "held", keyHash: "x")])
                #expect(try await x.query(PostgresQuery(unsafeSQL: held), logger: log).collect().count == 1)
                return try await f.db.client.withConnection { y in
                    // y holds org-c's roster row: the first batch (org-c alone) waits on it while
                    // org-a's and org-b's ballots queue up behind it as one batch.
                    try await y.query("BEGIN", logger: log)
                    try await y.query("SELECT 1 FROM race_roster WHERE cycle = 'tiny' AND race = 'r1' AND org = 'org-c' FOR UPDATE", logger: log)
                    return try await withThrowingTaskGroup(of: (String, PutBallotOutcome).self) { group in
                        group.addTask { ("c", try await batcher.submit(item(ServiceFixture.orgC), db: f.db, logger: log)) }
                        try await until("the first batch to wait") { try await lockWaiters() == 1 }
                        group.addTask { ("a", try await batcher.submit(item(ServiceFixture.orgA), db: f.db, logger: log)) }
                        group.addTask { ("b", try await batcher.submit(item(ServiceFixture.orgB, key: "held"), db: f.db, logger: log)) }
                        try await until("two queued ballots") { batcher.waitingCount == 2 }
                        try await y.query("COMMIT", logger: log)
                        // The second batch found no key "held" (x has not committed) and waits for org-b's row.
                        try await until("the second batch to wait") { try await lockWaiters() == 1 && batcher.waitingCount == 0 }
                        try await x.query("COMMIT", logger: log)
                        var out: [String: String] = [:]
                        for try await (who, outcome) in group { out[who] = outcome.outcome }
                        return out
                    }
                }
            }
            // The batch's key INSERT failed on x's key; one by one, org-a is written and org-b replays x's answer.
            #expect(outcomes == ["c": "recused", "a": "ok", "b": "replay"])
            #expect(try await f.count("SELECT count(*)::bigint FROM ballots WHERE race = 'r1' AND org = 'org-a'") == 1)
            #expect(try await f.count("SELECT count(*)::bigint FROM ballots WHERE race = 'r1' AND org = 'org-b'") == 1)
            #expect(try await f.count("SELECT count(*)::bigint FROM audit_pending") == 2)
        }
    }
}
