import EndorseCore
@testable import EndorseHTTP
import EndorseStore
import Hummingbird
import HummingbirdTesting
import Testing
import EndorseTestSupport

/// Requests that once got a 500, or did work for strangers: each now gets its 4xx, in api.md's
/// order, and writes nothing.
@Suite("Hostile requests")
struct HostileRequestTests {
    static let r1 = BallotRouteTests.r1

    @Test("a NUL character in a ranking id, an answer text or a review note is 400 naming the field; nothing written")
    func nulIsBadInput() async throws {
        try await ServiceFixture.with { f in
            try await BallotRouteTests.open(f)
            let before = try await f.writes()
            let ballot = try await f.call(.put, Self.r1, token: ServiceFixture.orgA, json: #"{"ranking": ["c-a\u0000"]}"#)
            #expect(ballot.status == .badRequest, "\(ballot.text)")
            #expect(ballot.errorCode == "invalid_body")
            #expect(ballot.errorField == "ranking[0]")
            let answers = try await f.call(.put, "/v1/cycles/tiny/candidates/c-a/answers", token: ServiceFixture.staff,
                                           json: #"{"answers": {"q-yn": "yes", "q-tx": "my plan\u0000"}}"#)
            #expect(answers.status == .badRequest, "\(answers.text)")
            #expect(answers.errorField == "answers.q-tx")
            let review = try await f.call(.post, "/v1/cycles/tiny/candidates/c-a/reviews", token: ServiceFixture.staff,
                                          json: #"{"question": "q-tx", "points": 2, "note": "x\u0000"}"#)
            #expect(review.status == .badRequest, "\(review.text)")
            #expect(review.errorField == "note")
            #expect(try await f.writes() == before)
        }
    }

    @Test("a path id that cannot exist (a NUL, upper case) is 404 to a caller allowed to know, 401 to a stranger",
          arguments: Served.allCases)
    func malformedPathIDs(_ served: Served) async throws {
        try await ServiceFixture.with(setup: served.setup) { f in
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: SignifySecretKey.generate())
            let before = try await f.writes()
            let bad = "/v1/cycles/ti%00ny/races/r1/ballot"
            let cases: [(HTTPRequest.Method, String, String?, HTTPResponse.Status)] = [
                (.get, "/v1/cycles/ti%00ny/races", ServiceFixture.staff, .notFound),
                (.get, "/v1/cycles/TINY/races", ServiceFixture.staff, .notFound),
                (.put, bad, ServiceFixture.revoked, .unauthorized),
                (.put, bad, ServiceFixture.staff, .forbidden),
                (.put, bad, ServiceFixture.orgA, .notFound),
                (.delete, bad, "nobody", .unauthorized),
                (.get, "/slate/ti%00ny", nil, .notFound),
                (.get, "/v1/cycles/ti%00ny/slate", nil, .notFound),
                (.get, "/v1/cycles/TINY/slate", nil, .notFound),
                (.get, "/slate/TINY.en.html", nil, .notFound),
            ]
            for (method, uri, token, status) in cases {
                let r = try await f.call(method, uri, token: token, json: method == .put ? #"{"abstain": true}"# : nil)
                #expect(r.status == status, "\(method) \(uri): \(r.text)")
            }
            #expect(try await f.writes() == before)
        }
    }

    @Test("a stranger naming a race nobody cached gets 401 before the race is looked up")
    func strangerFirst() async throws {
        try await ServiceFixture.with { f in
            let before = try await f.writes()
            for race in ["no-such-race", "r1"] {
                let r = try await f.call(.put, "/v1/cycles/tiny/races/\(race)/ballot", token: "made-up-token",
                                         json: #"{"abstain": true}"#)
                #expect(r.status == .unauthorized, "\(race): \(r.text)")
                let staff = try await f.call(.put, "/v1/cycles/tiny/races/\(race)/ballot", token: ServiceFixture.staff,
                                             json: #"{"abstain": true}"#)
                #expect(staff.status == .forbidden, "\(race): \(staff.text)")
            }
            #expect(try await f.writes() == before)
        }
    }

    @Test("every HTML page carries a Content-Security-Policy without inline scripts, and nosniff")
    func pagesCarryCSP() async throws {
        try await ServiceFixture.with { f in
            let page = try await f.call(.get, "/slate/tiny")
            #expect(page.status == .notFound)
            let csp = page.headers[HTTPFields.Element.Name("Content-Security-Policy")!]
            #expect(csp?.contains("default-src 'none'") == true, "\(String(describing: csp))")
            #expect(csp?.contains("script-src 'self'") == true)
            #expect(csp?.contains("unsafe-inline") == true && csp?.contains("script-src 'self' 'unsafe-inline'") == false)
            #expect(page.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] == "nosniff")
        }
    }
}
