import EndorseCore
import EndorseHTTP
import EndorseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import EndorseTestSupport

/// `PUT .../answers` follows the same rules as the pages: the word limit, the deadline, LF.
@Suite("Answers over the API: word limit and deadline")
struct AnswerRulesRouteTests {
    static let answers = "/v1/cycles/tiny/candidates/c-a/answers"

    /// The tiny cycle of ServiceFixture with a word limit and, optionally, a deadline.
    static func reload(_ f: ServiceFixture, closes: String?) async throws {
        let yaml = TinyFixture.yaml
            .replacingOccurrences(of: "kind: text, max_points: 4,", with: "kind: text, max_points: 4, max_words: 3,")
            + (closes.map { "questionnaire_closes: \($0)\n" } ?? "")
        _ = try await f.store.catalog.loadCycle(Array(yaml.utf8), file: "tiny.yaml")
    }

    @Test("a text over max_words: 400 naming the field with the count and the limit; nothing written")
    func wordLimit() async throws {
        try await ServiceFixture.with { f in
            try await Self.reload(f, closes: nil)
            let before = try await f.writes()
            let r = try await f.call(.put, Self.answers, token: ServiceFixture.staff,
                                     json: #"{"answers": {"q-tx": "one two three four"}}"#)
            #expect(r.status == .badRequest)
            #expect(r.errorField == "answers.q-tx")
            #expect(r.json["error"]?["message"]?.stringValue == "4 words, more than the limit of 3 words")
            #expect(try await f.writes() == before)
            let ok = try await f.call(.put, Self.answers, token: ServiceFixture.staff,
                                      json: #"{"answers": {"q-tx": "one two\r\nthree"}}"#)
            #expect(ok.status == .ok)
            #expect(try await f.count("SELECT count(*)::bigint FROM answers WHERE current AND value = E'one two\\nthree'") == 1)
        }
    }

    @Test("after questionnaire_closes: 409 questionnaire_closed, after the 404 checks; nothing written")
    func deadline() async throws {
        try await ServiceFixture.with { f in
            try await Self.reload(f, closes: "2020-01-01T00:00:00Z")
            let before = try await f.writes()
            let r = try await f.call(.put, Self.answers, token: ServiceFixture.staff, json: #"{"answers": {"q-yn": "no"}}"#)
            #expect(r.status == .conflict)
            #expect(r.errorCode == "questionnaire_closed")
            let unknown = try await f.call(.put, "/v1/cycles/tiny/candidates/c-zz/answers", token: ServiceFixture.staff,
                                           json: #"{"answers": {}}"#)
            #expect(unknown.status == .notFound)
            #expect(try await f.writes() == before)
        }
    }
}
