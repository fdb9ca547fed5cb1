import Crypto
import EndorseCore
import EndorseHTTP
import EndorseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Ballot routes")
struct BallotRouteTests {
    static let r1 = "/v1/cycles/tiny/races/r1/ballot"
    static let r2 = "/v1/cycles/tiny/races/r2/ballot"

    static func open(_ f: ServiceFixture) async throws {
        _ = try await f.store.voting.openVoting(cycle: "tiny", race: nil)
    }

    static func key(_ k: String) -> HTTPFields {
        [HTTPFields.Element.Name("Idempotency-Key")!: k]
    }

    @Test("cast 201, replace 200, receipt = sha256 of the canonical signed fields; GET returns it; DELETE 204 then 404")
    func castReplaceWithdraw() async throws {
        try await ServiceFixture.with { f in
            try await Self.open(f)
            let first = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-b", "c-a"]}"#)
            #expect(first.status == .created, "\(first.text)")
            #expect(first.json["version"] == .number("1"))
            #expect(first.json["org"] == .string("org-a"))
            let signed: JSONValue = .object(["ballot": .object(["ranking": .strings(["c-b", "c-a"])]), "cycle": .string("tiny"),
                                             "org": .string("org-a"), "race": .string("r1"), "version": .number("1")])
            let expected = SHA256.hash(data: Array(#"{"ballot":{"ranking":["c-b","c-a"]},"cycle":"tiny","org":"org-a","race":"r1","version":1}"#.utf8))
                .map { String(format: "%02x", $0) }.joined()
            #expect(signed.canonicalString == #"{"ballot":{"ranking":["c-b","c-a"]},"cycle":"tiny","org":"org-a","race":"r1","version":1}"#)
            #expect(first.json["receipt"] == .string(expected))
            let second = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"no_endorsement": true}"#)
            #expect(second.status == .ok)
            #expect(second.json["version"] == .number("2"))
            let got = try await f.call(.get, Self.r1, token: ServiceFixture.orgA)
            #expect(got.status == .ok)
            #expect(got.json == second.json)
            // Another org never sees org-a's ballot.
            #expect(try await f.call(.get, Self.r1, token: ServiceFixture.orgB).status == .notFound)
            #expect(try await f.call(.delete, Self.r1, token: ServiceFixture.orgA).status == .noContent)
            #expect(try await f.call(.get, Self.r1, token: ServiceFixture.orgA).status == .notFound)
            #expect(try await f.call(.delete, Self.r1, token: ServiceFixture.orgA).status == .notFound)
            #expect(try await f.count("SELECT count(*)::bigint FROM ballots WHERE org = 'org-a' AND source = 'api' AND NOT proxy") == 3)
        }
    }

    @Test("an idempotent retry records one ballot and returns the first answer; another body -> 409")
    func idempotentRetry() async throws {
        try await ServiceFixture.with { f in
            try await Self.open(f)
            let a = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-a"]}"#, headers: Self.key("k1"))
            // Same JSON value, other whitespace and key order irrelevant.
            let b = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{ "ranking" : [ "c-a" ] }"#, headers: Self.key("k1"))
            #expect(a.status == .created)
            #expect(b.status == .created)
            #expect(a.text == b.text)
            #expect(try await f.count("SELECT count(*)::bigint FROM ballots WHERE org = 'org-a'") == 1)
            let before = try await f.writes()
            let c = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-b"]}"#, headers: Self.key("k1"))
            #expect(c.status == .conflict)
            #expect(c.errorCode == "idempotency_conflict")
            let d = try await f.call(.put, Self.r2, token: ServiceFixture.orgA, json: #"{"ranking": ["c-a"]}"#, headers: Self.key("k1"))
            #expect(d.status == .conflict)
            #expect(d.errorCode == "idempotency_conflict")
            #expect(try await f.writes() == before)
            // The key is org-a's: org-b may use the same key.
            let e = try await f.call(.put, Self.r1, token: ServiceFixture.orgB, json: #"{"ranking": ["c-b"]}"#, headers: Self.key("k1"))
            #expect(e.status == .created)
        }
    }

    @Test("a failed attempt does not bind its key")
    func failedAttemptDoesNotBind() async throws {
        try await ServiceFixture.with { f in
            try await Self.open(f)
            let before = try await f.writes()
            let bad = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-zz"]}"#, headers: Self.key("k2"))
            #expect(bad.status == .badRequest)
            #expect(try await f.count("SELECT count(*)::bigint FROM idempotency_keys") == 0)
            #expect(try await f.writes() == before)
            let good = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-a"]}"#, headers: Self.key("k2"))
            #expect(good.status == .created)
        }
    }

    @Test("concurrent requests with one key: one ballot recorded, both get the same answer")
    func concurrentSameKey() async throws {
        try await ServiceFixture.with { f in
            try await Self.open(f)
            let answers = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-a"]}"#, headers: Self.key("same"))
                    }
                }
                var out: [TestResponse] = []
                for try await r in group { out.append(r) }
                return out
            }
            #expect(Set(answers.map(\.text)).count == 1)
            #expect(answers.allSatisfy { $0.status == .created })
            #expect(try await f.count("SELECT count(*)::bigint FROM ballots WHERE org = 'org-a'") == 1)
        }
    }

