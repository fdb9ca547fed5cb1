import Testing
@testable import EndorseCore

@Suite struct SlateTests {
    // Hand-written: keys sorted by bytes, races in file order (2, 1, 3, 4), members sorted by id,
    // empty ballot_name -> name, missing incumbent -> false, shortest numbers, nulls present.
    static let expectedV1 = #"""
        {"coalition":{"member_organizations":[{"id":"org-a","name":"A Parents"},{"id":"org-b","name":"B Union"}],\#
        "name":"Test Coalition","url":"https://example.org"},\#
        "cycle":{"election_date":"2026-11-03","id":"t-2026","jurisdiction":null,"name":"Test 2026"},\#
        "format":"endorse-slate/1",\#
        "platform":[{"id":"funding","section":"Schools","title":"Full funding"},{"id":"special-ed","section":null,"title":"Special ed"}],\#
        "previous_sha256":null,"published_at":"2026-10-01T17:00:00Z",\#
        "races":[\#
        {"division":null,"endorsements":[{"candidate":{"ballot_name":"Bo Chen","id":"c-bo","incumbent":true,"name":"Bo Chen","website":"https://bo.example/"},\#
        "decided_at":"2026-09-30T22:20:00Z","scores":{"overall":66.67,"planks":{"funding":66.67,"special-ed":null}},\#
        "vote":{"base":"eligible","method":"approval","outcome":"tie","override":false,"share":0.5,"threshold":0.5}}],\#
        "id":"district-2","name":"District 2","seats":2,"status":"endorsed"},\#
        {"division":"ocd-division/x/d1","endorsements":[{"candidate":{"ballot_name":"ANA RUIZ","id":"c-ana-ruiz","incumbent":false,"name":"Ana Ruiz","website":null},\#
        "decided_at":"2026-09-30T22:10:00Z","scores":{"overall":87.5,"planks":{"funding":100,"special-ed":75}},\#
        "vote":{"base":"cast","method":"irv","outcome":"endorsed","override":false,"share":0.7419,"threshold":0.6667}}],\#
        "id":"district-1","name":"District 1","seats":1,"status":"endorsed"},\#
        {"division":null,"endorsements":[],"id":"district-3","name":"District 3","seats":1,"status":"no_endorsement"},\#
        {"division":null,"endorsements":[],"id":"district-4","name":"District 4","seats":1,"status":"pending"}],\#
        "rescinded":[],"version":1}

