import EndorseCore
@testable import EndorseStore
import Testing
import EndorseTestSupport

/// cycle.md: an edit that would invalidate recorded answers, reviews or ballots is refused with a
/// clear message and nothing changes. One row per kind of edit the store refuses.
@Suite(.serialized) struct CycleEditRefusalTests {
    /// r1 (irv; c-a, c-b), r2 (approval, 2 seats; c-c), r3 (irv, no candidates); a third plank p3
    /// fed only by q-x.
    static let base = """
        id: tiny
        name: Tiny
        election_date: 2026-11-03
        coalition: {name: Tiny Coalition}
        rules: {min_overall_score: 0}
        races:
          - {id: r1, name: Race 1, method: irv}
          - {id: r2, name: Race 2, method: approval, seats: 2}
          - {id: r3, name: Race 3, method: irv}

        """ + TinyFixture.platformAndQuestionnaire + """
          - {id: q-x, text: Extra?, kind: yes_no, planks: [{plank: p3, favors: "yes"}]}

        """

    static func withPlank3(_ yaml: String) -> String {
        yaml.replacingOccurrences(of: "  - {id: p2, title: Plank 2, weight: 1}\n",
                                  with: "  - {id: p2, title: Plank 2, weight: 1}\n  - {id: p3, title: Plank 3, weight: 1}\n")
    }

    struct Edit: Sendable, CustomTestStringConvertible {
        let name: String
        let from: String
        let to: String
        let reason: String
        var testDescription: String { name }
    }

    static let edits: [Edit] = [
        Edit(name: "a scale re-ranged while it has answers",
             from: "scale: {min: 1, max: 5}", to: "scale: {min: 1, max: 7}",
             reason: "question q-sc: scale 1..5 -> 1..7, but it has 1 recorded answer"),
        Edit(name: "a text question's max_points changed while it has answers",
             from: "kind: text, max_points: 4", to: "kind: text, max_points: 5",
             reason: "question q-tx: max_points 4 -> 5, but it has 1 recorded answer"),
        Edit(name: "a question re-typed while it has answers",
             from: "{id: q-sc, text: Scale?, kind: scale, scale: {min: 1, max: 5}, planks: [{plank: p1, favors: high}]}",
             to: "{id: q-sc, text: Scale?, kind: yes_no, planks: [{plank: p1, favors: \"yes\"}]}",
             reason: "question q-sc: kind scale -> yes_no, but it has 1 recorded answer"),
        Edit(name: "a plank removed after voting opened",
             from: "  - {id: p3, title: Plank 3, weight: 1}\n", to: "",
             reason: "plank p3 removed, but voting has opened in this cycle"),
        Edit(name: "seats changed after voting opened",
             from: "method: approval, seats: 2}", to: "method: approval, seats: 3}",
             reason: "race r2: seats 2 -> 3, but the race is open"),
        Edit(name: "a race without candidates removed after it left draft",
             from: "  - {id: r3, name: Race 3, method: irv}\n", to: "",
             reason: "race r3 removed, but the race is open"),
    ]

    @Test("an edit that would invalidate recorded data is refused naming it; nothing changes", arguments: edits)
    func refused(_ edit: Edit) async throws {
        try await withStore { store, db in
            let yaml = Self.withPlank3(Self.base)
            _ = try await store.catalog.loadCycle(Catalog.bytes(yaml), file: "tiny.yaml")
            _ = try await store.catalog.importCandidates(cycle: "tiny", Catalog.bytes("""
                id,race,name,ballot_name,incumbent,email,website
                c-a,r1,A,,,,
                c-b,r1,B,,,,
                c-c,r2,C,,,,

                """), file: "candidates.csv")
            _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes("candidate_id,q-sc,q-tx\nc-a,3,my plan\n"),
                                                      file: "a.csv")
            try await db.withConnection { conn in
                try await conn.run(["UPDATE races SET state = 'open' WHERE id IN ('r2', 'r3')"])
            }
            var edited = yaml.replacingOccurrences(of: edit.from, with: edit.to)
            // Removing p3 also removes its only question (every plank must be fed, every mapping resolve).
            if edit.name.hasPrefix("a plank") {
                edited = edited.replacingOccurrences(of: "  - {id: q-x, text: Extra?, kind: yes_no, planks: [{plank: p3, favors: \"yes\"}]}\n", with: "")
            }
            #expect(edited != yaml)
            let before = try await Catalog.snapshot(db)
            do {
                _ = try await store.catalog.loadCycle(Catalog.bytes(edited), file: "tiny.yaml")
                Issue.record("the edit was accepted")
            } catch let error as EndorseError {
                #expect(error.code == .conflict)
                #expect(error.details.contains("tiny.yaml: \(edit.reason)"), "\(error.details)")
                #expect(error.description.contains("nothing loaded"))
            }
            #expect(try await Catalog.snapshot(db) == before)
        }
    }

    @Test("a file that does not validate, loaded over an existing cycle, is refused with every error; nothing changes")
    func invalidOverExisting() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            let before = try await Catalog.snapshot(db)
            let bad = Catalog.bytes(Catalog.smallYAML.replacingOccurrences(of: "{id: r2, name: Race 2, method: irv}",
                                                                           with: "{id: r2, name: Race 2, method: irv, seats: 0, colour: red}"))
            do {
                _ = try await store.catalog.loadCycle(bad, file: "tiny.yaml")
                Issue.record("the file was accepted")
            } catch let error as EndorseError {
                #expect(error.code == .invalidCycle)
                #expect(error.details.count >= 2, "\(error.details)")
                #expect(error.details.allSatisfy { $0.contains("tiny.yaml") }, "\(error.details)")
            }
            #expect(try await Catalog.snapshot(db) == before)
        }
    }
}
