import EndorseCore
@testable import EndorseStore
import Testing

/// `cycle load`: create, unchanged, update in place, refusals that leave everything as it was.
@Suite(.serialized) struct CycleLoadTests {
    /// The tiny cycle with `edit` applied to its text.
    static func edited(_ edit: (String) -> String) -> [UInt8] { Catalog.bytes(edit(Catalog.smallYAML)) }

    @Test func sameFileTwiceIsUnchangedWithOneAuditEvent() async throws {
        try await withStore { store, db in
            let bytes = try Catalog.sample("sample-2026.yaml")
            let first = try await store.catalog.loadCycle(bytes, file: "sample-2026.yaml")
            #expect(first == CycleLoadResult(cycle: "sample-2026", outcome: .created, changes: []))
            let snap = try await Catalog.snapshot(db)
            let second = try await store.catalog.loadCycle(bytes, file: "sample-2026.yaml")
            #expect(second.outcome == .unchanged)
            #expect(try await Catalog.snapshot(db) == snap)
            #expect(try await Catalog.auditCount(db) == 1)
            let overview = try await store.catalog.cycleOverview("sample-2026")
            #expect(overview.cycle.races.count == 22 && overview.states.values.allSatisfy { $0 == "draft" })
            #expect(overview.cycle.questionnaire.count == 25 && overview.cycle.platform.count == 10)
        }
    }

    @Test func editUpdatesInPlace() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes("candidate_id,q-yn,q-tx\nc-a,yes,plan\n"), file: "a.csv")
            // Rename a race, re-word a question, add an option, drop the unanswered scale question.
            let bytes = Self.edited {
                $0.replacingOccurrences(of: "name: Race 2", with: "name: Race Two")
                  .replacingOccurrences(of: "text: Yes or no?", with: "text: Yes or no now?")
                  .replacingOccurrences(of: "{id: b, label: B, score: 0}", with: "{id: b, label: B, score: 0}, {id: c, label: C, score: 0.5}")
                  .replacingOccurrences(of: "  - {id: q-sc, text: Scale?, kind: scale, scale: {min: 1, max: 5}, planks: [{plank: p1, favors: high}]}\n", with: "")
            }
            let result = try await store.catalog.loadCycle(bytes, file: "tiny.yaml")
            #expect(result.outcome == .updated)
            #expect(result.changes == ["question q-sc removed"])
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM questions WHERE cycle = 'tiny'") == 3)
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM question_options WHERE question = 'q-ch'") == 3)
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM races WHERE name = 'Race Two'") == 1)
            #expect(try await Catalog.count(db, "SELECT position::bigint FROM questions WHERE id = 'q-tx'") == 2)
            // Answers and candidates survive the update.
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM answers") == 2)
            #expect(try await Catalog.auditCount(db) == 4)
            #expect(try await store.catalog.cycleOverview("tiny").cycle.question("q-yn")?.text == "Yes or no now?")
        }
    }

    @Test func removingAnAnsweredQuestionIsRefused() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes("candidate_id,q-tx\nc-a,my plan\nc-b,other\n"), file: "a.csv")
            let snap = try await Catalog.snapshot(db)
            let bytes = Self.edited {
                $0.replacingOccurrences(of: "  - {id: q-tx, text: Text?, kind: text, max_points: 4, planks: [{plank: p2}]}\n", with: "")
                  .replacingOccurrences(of: "options: [{id: a, label: A, score: 1}, {id: b, label: B, score: 0}]", with: "options: [{id: a, label: A, score: 1}]")
            }
            do {
                _ = try await store.catalog.loadCycle(bytes, file: "tiny.yaml")
                Issue.record("the edit was accepted")
            } catch let error as EndorseError {
                #expect(error.code == .conflict)
                #expect(Catalog.lines(error) == [
                    "tiny.yaml: question q-tx removed, but it has 2 recorded answers",
                    "error: the edited cycle would invalidate recorded data (1 problem), nothing loaded (tiny.yaml)",
                ])
            }
            #expect(try await Catalog.snapshot(db) == snap)
        }
    }

    @Test func raceChangesRefusedByState() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            // A method change while draft is fine (r2 -> threshold).
            let toThreshold = Self.edited { $0.replacingOccurrences(of: "{id: r2, name: Race 2, method: irv}", with: "{id: r2, name: Race 2, method: threshold}") }
            #expect(try await store.catalog.loadCycle(toThreshold, file: "tiny.yaml").changes == ["race r2: method irv -> threshold"])
            try await db.withConnection { conn in
                try await conn.run(["UPDATE races SET state = 'open' WHERE id = 'r2'"])
            }
            let snap = try await Catalog.snapshot(db)
            // Back to irv after voting opened, and dropping r1 which has candidates: both refused.
            let bad = Self.edited { $0.replacingOccurrences(of: "  - {id: r1, name: Race 1, method: irv}\n", with: "") }
            do {
                _ = try await store.catalog.loadCycle(bad, file: "tiny.yaml")
                Issue.record("the edit was accepted")
            } catch let error as EndorseError {
                #expect(error.code == .conflict)
                #expect(error.details == [
                    "tiny.yaml: race r1 removed, but it has 2 candidates",
                    "tiny.yaml: race r2: method threshold -> irv, but the race is open",
                ])
            }
            #expect(try await Catalog.snapshot(db) == snap)
        }
    }

    @Test func invalidFileWritesNothing() async throws {
        try await withStore { store, db in
            let bytes = Self.edited { $0.replacingOccurrences(of: "method: irv}\n  - {id: r2", with: "method: stv, seats: 0}\n  - {id: r2") }
            let error = await #expect(throws: EndorseError.self) { _ = try await store.catalog.loadCycle(bytes, file: "tiny.yaml") }
            #expect(error?.code == .invalidCycle)
            let cycles = try await Catalog.count(db, "SELECT count(*)::bigint FROM cycles")
            let events = try await Catalog.auditCount(db)
            #expect(cycles == 0 && events == 0)
        }
    }
}
