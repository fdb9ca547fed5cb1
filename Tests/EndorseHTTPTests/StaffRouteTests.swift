import EndorseCore
import EndorseHTTP
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Staff and race routes")
struct StaffRouteTests {
    static let answers = "/v1/cycles/tiny/candidates/c-a/answers"
    static let reviews = "/v1/cycles/tiny/candidates/c-a/reviews"

    @Test("health, OpenAPI document")
    func health() async throws {
        try await ServiceFixture.with { f in
            let h = try await f.call(.get, "/healthz")
            #expect(h.status == .ok)
            #expect(h.json == .object(["status": .string("ok")]))
            let doc = try await f.call(.get, "/openapi.yaml")
            #expect(doc.status == .ok)
            #expect(doc.text.hasPrefix("openapi: 3.1.0"))
        }
    }

    @Test("races: every race in file order, empty ballots before voting opens, recusal per org")
    func races() async throws {
        try await ServiceFixture.with { f in
            let staff = try await f.call(.get, "/v1/cycles/tiny/races", token: ServiceFixture.staff)
            #expect(staff.status == .ok)
            #expect(staff.json["cycle"] == .string("tiny"))
            let races = staff.json["races"]?.arrayValue ?? []
            #expect(races.map { $0["id"] } == [.string("r1"), .string("r2")])
            #expect(races.first == .object(["id": .string("r1"), "name": .string("Race 1"), "seats": .number("1"),
                                            "method": .string("irv"), "state": .string("draft"),
                                            "recused": .bool(false), "ballot": .array([])]))
            let c = try await f.call(.get, "/v1/cycles/tiny/races", token: ServiceFixture.orgC)
            #expect(c.json["races"]?.arrayValue?.map { $0["recused"] } == [.bool(true), .bool(false)])
            let missing = try await f.call(.get, "/v1/cycles/nope/races", token: ServiceFixture.orgC)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
    }

    @Test("scores: the scoring JSON of the store")
    func scores() async throws {
        try await ServiceFixture.with { f in
            let r = try await f.call(.get, "/v1/cycles/tiny/scores", token: ServiceFixture.staff)
            #expect(r.status == .ok)
            #expect(r.json == (try await f.store.answers.scores(cycle: "tiny")).json)
            #expect(try await f.call(.get, "/v1/cycles/nope/scores", token: ServiceFixture.staff).status == .notFound)
        }
    }

    @Test("answers: replaces all current answers; unchanged values keep their version")
    func replaceAnswers() async throws {
        try await ServiceFixture.with { f in
            let before = try await f.count("SELECT count(*)::bigint FROM answers WHERE candidate = 'c-a'")
            // c-a had yes, 5, a, (no text). Same yes_no as a boolean, scale changed, choice left out.
            let r = try await f.call(.put, Self.answers, token: ServiceFixture.staff,
                                     json: #"{"answers": {"q-yn": true, "q-sc": 4, "q-tx": "I will fund schools"}}"#)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["changed"] == .strings(["q-sc", "q-ch", "q-tx"]))
            #expect(try await f.count("SELECT count(*)::bigint FROM answers WHERE candidate = 'c-a'") == before + 3)
            #expect(try await f.count("""
                SELECT count(*)::bigint FROM answers WHERE candidate = 'c-a' AND current AND source = 'api'
                  AND actor = 'staff-1' AND ((question = 'q-ch' AND value IS NULL) OR (question = 'q-sc' AND value = '4'))
                """) == 2)
            // The same body again changes nothing but is still a (one-event) request.
            let again = try await f.call(.put, Self.answers, token: ServiceFixture.staff,
                                         json: #"{"answers": {"q-yn": "yes", "q-sc": 4, "q-tx": "I will fund schools"}}"#)
            #expect(again.json["changed"] == .array([]))
        }
    }

    @Test("reviews: reviewer is the token name; 201")
    func review() async throws {
        try await ServiceFixture.with { f in
            _ = try await f.call(.put, Self.answers, token: ServiceFixture.staff,
                                 json: #"{"answers": {"q-yn": "yes", "q-sc": 5, "q-ch": "a", "q-tx": "text"}}"#)
            let r = try await f.call(.post, Self.reviews, token: ServiceFixture.staff,
                                     json: #"{"question": "q-tx", "points": 3, "note": "solid"}"#)
            #expect(r.status == .created, "\(r.text)")
            #expect(r.json["reviewer"] == .string("staff-1"))
            #expect(try await f.count("SELECT count(*)::bigint FROM reviews WHERE reviewer = 'staff-1' AND points = 3") == 1)
        }
    }

    struct Bad: Sendable, CustomStringConvertible {
        var uri: String
        var method: HTTPRequest.Method
        var body: String
        var contentType: String? = "application/json"
        var status: HTTPResponse.Status
        var code: String
        var field: String?
        var description: String { "\(method) \(uri) \(body.prefix(60))" }
    }

    static let bad: [Bad] = [
        Bad(uri: answers, method: .put, body: "{", status: .badRequest, code: "invalid_body"),
        Bad(uri: answers, method: .put, body: "[]", status: .badRequest, code: "invalid_body"),
        Bad(uri: answers, method: .put, body: #"{"answers": {}, "org": "x"}"#, status: .badRequest, code: "invalid_body", field: "org"),
        Bad(uri: answers, method: .put, body: #"{"answers": []}"#, status: .badRequest, code: "invalid_body", field: "answers"),
        Bad(uri: answers, method: .put, body: #"{"answers": {"q-zz": "yes"}}"#, status: .badRequest, code: "invalid_body", field: "answers.q-zz"),
        Bad(uri: answers, method: .put, body: #"{"answers": {"q-sc": 9}}"#, status: .badRequest, code: "invalid_body", field: "answers.q-sc"),
        Bad(uri: answers, method: .put, body: #"{"answers": {"q-sc": "4"}}"#, status: .badRequest, code: "invalid_body", field: "answers.q-sc"),
        Bad(uri: answers, method: .put, body: #"{"answers": {"q-ch": "zzz"}}"#, status: .badRequest, code: "invalid_body", field: "answers.q-ch"),
        Bad(uri: answers, method: .put, body: #"{"answers": {"q-yn": "maybe"}}"#, status: .badRequest, code: "invalid_body", field: "answers.q-yn"),
        Bad(uri: answers, method: .put, body: #"{"answers": {}}"#, contentType: "text/plain", status: .unsupportedMediaType,
            code: "unsupported_media_type"),
        Bad(uri: answers, method: .put, body: #"{"answers": {}}"#, contentType: nil, status: .unsupportedMediaType,
            code: "unsupported_media_type"),
        Bad(uri: "/v1/cycles/tiny/candidates/c-zz/answers", method: .put, body: "{", status: .notFound, code: "not_found"),
        Bad(uri: "/v1/cycles/nope/candidates/c-a/answers", method: .put, body: "{", status: .notFound, code: "not_found"),
        Bad(uri: reviews, method: .post, body: #"{"question": "q-yn", "points": 1}"#, status: .badRequest, code: "invalid_body", field: "question"),
        Bad(uri: reviews, method: .post, body: #"{"question": "q-tx", "points": 5}"#, status: .badRequest, code: "invalid_body", field: "points"),
        Bad(uri: reviews, method: .post, body: #"{"question": "q-tx", "points": "3"}"#, status: .badRequest, code: "invalid_body", field: "points"),
        Bad(uri: reviews, method: .post, body: #"{"question": "q-tx", "points": 3, "reviewer": "me"}"#, status: .badRequest,
            code: "invalid_body", field: "reviewer"),
        Bad(uri: reviews, method: .post, body: #"{"question": "q-nope", "points": 3}"#, status: .badRequest, code: "invalid_body", field: "question"),
        Bad(uri: "/v1/cycles/tiny/candidates/c-zz/reviews", method: .post, body: "nonsense", status: .notFound, code: "not_found"),
        Bad(uri: reviews, method: .post, body: #"{"question": "q-tx", "points": 3}"#, contentType: "text/plain",
            status: .unsupportedMediaType, code: "unsupported_media_type"),
        Bad(uri: reviews, method: .post, body: #"{"question": "q-tx", "points": 3}"#, contentType: nil,
            status: .unsupportedMediaType, code: "unsupported_media_type"),
    ]

    @Test("bad input: status, code, field, and nothing written", arguments: bad)
    func badInput(_ bad: Bad) async throws {
        try await ServiceFixture.with { f in
            let before = try await f.writes()
            let r = try await f.call(bad.method, bad.uri, token: ServiceFixture.staff, json: bad.body, contentType: bad.contentType)
            #expect(r.status == bad.status, "\(r.text)")
            #expect(r.errorCode == bad.code)
            #expect(r.errorField == bad.field)
            #expect(try await f.writes() == before)
        }
    }

    @Test("413 for a body over 64 KiB, checked before the media type; nothing written")
    func tooLarge() async throws {
        try await ServiceFixture.with { f in
            let before = try await f.writes()
            let big = #"{"answers": {"q-tx": ""# + String(repeating: "x", count: 70_000) + #""}}"#
            let r = try await f.call(.put, Self.answers, token: ServiceFixture.staff, json: big, contentType: "text/plain")
            #expect(r.status == .contentTooLarge)
            #expect(r.errorCode == "payload_too_large")
            let note = #"{"question": "q-tx", "points": 3, "note": ""# + String(repeating: "x", count: 70_000) + #""}"#
            let review = try await f.call(.post, Self.reviews, token: ServiceFixture.staff, json: note, contentType: "text/plain")
            #expect(review.status == .contentTooLarge)
            #expect(review.errorCode == "payload_too_large")
            #expect(try await f.writes() == before)
        }
    }
}
