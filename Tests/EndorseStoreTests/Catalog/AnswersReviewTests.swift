import EndorseCore
@testable import EndorseStore
import Testing

/// Answer versions, reviews attached to answer versions, review refusals, recusals.
@Suite(.serialized) struct AnswersReviewTests {
    static func answers(_ store: ActingStore, _ csv: String) async throws -> AnswersImportResult {
        try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes(csv), file: "answers.csv")
    }

    @Test func reimportKeepsHistoryAndReviewsOfUnchangedText() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            let first = try await Self.answers(store, "candidate_id,q-yn,q-ch,q-tx\nc-a,yes,a,\"plan\nA\"\nc-b,no,b,\n")
            #expect(first == AnswersImportResult(rows: 2, written: 5, candidatesChanged: 2))
            #expect(try await store.answers.pendingReviews(cycle: "tiny") == [PendingReview(candidate: "c-a", race: "r1", question: "q-tx")])
            _ = try await store.answers.addReview(cycle: "tiny", candidate: "c-a", question: "q-tx", points: 1, reviewer: "dana")
            _ = try await store.answers.addReview(cycle: "tiny", candidate: "c-a", question: "q-tx", points: 3, reviewer: "dana", note: "better")
            #expect(try await store.answers.pendingReviews(cycle: "tiny").isEmpty)
            // p2 = 100 * (1 [choice a] + 3/4 [dana's latest review]) / 2 = 87.5.
            var a = try #require(try await store.answers.scores(cycle: "tiny").candidates.first { $0.id == "c-a" })
            #expect(a.plank("p2")?.rounded(fractionDigits: 2) == "87.5" && !a.provisional)

            // "Yes" spelled differently is the same answer; q-yn changes for c-b only; text unchanged.
            let second = try await Self.answers(store, "candidate_id,q-tx,q-ch,q-yn\nc-a,\"plan\nA\",a,Yes\nc-b,,b,yes\n")
            #expect(second == AnswersImportResult(rows: 2, written: 1, candidatesChanged: 1))
            #expect(try await store.answers.pendingReviews(cycle: "tiny").isEmpty)
            a = try #require(try await store.answers.scores(cycle: "tiny").candidates.first { $0.id == "c-a" })
            #expect(a.plank("p2")?.rounded(fractionDigits: 2) == "87.5")

            // Changed text needs a new review: provisional again, p2 from the choice alone.
            _ = try await Self.answers(store, "candidate_id,q-yn,q-ch,q-tx\nc-a,yes,a,plan B\n")
            #expect(try await store.answers.pendingReviews(cycle: "tiny") == [PendingReview(candidate: "c-a", race: "r1", question: "q-tx")])
            a = try #require(try await store.answers.scores(cycle: "tiny").candidates.first { $0.id == "c-a" })
            #expect(a.provisional && a.plank("p2")?.rounded(fractionDigits: 2) == "100")

            // A missing column means unanswered: q-ch gets an unanswered version.
            _ = try await Self.answers(store, "candidate_id,q-yn,q-tx\nc-a,yes,plan B\n")
            let history = try await store.answers.answerHistory(cycle: "tiny", candidate: "c-a")
            #expect(history.map { "\($0.question) v\($0.version) \($0.value ?? "-") \($0.current)" } == [
                "q-yn v1 yes true", "q-ch v1 a false", "q-ch v2 - true", "q-tx v1 plan\nA false", "q-tx v2 plan B true",
            ])
            #expect(history.allSatisfy { $0.actor == "test" && $0.source == "import" && $0.at.hasSuffix("Z") })
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM reviews") == 2)
            a = try #require(try await store.answers.scores(cycle: "tiny").candidates.first { $0.id == "c-a" })
            #expect(a.missing == ["q-sc", "q-ch"])
            await #expect(throws: EndorseError(.notFound, "no such candidate in cycle tiny", at: "c-zz")) {
                _ = try await store.answers.answerHistory(cycle: "tiny", candidate: "c-zz")
            }
        }
    }

    @Test(arguments: [
        ("q-yn", 1, "c-a", EndorseError(.invalidInput, "question q-yn is a yes_no question; only text answers are reviewed", at: "q-yn")),
        ("q-tx", 5, "c-a", EndorseError(.invalidInput, "5 points is outside 0..4 for question q-tx", at: "q-tx")),
        ("q-tx", -1, "c-a", EndorseError(.invalidInput, "-1 points is outside 0..4 for question q-tx", at: "q-tx")),
        ("q-tx", 2, "c-b", EndorseError(.wrongState, "c-b has not answered q-tx; nothing to review", at: "c-b/q-tx")),
        ("q-tx", 2, "c-zz", EndorseError(.notFound, "no such candidate in cycle tiny", at: "c-zz")),
        ("q-zz", 2, "c-a", EndorseError(.notFound, "no question q-zz in cycle tiny", at: "q-zz")),
    ])
    func reviewRefusals(question: String, points: Int, candidate: String, expected: EndorseError) async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            _ = try await Self.answers(store, "candidate_id,q-yn,q-tx\nc-a,yes,plan\nc-b,no,\n")
            let snap = try await Catalog.snapshot(db)
            await #expect(throws: expected) {
                _ = try await store.answers.addReview(cycle: "tiny", candidate: candidate, question: question,
                                              points: points, reviewer: "dana")
            }
            #expect(try await Catalog.snapshot(db) == snap)
        }
    }

    @Test func recusalByRaceState() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            _ = try await store.catalog.importOrgs(Catalog.bytes("id,name,weight\norg-a,A,3\norg-b,B,2\n"), file: "orgs.csv")
            let draft = try await store.catalog.recuse(cycle: "tiny", org: "org-a", race: "r1", reason: "conflict")
            #expect(draft == RecusalResult(raceState: "draft", snapshotUpdated: false, ballotWithdrawn: false))
            var snap = try await Catalog.snapshot(db)
            await #expect(throws: EndorseError(.conflict, "org org-a is already recused from race r1", at: "org-a")) {
                _ = try await store.catalog.recuse(cycle: "tiny", org: "org-a", race: "r1", reason: "again")
            }
            await #expect(throws: EndorseError(.notFound, "no such org", at: "org-z")) {
                _ = try await store.catalog.recuse(cycle: "tiny", org: "org-z", race: "r1", reason: "x")
            }
            #expect(try await Catalog.snapshot(db) == snap)

            // An open race: the snapshot row is marked recused and the current ballot withdrawn.
            try await db.withConnection { conn in
                try await conn.run([
                    "UPDATE races SET state = 'open' WHERE id = 'r2'",
                    "INSERT INTO race_roster (cycle, race, org, weight, active) VALUES ('tiny', 'r2', 'org-b', 2, true)",
                    "INSERT INTO ballots (cycle, race, org, version, kind, source, actor) VALUES ('tiny', 'r2', 'org-b', 1, 'abstain', 'cli', 'x')",
                ])
            }
            let open = try await store.catalog.recuse(cycle: "tiny", org: "org-b", race: "r2", reason: "conflict")
            #expect(open == RecusalResult(raceState: "open", snapshotUpdated: true, ballotWithdrawn: true))
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM race_roster WHERE recused") == 1)
            #expect(try await Catalog.count(db, "SELECT version::bigint FROM ballots WHERE current AND kind = 'withdrawal'") == 2)
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM current_ballots") == 0)

            try await db.withConnection { conn in try await conn.run(["UPDATE races SET state = 'closed' WHERE id = 'r1'"]) }
            snap = try await Catalog.snapshot(db)
            await #expect(throws: EndorseError(.wrongState, "race r1 is closed; recusals are recorded before it closes", at: "r1")) {
                _ = try await store.catalog.recuse(cycle: "tiny", org: "org-b", race: "r1", reason: "late")
            }
            #expect(try await Catalog.snapshot(db) == snap)
            #expect(try await Catalog.auditCount(db) == 5)
        }
    }
}
