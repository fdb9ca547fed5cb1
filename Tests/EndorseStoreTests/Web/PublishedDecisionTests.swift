import EndorseCore
import EndorseStore
import Testing

@Suite("The published decision a candidate's overview shows")
struct PublishedDecisionTests {
    static let slate = Array(#"""
        {"format":"endorse-slate/1","version":3,"races":[
          {"id":"r1","status":"endorsed","endorsements":[{"candidate":{"id":"c-a","name":"Ana Alvarez"}},
                                                       {"candidate":{"id":"c-b","name":"Ben Brown"}}]},
          {"id":"r2","status":"no_endorsement","endorsements":[]}]}
        """#.utf8)

    @Test func readsTheRaceFromTheSlate() {
        #expect(PublishedDecision(slate: Self.slate, race: "r1")?.endorsed == ["Ana Alvarez", "Ben Brown"])
        #expect(PublishedDecision(slate: Self.slate, race: "r1")?.version == 3)
        #expect(PublishedDecision(slate: Self.slate, race: "r2")?.status == "no_endorsement")
        #expect(PublishedDecision(slate: Self.slate, race: "r9") == nil)
        #expect(PublishedDecision(slate: Array("not json".utf8), race: "r1") == nil)
    }
}
