import Crypto
import EndorseCore
@testable import EndorseStore
import PostgresNIO
import Testing
import EndorseTestSupport

struct AuditLogTests {
    static func appendThree(_ db: Database) async throws -> [AuditEvent] {
        var events: [AuditEvent] = []
        for (i, action) in ["cycle.load", "org.import", "ballot.cast"].enumerated() {
            let e = try await db.withTransaction { conn in
                try await AuditLog.append(actor: "ana", action: action, cycle: i == 1 ? nil : "sample-2026",
                                          subject: i == 2 ? "district-1" : nil,
                                          details: .object(["n": .int(i), "path": .string("a/b ü")]),
                                          on: conn, logger: db.logger)
            }
            events.append(e)
        }
        return events
    }

    @Test func appendChainsAndVerifies() async throws {
        try await TestDatabase.withFreshDatabase { db in
            #expect(try await db.verifyAudit() == nil)   // empty log is intact
            let events = try await Self.appendThree(db)
            #expect(events.map(\.id) == [1, 2, 3])
            #expect(events[0].prevHash == nil)
            #expect(events[1].prevHash == events[0].hash)
            #expect(events[2].prevHash == events[1].hash)
            #expect(events[0].details == #"{"n":0,"path":"a/b ü"}"#)
            // The hash is sha256(prev || canonical event JSON), recomputed by hand for event 2.
            let e = events[1]
            let text = #"{"action":"org.import","actor":"ana","at":"\#(e.at)","cycle":null,"details":{"n":1,"path":"a/b ü"},"id":2,"subject":null}"#
            let expected = Array(SHA256.hash(data: events[0].hash + Array(text.utf8)))
            #expect(e.hash == expected)
            #expect(e.at.count == 27 && e.at.hasSuffix("Z"))
            #expect(try await db.auditEvents() == events)
            #expect(try await db.auditEvents(cycle: "sample-2026").map(\.id) == [1, 3])
            #expect(try await db.verifyAudit() == nil)
        }
    }

    @Test func tamperingIsFoundAtTheFirstBrokenEvent() async throws {
        try await TestDatabase.withFreshDatabase { db in
            _ = try await Self.appendThree(db)
            try await db.withConnection { conn in
                // The application cannot change the log...
                #expect(await conn.attempt("UPDATE audit_log SET actor = 'mallory' WHERE id = 2").sqlState == "42501")
                #expect(await conn.attempt("DELETE FROM audit_log WHERE id = 3").sqlState == "42501")
                // ...but a superuser skipping triggers can, and verify names the event.
                try await conn.run(["SET session_replication_role = replica",
                                    "UPDATE audit_log SET actor = 'mallory' WHERE id = 2",
                                    "SET session_replication_role = origin"])
            }
            #expect(try await db.verifyAudit() == 2)
        }
    }

    @Test func deletedEventsAreFound() async throws {
        try await TestDatabase.withFreshDatabase { db in
            _ = try await Self.appendThree(db)
            try await db.withConnection { conn in
                try await conn.run(["SET session_replication_role = replica", "DELETE FROM audit_log WHERE id = 3",
                                    "SET session_replication_role = origin"])
            }
            // Cut at the end: the head still names event 3.
            #expect(try await db.verifyAudit() == 3)
            try await db.withConnection { conn in
                try await conn.run(["SET session_replication_role = replica", "DELETE FROM audit_log WHERE id = 1",
                                    "SET session_replication_role = origin"])
            }
            #expect(try await db.verifyAudit() == 2)
        }
    }

    @Test func detailsTextMustStayCanonical() async throws {
        try await TestDatabase.withFreshDatabase { db in
            _ = try await Self.appendThree(db)
            try await db.withConnection { conn in
                // Same JSON value, other bytes: still a tamper.
                try await conn.run(["SET session_replication_role = replica",
                                    #"UPDATE audit_log SET details = '{"n": 0, "path": "a/b ü"}' WHERE id = 1"#,
                                    "SET session_replication_role = origin"])
            }
            #expect(try await db.verifyAudit() == 1)
        }
    }

