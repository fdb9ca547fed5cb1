import EndorseCore
@testable import EndorseStore
import Foundation
import PostgresNIO
import Testing
import EndorseTestSupport

/// The one answers write path (web.md): the CSV import, `PUT .../answers` and the candidate's
/// page all go through `AnswerWrite`, with the same rules.
@Suite("Answers: one write path for import, API and page")
struct AnswerWritePathTests {
    @Test("a draft is invisible to scores and staff; submitting writes versions with source web and the link's actor")
    func draftThenSubmit() async throws {
        try await withStore { store, db in
            try await WebFixture.load(store)
            let (session, _) = try await WebFixture.session(store, "c-a")
            let cycle = try await store.answers.cycle("tiny", candidate: "c-a")
            let scoresBefore = try await store.answers.scores(cycle: "tiny").json
            let q = Questionnaires(store: store)
            try await q.saveDraft(session, answers: try WebFixture.answers(cycle, ["q-yn": "yes", "q-tx": "fund\r\nschools"]))
            #expect(try await store.answers.scores(cycle: "tiny").json == scoresBefore)
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM answers") == 0)
            let state = try await q.state(session)
            #expect(state.draft == ["q-yn": "yes", "q-tx": "fund\nschools"])
            #expect(try await AnswersStatus(store: store).rows(cycle: "tiny").first?.stage == .draft)

            #expect(try await q.submit(session) == ["q-yn", "q-tx"])
            #expect(try await Catalog.count(db, """
                SELECT count(*)::bigint FROM answers WHERE candidate = 'c-a' AND current AND source = 'web'
                  AND actor = 'candidate:c-a/invite-1' AND version = 1
                """) == 2)
            #expect(try await Catalog.count(db, "SELECT count(*)::bigint FROM answer_drafts") == 0)
            let event = try await db.auditEvents(cycle: "tiny").last
            #expect(event?.action == "answers.submit")
            #expect(event?.actor == "candidate:c-a/invite-1")
            #expect(event?.details == #"{"changed":["q-yn","q-tx"],"link":"invite-1"}"#)
            #expect(try await store.answers.scores(cycle: "tiny").json != scoresBefore)
        }
    }

    @Test("the same text sent with CRLF from the page or LF from the CSV is unchanged and keeps its review")
    func crlfKeepsReviews() async throws {
        try await withStore { store, db in
            try await WebFixture.load(store)
            _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes("candidate_id,q-yn,q-tx\nc-a,yes,\"fund\r\nschools\"\n"),
                                              file: "a.csv")
            _ = try await store.answers.addReview(cycle: "tiny", candidate: "c-a", question: "q-tx", points: 3, reviewer: "r", note: nil)
            let (session, _) = try await WebFixture.session(store, "c-a")
            let cycle = try await store.answers.cycle("tiny", candidate: "c-a")
            let q = Questionnaires(store: store)
            try await q.saveDraft(session, answers: try WebFixture.answers(cycle, ["q-yn": "yes", "q-tx": "fund\r\nschools", "q-sc": "4"]))
            #expect(try await q.submit(session) == ["q-sc"])
            let changed = try await store.answers.replaceAnswers(cycle: "tiny", candidate: "c-a") { c in
                try WebFixture.answers(c, ["q-yn": "yes", "q-tx": "fund\nschools", "q-sc": "4"])
            }
            #expect(changed.isEmpty)
            #expect(try await Catalog.count(db, """
                SELECT count(*)::bigint FROM reviews r JOIN answers a ON a.id = r.answer_id
                WHERE a.current AND a.question = 'q-tx' AND a.value = E'fund\\nschools'
                """) == 1)
            let history = try await store.answers.answerHistory(cycle: "tiny", candidate: "c-a")
            #expect(history.map(\.question) == ["q-yn", "q-sc", "q-tx"])
            #expect(history.map(\.source) == ["import", "web", "import"])
        }
    }

    @Test("after questionnaire_closes every entry path is refused and nothing changes")
    func deadlineOnEveryPath() async throws {
        try await withStore { store, db in
            try await WebFixture.load(store, closes: WebFixture.future)
            let (session, _) = try await WebFixture.session(store, "c-a")
            let cycle = try await store.answers.cycle("tiny", candidate: "c-a")
            let q = Questionnaires(store: store)
            try await q.saveDraft(session, answers: try WebFixture.answers(cycle, ["q-yn": "yes"]))
            try await WebFixture.setDeadline(store, WebFixture.past)
            let before = try await WebFixture.snapshot(db)
            let closed = { (e: any Error) in (e as? EndorseError)?.code == .questionnaireClosed }
            await #expect(performing: {
                try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes("candidate_id,q-yn\nc-a,no\n"), file: "a.csv")
            }, throws: closed)
            await #expect(performing: {
                try await store.answers.replaceAnswers(cycle: "tiny", candidate: "c-a") { c in try WebFixture.answers(c, ["q-yn": "no"]) }
            }, throws: closed)
            await #expect(performing: { try await q.submit(session) }, throws: closed)
            await #expect(performing: {
                try await q.saveDraft(session, answers: try WebFixture.answers(cycle, ["q-yn": "no"]))
            }, throws: closed)
            #expect(try await WebFixture.snapshot(db) == before)
            // A later deadline reopens the questionnaire.
            try await WebFixture.setDeadline(store, WebFixture.future)
            #expect(try await q.submit(session) == ["q-yn"])
        }
    }

    @Test("a text over max_words is refused by the import (count and limit in the line) and nothing changes")
    func wordLimitOnImport() async throws {
        try await withStore { store, db in
            try await WebFixture.load(store)
            let before = try await WebFixture.snapshot(db)
            do {
                _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes("candidate_id,q-tx\nc-a,one two three four five six\n"),
                                                  file: "a.csv")
                Issue.record("accepted")
            } catch let e as EndorseError {
                #expect(e.details == ["a.csv:2: q-tx: 6 words, more than the limit of 5 words"])
            }
            #expect(try await WebFixture.snapshot(db) == before)
        }
    }

    @Test("a draft that no longer fits the cycle (lower max_words) is refused at submit, nothing written")
    func draftCheckedAgainAtSubmit() async throws {
        try await withStore { store, db in
            try await WebFixture.load(store)
            let (session, _) = try await WebFixture.session(store, "c-a")
            let cycle = try await store.answers.cycle("tiny", candidate: "c-a")
            let q = Questionnaires(store: store)
            try await q.saveDraft(session, answers: try WebFixture.answers(cycle, ["q-tx": "one two three four"]))
            _ = try await store.catalog.loadCycle(Catalog.bytes(WebFixture.yaml(maxWords: 3)), file: "tiny.yaml")
            let before = try await WebFixture.snapshot(db)
            await #expect(throws: EndorseError(.invalidInput, "4 words, more than the limit of 3 words", at: "q-tx")) {
                try await q.submit(session)
            }
            #expect(try await WebFixture.snapshot(db) == before)
        }
    }
}
