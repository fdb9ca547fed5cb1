import EndorseCore
@testable import EndorseStore
import Testing
import EndorseTestSupport

@Suite struct AuditStoreTests {
    @Test func verifyCountsEventsAndNamesTheTamperedOne() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await SlateStoreFixture.load(db)
            let store = Store(db: db).acting(as: "dana")
            #expect(try await store.audit.verifyAudit() == AuditCheck(events: 0, firstBroken: nil))
            for name in ["t1", "t2", "t3", "t4"] { _ = try await store.tokens.createToken(name: name, role: .staff, org: nil) }
            try await store.tokens.revokeToken(name: "t2")
            #expect(try await store.audit.verifyAudit() == AuditCheck(events: 5, firstBroken: nil))
            // Edit event 3's details behind the triggers' back, as a superuser could.
            try await db.withConnection { conn in
                try await conn.run(["SET session_replication_role = replica",
                                    #"UPDATE audit_log SET details = '{"name":"t9","org":null,"role":"staff"}' WHERE id = 3"#,
                                    "SET session_replication_role = origin"])
            }
            let check = try await store.audit.verifyAudit()
            #expect(check.firstBroken == 3 && !check.intact && check.events == 5)
        }
    }

    @Test func eventsOfOneCycle() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await SlateStoreFixture.load(db)
            try await SlateStoreFixture.decideTwoRaces(db)
            let store = Store(db: db).acting(as: "dana")
            _ = try await store.tokens.createToken(name: "t1", role: .staff, org: nil)
            _ = try await store.decisions.publishSlate(cycle: "sample-2026", key: SignifySecretKey.generate())
            #expect(try await store.audit.auditEvents().map(\.action) == ["token.create", "slate.publish"])
            #expect(try await store.audit.auditEvents(cycle: "sample-2026").map(\.id) == [2])
        }
    }
}