    struct Bad: Sendable, CustomStringConvertible {
        var uri: String = BallotRouteTests.r1
        var method: HTTPRequest.Method = .put
        var token: String = ServiceFixture.orgA
        var body: String?
        var contentType: String? = "application/json"
        var status: HTTPResponse.Status
        var code: String
        var field: String?
        var description: String { "\(method) \(uri) \(body ?? "")" }
    }

    static let bad: [Bad] = [
        Bad(body: "{", status: .badRequest, code: "invalid_body"),
        Bad(body: #"{"ranking": "c-a"}"#, status: .badRequest, code: "invalid_body", field: "ranking"),
        Bad(body: #"{"ranking": ["c-a", 3]}"#, status: .badRequest, code: "invalid_body", field: "ranking[1]"),
        Bad(body: #"{"ranking": ["c-a"], "org": "org-b"}"#, status: .badRequest, code: "invalid_body", field: "org"),
        Bad(body: #"{"abstain": "yes"}"#, status: .badRequest, code: "invalid_body", field: "abstain"),
        Bad(body: #"{}"#, status: .badRequest, code: "invalid_ballot"),
        Bad(body: #"{"ranking": []}"#, status: .badRequest, code: "invalid_ballot"),
        Bad(body: #"{"ranking": ["c-a", "c-a"]}"#, status: .badRequest, code: "invalid_ballot"),
        Bad(body: #"{"ranking": ["c-a"], "abstain": true}"#, status: .badRequest, code: "invalid_ballot", field: "ranking"),
        Bad(body: #"{"approve": ["c-a"]}"#, status: .badRequest, code: "invalid_ballot"),
        Bad(body: #"{"ranking": ["c-c"]}"#, status: .badRequest, code: "not_on_ballot"),
        Bad(body: #"{"ranking": ["c-a"]}"#, contentType: "text/plain", status: .unsupportedMediaType, code: "unsupported_media_type"),
        Bad(uri: "/v1/cycles/tiny/races/r9/ballot", body: "{", status: .notFound, code: "not_found"),
        // The media type is checked before the route's resources exist (api.md order).
        Bad(uri: "/v1/cycles/tiny/races/r9/ballot", body: "{", contentType: "text/plain",
            status: .unsupportedMediaType, code: "unsupported_media_type"),
        Bad(uri: BallotRouteTests.r2, body: #"{"approve": ["c-c", "c-c"]}"#, status: .badRequest, code: "invalid_ballot"),
        Bad(uri: BallotRouteTests.r2, body: #"{"approve": ["c-c", "c-d", "c-a"]}"#, status: .badRequest, code: "not_on_ballot"),
        Bad(uri: "/v1/cycles/nope/races/r1/ballot", body: "{", status: .notFound, code: "not_found"),
        Bad(token: ServiceFixture.orgC, body: #"{"ranking": ["c-a"]}"#, status: .forbidden, code: "recused"),
        // Body errors come before recusal (api.md order).
        Bad(token: ServiceFixture.orgC, body: "{", status: .badRequest, code: "invalid_body"),
        Bad(token: ServiceFixture.staff, body: #"{"ranking": ["c-a"]}"#, status: .forbidden, code: "forbidden"),
        Bad(method: .delete, token: ServiceFixture.staff, status: .forbidden, code: "forbidden"),
    ]

    @Test("bad input: status, code, field, nothing written", arguments: bad)
    func badInput(_ bad: Bad) async throws {
        try await ServiceFixture.with { f in
            try await Self.open(f)
            let before = try await f.writes()
            let r = try await f.call(bad.method, bad.uri, token: bad.token, json: bad.body, contentType: bad.contentType)
            #expect(r.status == bad.status, "\(r.text)")
            #expect(r.errorCode == bad.code)
            #expect(r.errorField == bad.field)
            #expect(try await f.writes() == before)
        }
    }

    @Test("a closed race -> 409 race_not_open, even for a malformed body (state before body)")
    func closedRace() async throws {
        try await ServiceFixture.with { f in
            try await Self.open(f)
            let cast = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-a"]}"#)
            #expect(cast.status == .created)
            _ = try await f.store.voting.closeVoting(cycle: "tiny", race: "r1")
            let before = try await f.writes()
            for body in [#"{"ranking": ["c-a"]}"#, "{"] {
                let r = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: body)
                #expect(r.status == .conflict)
                #expect(r.errorCode == "race_not_open")
            }
            // Withdrawing after close: the same 409, the ballot stays.
            let withdraw = try await f.call(.delete, Self.r1, token: ServiceFixture.orgA)
            #expect(withdraw.status == .conflict)
            #expect(withdraw.errorCode == "race_not_open")
            #expect(try await f.writes() == before)
        }
    }
}
