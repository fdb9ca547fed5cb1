import EndorseCore
@testable import EndorseStore
import PostgresNIO
import Testing

/// `AnswerStore.scores` (aggregated answers read from raw bytes, scored as the rows arrive) against
/// the in-memory `ScoringEngine` on the same answers and reviews, for the cases its reader
/// special-cases: a candidate without any answer row, one whose answers are all unanswered
/// versions, reviews of text answers (several per reviewer), and the per-race variant.
@Suite(.serialized) struct ScoresPathTests {
    @Test func storeScoresEqualTheEngineOnTheSameAnswers() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            _ = try await store.catalog.importCandidates(cycle: "tiny", Catalog.bytes("""
                id,race,name,ballot_name,incumbent,email,website
                c-d,r2,D,,,,

                """), file: "candidates.csv")
            // c-a answers everything; c-b only q-ch, then unanswers it (its current answers are
            // all NULL); c-c answers a text question only; c-d has no answer rows at all.
            let csv = "candidate_id,q-yn,q-sc,q-ch,q-tx\nc-a,yes,4,b,\"plan, \"\"A\"\"\"\nc-b,,,a,\nc-c,,,,text é\n"
            _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes(csv), file: "answers.csv")
            _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes("candidate_id,q-ch\nc-b,\n"), file: "answers.csv")
            _ = try await store.answers.addReview(cycle: "tiny", candidate: "c-a", question: "q-tx", points: 1, reviewer: "dana")
            _ = try await store.answers.addReview(cycle: "tiny", candidate: "c-a", question: "q-tx", points: 4, reviewer: "eli")
            _ = try await store.answers.addReview(cycle: "tiny", candidate: "c-a", question: "q-tx", points: 2, reviewer: "dana")

            let cycle = try await db.withConnection { conn in try await store.cycle("tiny", on: conn) }
            let expected = ScoringEngine(cycle: cycle).report([
                CandidateAnswers(id: "c-a", race: "r1",
                                 answers: ["q-yn": .yesNo(true), "q-sc": .scale(4), "q-ch": .choice("b"),
                                           "q-tx": .text("plan, \"A\"")],
                                 reviews: ["q-tx": [Review(reviewer: "dana", points: 2), Review(reviewer: "eli", points: 4)]]),
                CandidateAnswers(id: "c-b", race: "r1"),
                CandidateAnswers(id: "c-c", race: "r2", answers: ["q-tx": .text("text é")]),
                CandidateAnswers(id: "c-d", race: "r2"),
            ])
            let report = try await store.answers.scores(cycle: "tiny")
            #expect(report == expected)
            // p2 = 100 x (0 [choice b] + 3/4 [mean of dana's latest 2 and eli's 4, of 4]) / 2.
            #expect(report.candidates.first { $0.id == "c-a" }?.plank("p2")?.rounded(fractionDigits: 2) == "37.5")
            #expect(report.candidates.first { $0.id == "c-b" }?.missing == ["q-yn", "q-sc", "q-ch", "q-tx"])
            #expect(report.candidates.first { $0.id == "c-c" }?.provisional == true)

            let r2 = try await db.withConnection { conn in try await store.answers.scores(cycle: "tiny", race: "r2", on: conn) }
            #expect(r2.candidates == expected.candidates.filter { $0.race == "r2" })
            #expect(r2.canonicalJSONBytes == r2.json.canonicalBytes)
        }
    }
}
