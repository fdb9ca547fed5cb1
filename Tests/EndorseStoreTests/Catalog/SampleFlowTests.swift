import EndorseCore
@testable import EndorseStore
import Testing

/// The bundled sample through the store: load, import, review, withdraw, score (config/README.md).
@Suite(.serialized) struct SampleFlowTests {
    @Test func sampleScoresAsPinned() async throws {
        try await withStore { store, db in
            try await Catalog.loadSample(store)
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM orgs") == 14)
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM orgs WHERE NOT active") == 1)
            #expect(try await Catalog.count(db, "SELECT sum(weight)::bigint FROM orgs WHERE active") == 54)
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM candidates") == 67)
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM races") == 22)
            // 67 candidates x 25 questions, one empty cell (c-kevin-oshea / q-heat-days) not stored.
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM answers") == 67 * 25 - 1)

            // Before any review every text answer is pending: 67 candidates x 3 text questions.
            let pending = try await store.answers.pendingReviews(cycle: "sample-2026")
            #expect(pending.count == 67 * 3)
            #expect(pending.first == PendingReview(candidate: "c-ana-ruiz", race: "district-1", question: "q-sped-plan"))
            let before = try await store.answers.scores(cycle: "sample-2026")
            #expect(before.candidates.allSatisfy { $0.provisional && !$0.eligible })

            _ = try await Catalog.addSampleReviews(store)
            #expect(try await store.answers.pendingReviews(cycle: "sample-2026").isEmpty)

            // Before the withdrawal c-victor-alvarado is eligible with no reasons: 60 eligible.
            let unwithdrawn = try await store.answers.scores(cycle: "sample-2026")
            #expect(unwithdrawn.candidates.filter(\.eligible).count == 60)
            let victor = try #require(unwithdrawn.candidates.first { $0.id == "c-victor-alvarado" })
            #expect(victor.reasons == [] && victor.overall?.rounded(fractionDigits: 2) == "74.93")

            try await store.catalog.withdrawCandidate(cycle: "sample-2026", id: "c-victor-alvarado", reason: "withdrew from the race")
            let report = try await store.answers.scores(cycle: "sample-2026")
            #expect(report.candidates.count == 67)
            #expect(report.candidates.filter(\.eligible).count == 59)
            #expect(!report.candidates.contains { $0.provisional })
            func row(_ id: String) throws -> CandidateScore { try #require(report.candidates.first { $0.id == id }) }
            #expect(try row("c-ana-ruiz").overall?.rounded(fractionDigits: 2) == "86.5")
            #expect(try row("c-victor-alvarado").reasons == ["withdrawn"])
            #expect(try row("c-cynthia-marsh").reasons == ["below_min_overall", "dealbreaker:safe-schools"])
            #expect(try row("c-cynthia-marsh").overall?.rounded(fractionDigits: 2) == "28.93")
            #expect(try row("c-richard-stone").reasons == ["dealbreaker:full-funding"])
            #expect(try row("c-paul-jablonski").plank("full-funding")?.rounded(fractionDigits: 2) == "50")
            #expect(try row("c-fatima-noor").overall?.rounded(fractionDigits: 2) == "94.68")
            #expect(try row("c-kevin-oshea").missing == ["q-heat-days"])
            // Sorted by race id (bytes), then overall descending.
            #expect(report.candidates.prefix(3).map(\.id) == ["c-angela-brooks-reyes", "c-kwame-asante", "c-felipe-ortiz"])

            // One audit event per change: cycle, orgs, candidates, answers, each review, the withdrawal.
            let reviews = try await Catalog.count(db, "SELECT count(*)::bigint FROM reviews")
            #expect(try await Catalog.auditCount(db) == 4 + reviews + 1)
            let events = try await db.auditEvents(cycle: "sample-2026")
            #expect(events.first?.action == "cycle.load")
            #expect(try await db.verifyAudit() == nil)
        }
    }

    @Test func reimportingTheSampleChangesNothing() async throws {
        try await withStore { store, db in
            try await Catalog.loadSample(store)
            let before = try await Catalog.snapshot(db)
            let orgs = try await store.catalog.importOrgs(try Catalog.sample("orgs.csv"), file: "orgs.csv")
            #expect(orgs == ImportResult(rows: 14, created: 0, updated: 0, unchanged: 14))
            let answers = try await store.answers.importAnswers(cycle: "sample-2026", try Catalog.sample("answers.csv"), file: "answers.csv")
            #expect(answers == AnswersImportResult(rows: 67, written: 0, candidatesChanged: 0))
            let load = try await store.catalog.loadCycle(try Catalog.sample("sample-2026.yaml"), file: "sample-2026.yaml")
            #expect(load.outcome == .unchanged)
            let after = try await Catalog.snapshot(db)
            // Only the two imports' audit events were added; every catalog table is as it was.
            for table in Catalog.tables where table != "audit_log" { #expect(after[table] == before[table], "\(table)") }
            #expect(try await Catalog.auditCount(db) == 4 + 2)
        }
    }

    @Test func withdrawTwiceAndUnknownAreRefused() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            try await store.catalog.withdrawCandidate(cycle: "tiny", id: "c-a", reason: "moved away")
            let list = try await store.catalog.candidates(cycle: "tiny")
            #expect(list.map(\.id) == ["c-a", "c-b", "c-c"])
            #expect(list[0].withdrawReason == "moved away" && list[0].incumbent == true && list[1].incumbent == nil)
            let snap = try await Catalog.snapshot(db)
            await #expect(throws: EndorseError(.conflict, "candidate c-a has already withdrawn", at: "c-a")) {
                try await store.catalog.withdrawCandidate(cycle: "tiny", id: "c-a", reason: "again")
            }
            await #expect(throws: EndorseError(.notFound, "no such candidate in cycle tiny", at: "c-zz")) {
                try await store.catalog.withdrawCandidate(cycle: "tiny", id: "c-zz", reason: "x")
            }
            #expect(try await Catalog.snapshot(db) == snap)
            let report = try await store.answers.scores(cycle: "tiny")
            #expect(report.candidates.first { $0.id == "c-a" }?.reasons.first == "withdrawn")
        }
    }
}
