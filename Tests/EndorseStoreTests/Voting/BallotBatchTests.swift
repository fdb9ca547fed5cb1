import Crypto
import EndorseCore
@testable import EndorseStore
import PostgresNIO
import Testing
import EndorseTestSupport

/// The ballot writer's batches (sql/004 `endorse_write_ballots`, `BallotBatcher`): every item of
/// a batch gets the answer it would get alone, and only the accepted ones are written.
@Suite("Ballot batches")
struct BallotBatchTests {
    static let orgA2 = "org-a-second-token-000000000000000000000000"
    static let orgD = "org-d-token-00000000000000000000000000000000"

    /// One item of a direct call: the token (or, with `org`, a staff entry for that org), whether
    /// the caller found the body good, the kind and ranking ('' for none), the Idempotency-Key
    /// ('' for none) and the request hash it binds.
    struct Item {
        var token: String
        var org = ""
        var bodyOK = true
        var kind = "ranking"
        var ranking = "c-a"
        var key = ""
        var keyHash = ""
        /// Microseconds since the epoch by which the caller is answered; 0: none.
        var deadline: Int64 = 0
    }

    /// A fresh database with the tiny cycle open, org-d (joined after opening: on no roster), and
    /// a second org-a token and an org-d token.
    static func with(_ body: (ActingStore, Database) async throws -> Void) async throws {
        try await TestDatabase.withFreshDatabase(poolSize: 8) { db in
            let store = Store(db: db).acting(as: "test")
            try await TinyFixture.load(store)
            _ = try await store.voting.openVoting(cycle: "tiny", race: nil)
            _ = try await store.catalog.importOrgs(Array("id,name,weight,contact_email\norg-d,Org D,1,\n".utf8), file: "d.csv")
            try await TinyFixture.insertToken(store, name: "tok-a2", role: "org", org: "org-a", token: orgA2)
            try await TinyFixture.insertToken(store, name: "tok-d", role: "org", org: "org-d", token: orgD)
            try await body(store, db)
        }
    }

    /// Calls the function with `items` for race r1 and returns (outcome, status, version) per item.
    static func call(_ db: Database, _ items: [Item], method: String = "irv") async throws -> [(String, Int?, Int?)] {
        let sql = sql(items, method: method)
        return try await db.withConnection { conn in
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
        func bools(_ values: [Bool]) -> String { "ARRAY[" + values.map { $0 ? "true" : "false" }.joined(separator: ",") + "]" }
        return """
            SELECT i, outcome, status, version FROM endorse_write_ballots(
                'tiny', 'r1', '\(method)',
                (SELECT (extract(epoch FROM state_changed_at) * 1000000)::bigint FROM races WHERE cycle = 'tiny' AND id = 'r1'),
                'api', true,
                ARRAY[\(items.map { $0.org.isEmpty ? "sha256('\($0.token)'::bytea)" : "''::bytea" }.joined(separator: ","))],
                \(array(items.map(\.org))), \(array(items.map { $0.org.isEmpty ? "" : "staff" })),
                \(bools(items.map { !$0.org.isEmpty })), \(array(items.map { _ in "" })),
                \(bools(items.map(\.bodyOK))),
                \(array(items.map(\.kind))), \(array(items.map(\.ranking))), \(array(items.map { _ in "" })),
                \(array(items.map { $0.kind == "ranking" ? #"{"ranking":["\#($0.ranking)"]}"# : "" })),
                \(array(items.map(\.key))), \(array(items.map { _ in "/v1/cycles/tiny/races/r1/ballot" })),
                ARRAY[\(items.map { "sha256('\($0.keyHash)'::bytea)" }.joined(separator: ","))],
                ARRAY[\(items.map { "\($0.deadline)::bigint" }.joined(separator: ","))])
            ORDER BY i
            """
    }

    static func count(_ db: Database, _ sql: String) async throws -> Int {
        try await db.withConnection { conn in
            let rows = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).collect()
            return Int(try rows.first?.decode(Int64.self) ?? -1)
        }
    }

    /// Row counts of every table a ballot could write: equal = nothing written.
    static func writes(_ db: Database) async throws -> [Int] {
        var out: [Int] = []
        for t in ["ballots", "idempotency_keys", "audit_log", "audit_pending"] {
            out.append(try await count(db, "SELECT count(*)::bigint FROM \(t)"))
        }
        return out
    }