    @Test func appendOutsideATransactionIsRefused() async throws {
        try await TestDatabase.withFreshDatabase { db in
            await #expect(throws: (any Error).self) {
                try await db.withConnection { conn in
                    try await AuditLog.append(actor: "ana", action: "x.y", cycle: nil, subject: nil, details: .object([:]),
                                              on: conn, logger: db.logger)
                }
            }
            let events = try await db.auditEvents()
            #expect(events.isEmpty)
        }
    }

    @Test func concurrentWritersMakeOneGaplessChain() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<12 {
                    group.addTask {
                        _ = try await db.withTransaction { conn in
                            try await AuditLog.append(actor: "w\(i)", action: "ballot.cast", cycle: "c", subject: nil,
                                                      details: .object(["i": .int(i)]), on: conn, logger: db.logger)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let events = try await db.auditEvents()
            #expect(events.map(\.id) == Array(1...12))
            #expect(Set(events.map(\.actor)).count == 12)
            #expect(try await db.verifyAudit() == nil)
        }
    }

    @Test func rolledBackEventsLeaveNoTrace() async throws {
        try await TestDatabase.withFreshDatabase { db in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await db.withTransaction { conn in
                    try await AuditLog.append(actor: "ana", action: "x.y", cycle: nil, subject: nil, details: .null,
                                              on: conn, logger: db.logger)
                    throw Boom()
                }
            }
            let e = try await db.withTransaction { conn in
                try await AuditLog.append(actor: "ana", action: "x.z", cycle: nil, subject: nil, details: .null,
                                          on: conn, logger: db.logger)
            }
            #expect(e.id == 1)
            #expect(try await db.verifyAudit() == nil)
        }
    }

    static func pend(_ conn: PostgresConnection, action: String, details: String) async throws {
        try await conn.query("""
            INSERT INTO audit_pending (at, actor, action, cycle, subject, details)
            VALUES ('2026-11-24T10:00:00.000001Z', 'tok-a', \(action), 'sample-2026', 'district-1', \(details))
            """, logger: TestDatabase.logger)
    }

    @Test func pendingEventsAreSealedAfterTheChainInSeqOrderWithCanonicalDetails() async throws {
        try await TestDatabase.withFreshDatabase { db in
            let first = try await Self.appendThree(db)
            try await db.withConnection { conn in
                try await Self.pend(conn, action: "ballot.cast", details: #"{"org": "org-a", "version": 1, "proxy_note": null}"#)
                try await Self.pend(conn, action: "ballot.replaced", details: #"{"version": 2, "org": "org-a"}"#)
            }
            #expect(try await db.sealAudit() == 2)
            #expect(try await db.sealAudit() == 0)
            let events = try await db.auditEvents()
            #expect(events.count == 5)
            #expect(Array(events.prefix(3)) == first)
            #expect(events.map(\.action).suffix(2) == ["ballot.cast", "ballot.replaced"])
            #expect(events[3].details == #"{"org":"org-a","proxy_note":null,"version":1}"#)
            #expect(events[3].prevHash == first[2].hash)
            #expect(events[4].prevHash == events[3].hash)
            #expect(events.allSatisfy { $0.hashIsValid })
            #expect(try await db.verifyAudit() == nil)
            // The next append comes after them.
            let next = try await db.withTransaction { conn in
                try await AuditLog.append(actor: "ana", action: "vote.close", cycle: "sample-2026", subject: "district-1",
                                          details: .object([:]), on: conn, logger: db.logger)
            }
            #expect(next.id == 6)
            #expect(next.prevHash == events[4].hash)
        }
    }

    @Test func aPendingEventThatIsNotJSONStopsTheSealAndNothingIsSealed() async throws {
        try await TestDatabase.withFreshDatabase { db in
            _ = try await Self.appendThree(db)
            try await db.withConnection { conn in
                try await Self.pend(conn, action: "ballot.cast", details: #"{"org": "org-a"}"#)
                try await Self.pend(conn, action: "ballot.cast", details: "not json")
            }
            await #expect(throws: EndorseError.self) { try await db.sealAudit() }
            #expect(try await db.withConnection { conn in
                try await conn.query("SELECT count(*)::bigint FROM audit_pending", logger: db.logger).collect().first?.decode(Int64.self)
            } == 2)
            #expect(try await db.withConnection { conn in
                try await conn.query("SELECT last_id FROM audit_head", logger: db.logger).collect().first?.decode(Int64.self)
            } == 3)
        }
    }

    @Test func aPendingEventCanStartTheChainWithoutCycleOrSubject() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                try await conn.query("""
                    INSERT INTO audit_pending (at, actor, action, cycle, subject, details)
                    VALUES ('2026-11-24T10:00:00.000001Z', 'tok-a', 'ballot.cast', NULL, NULL, '{"b": 1, "a": [true]}'),
                           ('2026-11-24T10:00:00.000002Z', 'tok-b', 'ballot.cast', 'sample-2026', '', '{}')
                    """, logger: TestDatabase.logger)
            }
            #expect(try await db.sealAudit() == 2)
            let events = try await db.auditEvents()
            #expect(events.map(\.id) == [1, 2])
            #expect(events[0].prevHash == nil)
            #expect(events[0].cycle == nil && events[0].subject == nil)
            #expect(events[0].details == #"{"a":[true],"b":1}"#)
            #expect(events[1].cycle == "sample-2026" && events[1].subject == "")
            #expect(events[1].prevHash == events[0].hash)
            #expect(try await db.verifyAudit() == nil)
        }
    }
}
