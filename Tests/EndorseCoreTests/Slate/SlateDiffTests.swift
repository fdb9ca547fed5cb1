import Testing
@testable import EndorseCore

@Suite struct SlateDiffTests {
    static func doc(_ content: SlateContent, version: Int) throws -> JSONValue {
        try Slate(content: content, version: version, previousSHA256: nil, publishedAt: "2026-10-01T17:00:00Z").json()
    }

    @Test func rescissionAndNewDecisionAndOverruling() throws {
        var d4 = SlateFixture.district1
        d4.endorsements = [SlateEndorsement(candidate: "c-bo", scores: SlateScores(overall: nil), share: nil)]
        var d2 = SlateFixture.district2
        d2.endorsements = []
        d2.override = true
        let old = try Self.doc(SlateFixture.content(), version: 1)
        let r = SlateRescission(race: "district-1", candidate: "c-ana-ruiz", reason: "Broke the pledge", at: "2026-10-02T09:00:00Z")
        let new = try Self.doc(SlateFixture.content(rescissions: [r], decisions: [
            "district-1": SlateFixture.district1, "district-2": d2, "district-3": SlateFixture.district3, "district-4": d4,
        ]), version: 2)
        let diff = try SlateDiff(old: old, new: new)
        #expect(diff.racesAdded == [] && diff.racesRemoved == [])
        #expect(diff.statusChanged == [
            .init(race: "district-2", from: "endorsed", to: "no_endorsement"),
            .init(race: "district-1", from: "endorsed", to: "no_endorsement"),
            .init(race: "district-4", from: "pending", to: "endorsed"),
        ])
        #expect(diff.endorsementsAdded == [.init(race: "district-4", candidate: "c-bo", name: "Bo Chen")])
        #expect(diff.endorsementsRemoved == [.init(race: "district-2", candidate: "c-bo", name: "Bo Chen")])
        #expect(diff.rescinded == [r])
        #expect(diff.table == """
            t-2026 v1 -> v2
            change     race        candidate   detail
            ---------  ----------  ----------  --------------------------
            status     district-2              endorsed -> no_endorsement
            status     district-1              endorsed -> no_endorsement
            status     district-4              pending -> endorsed
            endorsed   district-4  c-bo        Bo Chen
            removed    district-2  c-bo        Bo Chen
            rescinded  district-1  c-ana-ruiz  Broke the pledge

            """)
        #expect(diff.json.canonicalString == #"{"cycle":"t-2026","endorsements_added":[{"candidate":"c-bo","name":"Bo Chen","race":"district-4"}],"# +
            #""endorsements_removed":[{"candidate":"c-bo","name":"Bo Chen","race":"district-2"}],"new_version":2,"old_version":1,"# +
            #""races_added":[],"races_removed":[],"rescinded":[{"at":"2026-10-02T09:00:00Z","candidate":"c-ana-ruiz","race":"district-1","reason":"Broke the pledge"}],"# +
            #""status_changed":[{"from":"endorsed","race":"district-2","to":"no_endorsement"},{"from":"endorsed","race":"district-1","to":"no_endorsement"},"# +
            #"{"from":"pending","race":"district-4","to":"endorsed"}]}"#)
    }

    @Test func racesAddedAndRemoved() throws {
        let old = try Self.doc(SlateFixture.content(), version: 1)
        var cycle = SlateFixture.cycle
        cycle.races.removeLast()
        cycle.races.append(Race(id: "at-large", name: "At large", seats: 3, method: .approval))
        var content = SlateFixture.content()
        content.cycle = cycle
        let diff = try SlateDiff(old: old, new: try Self.doc(content, version: 2))
        #expect(diff.racesAdded == ["at-large"])
        #expect(diff.racesRemoved == ["district-4"])
        #expect(diff.statusChanged.isEmpty && diff.endorsementsAdded.isEmpty)
    }

    @Test func identicalSlatesHaveNoDifferences() throws {
        let a = try Self.doc(SlateFixture.content(), version: 1)
        let diff = try SlateDiff(old: a, new: a)
        #expect(diff.isEmpty)
        #expect(diff.table == "no differences (t-2026 v1 -> v1)\n")
    }

    @Test func differentCyclesAreRefused() throws {
        let a = try Self.doc(SlateFixture.content(), version: 1)
        var content = SlateFixture.content()
        content.cycle.id = "other-2026"
        #expect(throws: EndorseError.self) { try SlateDiff(old: a, new: try Self.doc(content, version: 1)) }
        #expect(throws: EndorseError.self) { try SlateDiff(old: .object([:]), new: a) }
    }
}