        """#

    @Test func bytesOfAHandBuiltSlate() throws {
        let slate = Slate(content: SlateFixture.content(), version: 1, previousSHA256: nil,
                          publishedAt: "2026-10-01T17:00:00Z")
        let text = String(decoding: try slate.bytes(), as: UTF8.self)
        #expect(text == Self.expectedV1)
        #expect(text.hasSuffix("}\n"))
    }

    @Test func rescindingTheOnlyEndorsementLeavesNoEndorsement() throws {
        let r = SlateRescission(race: "district-1", candidate: "c-ana-ruiz", reason: "Withdrew support for the platform",
                                at: "2026-10-02T09:00:00Z")
        let json = try SlateFixture.content(rescissions: [r]).json()
        let d1 = try #require(json["races"]?.arrayValue?.first { $0["id"]?.stringValue == "district-1" })
        #expect(d1["status"] == .string("no_endorsement"))
        #expect(d1["endorsements"] == .array([]))
        #expect(json["rescinded"]?.canonicalString ==
            #"[{"at":"2026-10-02T09:00:00Z","candidate":"c-ana-ruiz","race":"district-1","reason":"Withdrew support for the platform"}]"#)
    }

    @Test func rescindingOneOfTwoKeepsTheOther() throws {
        var d = SlateFixture.district2
        d.endorsements.append(SlateEndorsement(candidate: "c-ana-ruiz", scores: SlateScores(overall: nil), share: nil))
        let r = SlateRescission(race: "district-2", candidate: "c-bo", reason: "r", at: "2026-10-02T09:00:00Z")
        let json = try SlateFixture.content(rescissions: [r], decisions: ["district-2": d]).json()
        let d2 = try #require(json["races"]?.arrayValue?.first)
        #expect(d2["status"] == .string("endorsed"))
        #expect(d2["endorsements"]?.arrayValue?.compactMap { $0["candidate"]?["id"]?.stringValue } == ["c-ana-ruiz"])
    }

    @Test func aDecisionAfterTheRescissionStands() throws {
        var d = SlateFixture.district1
        d.decidedAt = "2026-10-05T10:00:00Z"   // a revote after the rescission
        let r = SlateRescission(race: "district-1", candidate: "c-ana-ruiz", reason: "r", at: "2026-10-02T09:00:00Z")
        let json = try SlateFixture.content(rescissions: [r], decisions: ["district-1": d]).json()
        let d1 = try #require(json["races"]?.arrayValue?.first { $0["id"]?.stringValue == "district-1" })
        #expect(d1["status"] == .string("endorsed"))
        #expect(json["rescinded"]?.arrayValue?.count == 1)
    }

    @Test func unknownCandidateOrRaceIsRefused() {
        var d = SlateFixture.district1
        d.endorsements[0].candidate = "c-nobody"
        #expect(throws: EndorseError.self) { try SlateFixture.content(decisions: ["district-1": d]).json() }
        #expect(throws: EndorseError.self) { try SlateFixture.content(decisions: ["district-9": d]).json() }
    }

    @Test func badTimestampsAreRefused() {
        var d = SlateFixture.district1
        d.decidedAt = "2026-09-30 22:10"
        #expect(throws: EndorseError.self) { try SlateFixture.content(decisions: ["district-1": d]).json() }
        #expect(throws: EndorseError.self) {
            try SlatePublisher.next(previous: nil, content: SlateFixture.content(), now: "2026-10-01T17:00:00.5Z")
        }
        #expect(SlateTime.isValid("2026-10-01T17:00:00Z"))
    }

    @Test func sha256Hex() {
        #expect(SlateHash.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func unchangedContentPublishesNothing() throws {
        let v1 = try #require(try SlatePublisher.next(previous: nil, content: SlateFixture.content(),
                                                       now: "2026-10-01T17:00:00Z"))
        #expect(v1.version == 1)
        #expect(v1.fileName == "slate-t-2026-v1.json")
        #expect(String(decoding: v1.bytes, as: UTF8.self) == Self.expectedV1)
        let again = try SlatePublisher.next(previous: (v1.bytes, 1), content: SlateFixture.content(),
                                            now: "2026-10-09T08:00:00Z")
        #expect(again == nil)
    }

    @Test func changedContentMakesTheNextVersionChained() throws {
        let v1 = try #require(try SlatePublisher.next(previous: nil, content: SlateFixture.content(),
                                                       now: "2026-10-01T17:00:00Z"))
        let r = SlateRescission(race: "district-1", candidate: "c-ana-ruiz", reason: "r", at: "2026-10-02T09:00:00Z")
        let v2 = try #require(try SlatePublisher.next(previous: (v1.bytes, 1), content: SlateFixture.content(rescissions: [r]),
                                                       now: "2026-10-02T10:00:00Z"))
        #expect(v2.version == 2)
        #expect(v2.fileName == "slate-t-2026-v2.json")
        let doc = try JSONValue.parse(v2.bytes)
        #expect(doc["previous_sha256"] == .string(SlateHash.sha256Hex(v1.bytes)))
        #expect(doc["version"] == .number("2"))
        #expect(doc["published_at"] == .string("2026-10-02T10:00:00Z"))
        #expect(v2.sha256 == SlateHash.sha256Hex(v2.bytes))
        let v3 = try SlatePublisher.next(previous: (v2.bytes, 2), content: SlateFixture.content(rescissions: [r]),
                                         now: "2026-10-03T10:00:00Z")
        #expect(v3 == nil)
    }

    @Test func contentLeavesOutThePublicationMembers() throws {
        let a = Slate(content: SlateFixture.content(), version: 1, previousSHA256: nil, publishedAt: "2026-10-01T17:00:00Z")
        let b = Slate(content: SlateFixture.content(), version: 7, previousSHA256: String(repeating: "a", count: 64),
                      publishedAt: "2027-01-01T00:00:00Z")
        #expect(try a.bytes() != b.bytes())
        #expect(Slate.content(of: try a.json()) == Slate.content(of: try b.json()))
        #expect(try SlateFixture.content().contentSHA256() == SlateHash.sha256Hex(Slate.content(of: try a.json()).canonicalBytes))
    }

    @Test(arguments: [(7419, 10_000, "0.7419"), (2, 3, "0.6667"), (1, 3, "0.3333"), (23, 31, "0.7419"),
                      (1, 20_000, "0.0001"), (1, 20_001, "0"), (5, 5, "1"), (0, 7, "0")])
    func share(votes: Int64, base: Int64, text: String) {
        #expect(SlateEndorsement.share(votes: votes, base: base)?.description == text)
    }

    @Test func shareIsNullWhenTheBaseIsZero() {
        #expect(SlateEndorsement.share(votes: 0, base: 0) == nil)
    }

    @Test(arguments: [(0.0, "1970-01-01T00:00:00Z"), (1_790_874_000, "2026-10-01T17:00:00Z"),
                      (951_782_400, "2000-02-29T00:00:00Z"), (1_704_067_199.9, "2023-12-31T23:59:59Z")])
    func timestamps(seconds: Double, text: String) {
        #expect(SlateTime.string(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func scoresFromText() throws {
        let s = try SlateScores(overallText: "87.50", planksText: ["a": "100.0", "b": nil])
        #expect(s.json.canonicalString == #"{"overall":87.5,"planks":{"a":100,"b":null}}"#)
        #expect(throws: EndorseError.self) { try SlateScores(overallText: "8e1", planksText: [:]) }
    }
}

import Foundation
