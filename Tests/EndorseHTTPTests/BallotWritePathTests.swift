import EndorseCore
import EndorseHTTP
import EndorseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import EndorseTestSupport

/// The one-statement ballot write (sql/004 `endorse_write_ballots`): the race cache it checks
/// against, the order of checks it keeps, and the audit events it leaves pending for the sealer.
@Suite("Ballot write path")
struct BallotWritePathTests {
    static let r1 = BallotRouteTests.r1

    @Test("a race cached by earlier requests follows its state: draft 409, opened takes its ballot, closed 409, reopened")
    func cachedRaceFollowsStateChanges() async throws {
        try await ServiceFixture.with { f in
            // Cached while a draft with an empty ballot: opening it must not leave c-a refused as not on the ballot.
            let draft = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-a"]}"#)
            #expect(draft.status == .conflict)
            #expect(draft.errorCode == "race_not_open")
            try await BallotRouteTests.open(f)
            let first = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-a"]}"#)
            #expect(first.status == .created)
            _ = try await f.store.voting.closeVoting(cycle: "tiny", race: "r1")
            let before = try await f.writes()
            let closed = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-b"]}"#)
            #expect(closed.status == .conflict)
            #expect(closed.errorCode == "race_not_open")
            #expect(closed.json["error"]?["message"] == .string("race r1 is closed, not open for voting (r1)"))
            #expect(try await f.writes() == before)
            try await f.store.voting.reopenVoting(cycle: "tiny", race: "r1", reason: "a member org was locked out")
            let again = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-b"]}"#)
            #expect(again.status == .ok, "\(again.text)")
            #expect(again.json["version"] == .number("2"))
        }
    }

    /// PUTs `body` with each (token, status, code) and expects that refusal, and nothing written.
    static func expectRefusals(_ f: ServiceFixture, body: String, headers: HTTPFields = [:],
                               _ cases: [(String?, HTTPResponse.Status, String)]) async throws {
        let before = try await f.writes()
        for (token, status, code) in cases {
            let r = try await f.call(.put, r1, token: token, json: body, headers: headers)
            #expect(r.status == status, "\(token ?? "no token")")
            #expect(r.errorCode == code)
        }
        #expect(try await f.writes() == before)
    }

    @Test("a body over 64 KiB: 401 without a valid token, 403 for staff, 413 for an org; nothing written")
    func sizeAfterAuthentication() async throws {
        try await ServiceFixture.with { f in
            try await BallotRouteTests.open(f)
            let big = #"{"ranking": [""# + String(repeating: "x", count: 70_000) + #""]}"#
            try await Self.expectRefusals(f, body: big, [
                (nil, .unauthorized, "unauthorized"), (ServiceFixture.revoked, .unauthorized, "unauthorized"),
                (ServiceFixture.staff, .forbidden, "forbidden"), (ServiceFixture.orgA, .contentTooLarge, "payload_too_large"),
            ])
        }
    }

    @Test("an Idempotency-Key over 255 characters: 401 without a valid token, 403 for staff, 400 for an org")
    func keyLengthAfterAuthentication() async throws {
        try await ServiceFixture.with { f in
            try await BallotRouteTests.open(f)
            try await Self.expectRefusals(f, body: #"{"ranking": ["c-a"]}"#,
                                          headers: BallotRouteTests.key(String(repeating: "k", count: 256)), [
                (nil, .unauthorized, "unauthorized"), (ServiceFixture.staff, .forbidden, "forbidden"),
                (ServiceFixture.orgA, .badRequest, "invalid_body"),
            ])
        }
    }

    @Test("ballot events wait in audit_pending; the next audit append seals them first, canonical and in order")
    func pendingEventsJoinTheChainInOrder() async throws {
        try await ServiceFixture.with { f in
            try await BallotRouteTests.open(f)
            let logBefore = try await f.count("SELECT count(*)::bigint FROM audit_log")
            #expect(try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-a"]}"#).status == .created)
            #expect(try await f.call(.put, Self.r1, token: ServiceFixture.orgB, json: #"{"abstain": true}"#).status == .created)
            #expect(try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-b", "c-a"]}"#).status == .ok)
            #expect(try await f.count("SELECT count(*)::bigint FROM audit_pending") == 3)
            #expect(try await f.count("SELECT count(*)::bigint FROM audit_log") == logBefore)

            // A staff change through the CLI path appends its own event after sealing the pending ones.
            _ = try await f.store.voting.closeVoting(cycle: "tiny", race: "r1")
            #expect(try await f.count("SELECT count(*)::bigint FROM audit_pending") == 0)
            let events = try await f.store.audit.auditEvents(cycle: "tiny").suffix(4)
            #expect(events.map(\.action) == ["ballot.cast", "ballot.cast", "ballot.replaced", "vote.close"])
            #expect(events.map(\.actor) == ["tok-a", "tok-b", "tok-a", "test"])
            #expect(events.first?.details == #"{"ballot":{"ranking":["c-a"]},"kind":"ranking","org":"org-a","proxy":false,"proxy_note":null,"race":"r1","source":"api","version":1}"#)
            #expect(events.dropFirst(2).first?.details == #"{"ballot":{"ranking":["c-b","c-a"]},"kind":"ranking","org":"org-a","proxy":false,"proxy_note":null,"race":"r1","source":"api","version":2}"#)
            let ids = events.map(\.id)
            #expect(ids == Array(ids[0]...ids[0] + 3))
            #expect(try await f.store.audit.verifyAudit().intact)
        }
    }

    @Test("the service's sealer seals pending events by itself, and the chain stays intact")
    func sealerSealsOnItsOwn() async throws {
        try await ServiceFixture.with { f in
            try await BallotRouteTests.open(f)
            for token in [ServiceFixture.orgA, ServiceFixture.orgB] {
                #expect(try await f.call(.put, Self.r1, token: token, json: #"{"ranking": ["c-a"]}"#).status == .created)
            }
            #expect(try await f.count("SELECT count(*)::bigint FROM audit_pending") == 2)
            let sealer = AuditSealer(store: f.store.store)
            let running = Task { try await sealer.run() }
            sealer.nudge()
            var pending = -1
            for _ in 0..<100 {
                pending = try await f.count("SELECT count(*)::bigint FROM audit_pending")
                if pending == 0 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            running.cancel()
            _ = try? await running.value
            #expect(pending == 0)
            #expect(try await f.count("SELECT count(*)::bigint FROM audit_log WHERE action = 'ballot.cast'") == 2)
            #expect(try await f.store.audit.verifyAudit().intact)
        }
    }
}