    @Test("one batch of mixed ballots: each gets its own answer; only the accepted one is written")
    func mixedBatch() async throws {
        try await Self.with { _, db in
            let before = try await Self.writes(db)
            let answers = try await Self.call(db, [
                Item(token: TinyFixture.orgA),
                Item(token: TinyFixture.revoked),
                Item(token: TinyFixture.staff),
                Item(token: TinyFixture.orgC),          // recused from r1
                Item(token: TinyFixture.orgB, bodyOK: false, ranking: ""),
                Item(token: Self.orgA2, ranking: "c-b"),   // org-a again, by its other token
                Item(token: Self.orgD),                    // not on r1's roster
                Item(token: "no-such-token"),
                Item(token: "", org: "org-zz"),            // a staff entry for an unknown org
            ])
            #expect(answers.map(\.0) == ["ok", "unauthorized", "forbidden", "recused", "invalid_body", "again",
                                         "not_on_roster", "unauthorized", "unknown_org"])
            #expect(answers[0].1 == 201 && answers[0].2 == 1)
            let after = try await Self.writes(db)
            #expect(after[0] == before[0] + 1)   // ballots
            #expect(after[3] == before[3] + 1)   // audit_pending
            #expect(after[1...2] == before[1...2])
            #expect(try await Self.count(db, "SELECT count(*)::bigint FROM ballots WHERE org = 'org-a' AND ranking = '{c-a}' AND current") == 1)
        }
    }

    @Test("keys in a batch: bound per org; the same request replays, another body conflicts; a stale race writes nothing")
    func keysAndStaleness() async throws {
        try await Self.with { _, db in
            let first = try await Self.call(db, [
                Item(token: TinyFixture.orgA, key: "k1", keyHash: "x"),
                Item(token: TinyFixture.orgB, ranking: "c-b", key: "k1", keyHash: "y"),
            ])
            #expect(first.map(\.0) == ["ok", "ok"])
            #expect(first.map(\.2) == [1, 1])
            let before = try await Self.writes(db)
            let second = try await Self.call(db, [
                Item(token: TinyFixture.orgA, key: "k1", keyHash: "x"),
                Item(token: TinyFixture.orgB, ranking: "c-b", key: "k1", keyHash: "other body"),
            ])
            #expect(second.map(\.0) == ["replay", "conflict"])
            #expect(second[0].1 == 201 && second[0].2 == 1)
            let stale = try await Self.call(db, [Item(token: TinyFixture.orgA), Item(token: TinyFixture.orgB)],
                                            method: "approval")
            #expect(stale.map(\.0) == ["stale", "stale"])
            #expect(try await Self.writes(db) == before)
            // Replacing in a batch: versions go on per org, each answered 200.
            let third = try await Self.call(db, [Item(token: TinyFixture.orgB, ranking: "c-a"), Item(token: TinyFixture.orgA)])
            #expect(third.map(\.0) == ["ok", "ok"])
            #expect(third.map(\.1) == [200, 200])
            #expect(third.map(\.2) == [2, 2])
        }
    }

    @Test("withdrawals in a batch: a ballot is withdrawn as a new version; no ballot answers no_ballot and changes nothing")
    func withdrawals() async throws {
        try await Self.with { _, db in
            _ = try await Self.call(db, [Item(token: TinyFixture.orgA)])
            let withdraw = Item(token: TinyFixture.orgA, kind: "withdrawal", ranking: "")
            let first = try await Self.call(db, [withdraw, Item(token: TinyFixture.orgB, kind: "withdrawal", ranking: "")])
            #expect(first.map(\.0) == ["ok", "no_ballot"])
            #expect(first[0].2 == 2)
            let before = try await Self.writes(db)
            // Withdrawn already: the current row is the withdrawal, and it stays current.
            #expect(try await Self.call(db, [withdraw]).map(\.0) == ["no_ballot"])
            #expect(try await Self.writes(db) == before)
            #expect(try await Self.count(db, "SELECT count(*)::bigint FROM ballots WHERE org = 'org-a' AND current AND kind = 'withdrawal'") == 1)
            // Casting again after a withdrawal is a first ballot again (201), version 3.
            let again = try await Self.call(db, [Item(token: TinyFixture.orgA)])
            #expect(again.map(\.0) == ["ok"] && again[0].1 == 201 && again[0].2 == 3)
        }
    }

    @Test("a batch that fails as a whole (a key bound meanwhile by another transaction) is written ballot by ballot")
    func fallbackOneByOne() async throws {
        try await Self.with { staff, db in
            let log = TestDatabase.logger
            let store = Store(db: db, batcher: .init(maxInFlight: 1))
            let batcher = store.ballotBatcher
            let running = Task { try await batcher.run() }
            defer { running.cancel() }
            let entry = try await store.acting(as: "t").voting.ballotEntry(cycle: "tiny", race: "r1")
            let requestHash = Array(SHA256.hash(data: Array("x".utf8)))
            let writer = BallotWriter(cycle: "tiny", race: "r1", source: .api, audit: true)
            @Sendable func job(_ token: String, key: String? = nil) -> BallotBatcher.Job {
                let item = BallotWrite(voter: .token(sha256: Array(SHA256.hash(data: Array(token.utf8)))),
                                       content: .success(.ballot(.ranking(["c-a"]))), proxyNote: nil,
                                       key: key.map { IdempotencyKey(key: $0, path: "/v1/cycles/tiny/races/r1/ballot",
                                                                     requestSHA256: requestHash) })
                return BallotBatcher.Job(writer: writer, entry: entry, item: item)
            }
            @Sendable func outcome(_ o: BallotOutcome) -> String {
                switch o {
                case .written: "ok"
                case .replay: "replay"
                case .again: "again"
                case .stale: "stale"
                case .refused(let r, _, _): r.rawValue
                }
            }
            @Sendable func lockWaiters() async throws -> Int {
                try await Self.count(db, "SELECT count(*)::bigint FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
            }
            @Sendable func until(_ what: String, _ done: @Sendable () async throws -> Bool) async throws {
                for _ in 0..<500 where try await !done() { try await Task.sleep(for: .milliseconds(20)) }
                #expect(try await done(), "waited 10 s for \(what)")
            }
            let outcomes = try await db.client.withConnection { x in
                // x binds org-b's key "held" and keeps org-b's roster row locked, uncommitted.
                try await x.query("BEGIN", logger: log)
                let held = Self.sql([Item(token: TinyFixture.orgB, key: "held", keyHash: "x")])
                #expect(try await x.query(PostgresQuery(unsafeSQL: held), logger: log).collect().count == 1)
                return try await db.client.withConnection { y in
                    // y holds org-c's roster row: the first batch (org-c alone) waits on it while
                    // org-a's and org-b's ballots queue up behind it as one batch.
                    try await y.query("BEGIN", logger: log)
                    try await y.query("SELECT 1 FROM race_roster WHERE cycle = 'tiny' AND race = 'r1' AND org = 'org-c' FOR UPDATE", logger: log)
                    return try await withThrowingTaskGroup(of: (String, String).self) { group in
                        group.addTask { ("c", outcome(try await batcher.submit(job(TinyFixture.orgC)))) }
                        try await until("the first batch to wait") { try await lockWaiters() == 1 }
                        group.addTask { ("a", outcome(try await batcher.submit(job(TinyFixture.orgA)))) }
                        group.addTask { ("b", outcome(try await batcher.submit(job(TinyFixture.orgB, key: "held")))) }
                        try await until("two queued ballots") { batcher.waitingCount == 2 }
                        try await y.query("COMMIT", logger: log)
                        // The second batch found no key "held" (x has not committed) and waits for org-b's row.
                        try await until("the second batch to wait") { try await lockWaiters() == 1 && batcher.waitingCount == 0 }
                        try await x.query("COMMIT", logger: log)
                        var out: [String: String] = [:]
                        for try await (who, outcome) in group { out[who] = outcome }
                        return out
                    }
                }
            }
            // The batch's key INSERT failed on x's key; one by one, org-a is written and org-b replays x's answer.
            #expect(outcomes == ["c": "recused", "a": "ok", "b": "replay"])
            #expect(try await Self.count(db, "SELECT count(*)::bigint FROM ballots WHERE race = 'r1' AND org = 'org-a'") == 1)
            #expect(try await Self.count(db, "SELECT count(*)::bigint FROM ballots WHERE race = 'r1' AND org = 'org-b'") == 1)
            #expect(try await Self.count(db, "SELECT count(*)::bigint FROM audit_pending") == 2)
            _ = staff
        }
    }
}
