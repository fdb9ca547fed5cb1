import Crypto
import EndorseCore
@testable import EndorseStore
import PostgresNIO
import Testing
import EndorseTestSupport

/// A ballot given up on (its caller answered 503 while PostgreSQL hung) must never become current
/// after a later ballot of the same org was acknowledged, whatever order the two writes reach the
/// server in; and the queue of ballots is bounded.
@Suite("Ballot ordering")
struct BallotOrderingTests {
    static func item(_ token: String, _ ranking: [String], deadline: Int64 = 0) -> BallotWrite {
        BallotWrite(voter: .token(sha256: Array(SHA256.hash(data: Array(token.utf8)))),
                    content: .success(.ballot(.ranking(ranking))), proxyNote: nil, key: nil, deadline: deadline)
    }

    /// Waits until `n` sessions wait for a lock (a batch blocked on a held row).
    static func untilLockWaiters(_ db: Database, _ n: Int) async throws {
        for _ in 0..<500 {
            let waiting = try await BallotBatchTests.count(db, """
                SELECT count(*)::bigint FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()
                """)
            if waiting >= n { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("waited 10 s for \(n) lock waiter(s)")
    }

    static func current(_ db: Database) async throws -> [String]? {
        try await db.withConnection { conn in
            try await conn.query("SELECT ranking FROM ballots WHERE race = 'r1' AND org = 'org-a' AND current",
                                 logger: TestDatabase.logger).collect().first?.decode([String]?.self)
        }
    }

    @Test("a ballot whose caller was answered 503 (deadline passed) reaching the server after a later ballot was acknowledged is not written")
    func abandonedBallotNeverOvertakes() async throws {
        try await BallotBatchTests.with { staff, db in
            let writer = BallotWriter(cycle: "tiny", race: "r1", source: .api, audit: true)
            let entry = try await staff.voting.ballotEntry(cycle: "tiny", race: "r1")
            // Ballot A arrives with a deadline 0.8 s away; PostgreSQL hangs, so its caller is
            // answered 503 at the deadline. The org then sends ballot B, which is written and
            // acknowledged. Only then does A's statement reach the server.
            let a = Self.item(TinyFixture.orgA, ["c-a"], deadline: Deadline.epochMicroseconds(.milliseconds(800)))
            let later = try await writer.write([Self.item(TinyFixture.orgA, ["c-b"])], entry: entry,
                                               client: db.client, logger: TestDatabase.logger)
            guard case .written(let w)? = later.first else { Issue.record("\(later)"); return }
            #expect(w.version == 1)
            try await Task.sleep(for: .milliseconds(900))
            let before = try await BallotBatchTests.writes(db)
            let abandoned = try await writer.write([a], entry: entry, client: db.client, logger: TestDatabase.logger)
            guard case .refused(.expired, _, _)? = abandoned.first else { Issue.record("\(abandoned)"); return }
            #expect(try await BallotBatchTests.writes(db) == before)
            #expect(try await Self.current(db) == ["c-b"])
            // Its caller hears 503 (the answer it already got), never a ballot.
            let error = BallotRefusal.expired.error(for: a, org: "org-a", cycle: "tiny", race: "r1", raceState: nil)
            #expect(error.code == .unavailable)
            // A ballot still in time is written as usual.
            let inTime = Self.item(TinyFixture.orgA, ["c-a"], deadline: Deadline.epochMicroseconds(.seconds(10)))
            let next = try await writer.write([inTime], entry: entry, client: db.client, logger: TestDatabase.logger)
            guard case .written(let w2)? = next.first else { Issue.record("\(next)"); return }
            #expect(w2.version == 2)
            #expect(try await Self.current(db) == ["c-a"])
        }
    }

    @Test("through the batcher: a ballot stuck behind a lock past its deadline is answered 503 and never written")
    func stuckPastDeadlineIsNotWritten() async throws {
        try await BallotBatchTests.with { _, db in
            let log = TestDatabase.logger
            let store = Store(db: db, timeout: .seconds(1))
            let batcher = store.ballotBatcher
            let running = Task { try await batcher.run() }
            defer { running.cancel() }
            let staff = store.acting(as: "t")
            try await db.client.withConnection { y in
                // y holds org-a's roster row past the ballot's deadline.
                try await y.query("BEGIN", logger: log)
                try await y.query("SELECT 1 FROM race_roster WHERE cycle = 'tiny' AND race = 'r1' AND org = 'org-a' FOR UPDATE", logger: log)
                let started = ContinuousClock.now
                let error = await #expect(throws: EndorseError.self) {
                    _ = try await staff.ballots.putOwn(tokenSHA256: Array(SHA256.hash(data: Array(TinyFixture.orgA.utf8))),
                                                       cycle: "tiny", race: "r1", choice: .success(.ranking(["c-a"])), key: nil)
                }
                #expect(error?.code == .unavailable)
                #expect(ContinuousClock.now - started < .milliseconds(1500))
                try await y.query("COMMIT", logger: log)
            }
            // The statement ran once the lock was free, found its deadline passed and wrote nothing.
            for _ in 0..<100 {
                if try await BallotBatchTests.count(db, "SELECT count(*)::bigint FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") == 0 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await BallotBatchTests.count(db, "SELECT count(*)::bigint FROM ballots") == 0)
        }
    }

    @Test("beyond the queue's bound a ballot is refused at once as unavailable (503), nothing written")
    func boundedQueue() async throws {
        try await BallotBatchTests.with { staff, db in
            let log = TestDatabase.logger
            let store = Store(db: db, timeout: .seconds(10), batcher: .init(maxInFlight: 1, maxQueued: 1))
            let batcher = store.ballotBatcher
            let running = Task { try await batcher.run() }
            defer { running.cancel() }
            let entry = try await store.acting(as: "t").voting.ballotEntry(cycle: "tiny", race: "r1")
            let writer = BallotWriter(cycle: "tiny", race: "r1", source: .api, audit: true)
            @Sendable func job(_ token: String) -> BallotBatcher.Job {
                BallotBatcher.Job(writer: writer, entry: entry,
                                  item: Self.item(token, ["c-a"]))
            }
            try await db.client.withConnection { y in
                // y holds org-a's roster row: org-a's batch waits on it; org-b's ballot queues.
                try await y.query("BEGIN", logger: log)
                try await y.query("SELECT 1 FROM race_roster WHERE cycle = 'tiny' AND race = 'r1' AND org = 'org-a' FOR UPDATE", logger: log)
                let first = Task { try await batcher.submit(job(TinyFixture.orgA)) }
                try await Self.untilLockWaiters(db, 1)
                let second = Task { try await batcher.submit(job(TinyFixture.orgB)) }
                for _ in 0..<500 where batcher.waitingCount < 1 { try await Task.sleep(for: .milliseconds(10)) }
                let started = ContinuousClock.now
                let error = await #expect(throws: EndorseError.self) { _ = try await batcher.submit(job(TinyFixture.revoked)) }
                #expect(error?.code == .unavailable)
                #expect(ContinuousClock.now - started < .seconds(1))
                try await y.query("ROLLBACK", logger: log)
                _ = try await first.value
                _ = try await second.value
            }
            #expect(try await BallotBatchTests.count(db, "SELECT count(*)::bigint FROM ballots") == 2)
        }
    }

    @Test("a queued ballot whose caller gave up is dropped, not written")
    func cancelledWhileQueuedIsDropped() async throws {
        try await BallotBatchTests.with { _, db in
            let log = TestDatabase.logger
            let store = Store(db: db, timeout: .seconds(10), batcher: .init(maxInFlight: 1))
            let batcher = store.ballotBatcher
            let running = Task { try await batcher.run() }
            defer { running.cancel() }
            let entry = try await store.acting(as: "t").voting.ballotEntry(cycle: "tiny", race: "r1")
            let writer = BallotWriter(cycle: "tiny", race: "r1", source: .api, audit: true)
            try await db.client.withConnection { y in
                try await y.query("BEGIN", logger: log)
                try await y.query("SELECT 1 FROM race_roster WHERE cycle = 'tiny' AND race = 'r1' AND org = 'org-b' FOR UPDATE", logger: log)
                let blocking = Task {
                    try await batcher.submit(.init(writer: writer, entry: entry,
                                                   item: Self.item(TinyFixture.orgB, ["c-a"])))
                }
                try await Self.untilLockWaiters(db, 1)
                let gaveUp = Task {
                    try await batcher.submit(.init(writer: writer, entry: entry,
                                                   item: Self.item(TinyFixture.orgA, ["c-b"])))
                }
                for _ in 0..<500 where batcher.waitingCount < 1 { try await Task.sleep(for: .milliseconds(10)) }
                gaveUp.cancel()
                await #expect(throws: CancellationError.self) { _ = try await gaveUp.value }
                try await y.query("ROLLBACK", logger: log)
                _ = try await blocking.value
            }
            #expect(try await BallotBatchTests.count(db, "SELECT count(*)::bigint FROM ballots WHERE org = 'org-a'") == 0)
        }
    }
}
