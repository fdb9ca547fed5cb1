import EndorseCore
@testable import EndorseStore
import PostgresNIO
import Testing
import EndorseTestSupport

/// The audit trail before sealing is append-only, `audit verify` accounts for every ballot
/// version, and dead idempotency keys are swept.
struct AuditHardeningTests {
    @Test("an unsealed pending event can be neither changed nor deleted; once sealed it leaves the queue")
    func pendingIsAppendOnly() async throws {
        try await BallotBatchTests.with { staff, db in
            _ = try await BallotBatchTests.call(db, [.init(token: TinyFixture.orgA)])
            try await db.withConnection { conn in
                #expect(await conn.attempt("UPDATE audit_pending SET actor = 'mallory'").sqlState == "42501")
                #expect(await conn.attempt("DELETE FROM audit_pending").sqlState == "42501")
                #expect(await conn.attempt("TRUNCATE audit_pending").sqlState == "42501")
            }
            #expect(try await BallotBatchTests.count(db, "SELECT count(*)::bigint FROM audit_pending") == 1)
            #expect(try await staff.audit.seal() == 1)
            #expect(try await BallotBatchTests.count(db, "SELECT count(*)::bigint FROM audit_pending") == 0)
            #expect(try await staff.audit.verifyAudit().intact)
        }
    }

    @Test("audit verify reports a ballot written around the service (no audit event), and accepts every path's events")
    func verifyAccountsForEveryBallot() async throws {
        try await BallotBatchTests.with { staff, db in
            // Every way a ballot is written leaves an event that names it.
            _ = try await staff.ballots.cast(cycle: "tiny", race: "r1", org: "org-a", choice: .ranking(["c-a"]))
            _ = try await staff.ballots.withdraw(cycle: "tiny", race: "r1", org: "org-a")
            _ = try await staff.ballots.importBallots(cycle: "tiny", bytes: Array("""
                {"org": "org-b", "race": "r1", "ranking": ["c-b"]}
                {"org": "org-b", "race": "r1", "abstain": true}

                """.utf8), file: "b.jsonl")
            _ = try await BallotBatchTests.call(db, [.init(token: TinyFixture.orgA)])
            _ = try await staff.ballots.cast(cycle: "tiny", race: "r2", org: "org-c", choice: .approve(["c-c"]))
            _ = try await staff.catalog.recuse(cycle: "tiny", org: "org-c", race: "r2", reason: "a conflict")
            let clean = try await staff.audit.verifyAudit()
            #expect(clean.intact, "\(clean)")
            #expect(clean.unauditedCount == 0)
            // A row inserted by hand, around the writer.
            try await db.withConnection { conn in
                try await conn.query("""
                    INSERT INTO ballots (cycle, race, org, version, kind, source, actor, current)
                    VALUES ('tiny', 'r1', 'org-b', 3, 'abstain', 'cli', 'mallory', false)
                    """, logger: TestDatabase.logger)
            }
            let check = try await staff.audit.verifyAudit()
            #expect(!check.intact)
            #expect(check.firstBroken == nil)
            #expect(check.unauditedCount == 1)
            #expect(check.unaudited == ["ballot of org-b in tiny/r1, version 3"])
        }
    }

    @Test("idempotency keys older than 24 hours are swept; live ones stay")
    func keysAreSwept() async throws {
        try await BallotBatchTests.with { staff, db in
            _ = try await BallotBatchTests.call(db, [.init(token: TinyFixture.orgA, key: "old", keyHash: "x"),
                                                     .init(token: TinyFixture.orgB, key: "new", keyHash: "y")])
            try await db.withConnection { conn in
                try await conn.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old'",
                                     logger: TestDatabase.logger)
            }
            #expect(try await staff.ballots.sweepIdempotencyKeys() == 1)
            #expect(try await BallotBatchTests.count(db, "SELECT count(*)::bigint FROM idempotency_keys WHERE key = 'new'") == 1)
            #expect(try await BallotBatchTests.count(db, "SELECT count(*)::bigint FROM idempotency_keys") == 1)
        }
    }

    @Test("the batcher sweeps dead keys when it starts")
    func batcherSweepsAtStart() async throws {
        try await BallotBatchTests.with { _, db in
            _ = try await BallotBatchTests.call(db, [.init(token: TinyFixture.orgA, key: "old", keyHash: "x")])
            try await db.withConnection { conn in
                try await conn.query("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'",
                                     logger: TestDatabase.logger)
            }
            let store = Store(db: db, timeout: .seconds(5))
            let running = Task { try await store.ballotBatcher.run() }
            defer { running.cancel() }
            var left = -1
            for _ in 0..<200 {
                left = try await BallotBatchTests.count(db, "SELECT count(*)::bigint FROM idempotency_keys")
                if left == 0 { break }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(left == 0)
        }
    }
}
