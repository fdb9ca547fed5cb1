import EndorseCore
import EndorseHTTP
import EndorseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Candidate pages /q")
struct CandidatePageTests {
    static let full: [(String, String)] = [("q-yn", "yes"), ("q-sc", "4"), ("q-ch", "a"), ("q-tx", "We will fund\r\nschools")]

    @Test("opening the link sets an HttpOnly SameSite=Lax session cookie and sends the browser to a token-free page")
    func openLink() async throws {
        try await PageFixture.with { f in
            let r = try await f.client.execute(uri: "/q/\(f.tokens["c-a"] ?? "")", method: .get, headers: [:], body: nil)
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/q")
            let cookie = try #require(r.headers[values: .setCookie].first)
            #expect(cookie.hasPrefix("endorse_session="))
            #expect(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax") && cookie.contains("; Path=/"))
            #expect(!cookie.contains("Secure"))
            // Behind an https proxy the cookie is Secure.
            var https = HTTPFields()
            https[HTTPFields.Element.Name("X-Forwarded-Proto")!] = "https"
            let secure = try await f.client.execute(uri: "/q/\(f.tokens["c-a"] ?? "")", method: .get, headers: https, body: nil)
            #expect(secure.headers[values: .setCookie].first?.contains("; Secure") == true)

            let page = try await f.get("/q", cookie: String(cookie.split(separator: ";")[0]))
            #expect(page.status == .ok)
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(!(page.headers[.contentSecurityPolicy]?.contains("unsafe-inline") ?? true))
            #expect(page.html.contains("Hello, Ana Alvarez."))
            #expect(page.html.contains("Race 1"))
            #expect(page.html.contains("0 of 4 questions answered"))
            #expect(!page.html.contains(f.tokens["c-a"] ?? "?"))
            #expect(!page.html.contains("<script>") && !page.html.contains("style="))
        }
    }

    @Test("unknown, malformed and revoked links, and no session, answer the same plain 404 page naming nobody")
    func invalidLinks() async throws {
        try await PageFixture.with { f in
            let cookie = try await f.open("c-a")
            _ = try await Invitations(store: f.store).revoke(cycle: "tiny", candidate: "c-a")
            let before = try await f.snapshot()
            for (uri, c) in [("/q/\(f.tokens["c-a"] ?? "")", nil), ("/q/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil),
                             ("/q/x", nil), ("/q", cookie), ("/q/questions", cookie), ("/q/review", nil), ("/q/print", nil)] as [(String, String?)] {
                let r = try await f.get(uri, cookie: c)
                #expect(r.status == .notFound, "\(uri)")
                #expect(r.html.contains("Link not valid"), "\(uri)")
                #expect(!r.html.contains("Ana") && !r.html.contains("Tiny") && !r.html.contains("Race 1"), "\(uri)")
            }
            let post = try await f.post("/q/questions", cookie: cookie, [("csrf", "x"), ("action", "save")])
            #expect(post.status == .notFound)
            #expect(try await f.snapshot() == before)
        }
    }

    @Test("save a draft, review, submit: the answers are the candidate's, through the one write path")
    func flow() async throws {
        try await PageFixture.with { f in
            let cookie = try await f.open("c-a")
            let form = try await f.get("/q/questions", cookie: cookie)
            #expect(form.status == .ok)
            let csrf = try PageFixture.csrf(form)
            #expect(form.html.contains(#"<fieldset aria-describedby="q-sc-hint">"#))
            #expect(form.html.contains(#"<label for="q-sc--1">1 (least)</label>"#))
            #expect(form.html.contains(#"<textarea id="q-tx" name="q-tx""#))
            #expect(form.html.contains("Up to 5 words."))
            let saved = try await f.post("/q/questions", cookie: cookie, [("csrf", csrf), ("action", "save"), ("q-yn", "yes")])
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/q/questions?saved=1")
            #expect(try await f.store.answers.scores(cycle: "tiny").candidates.first { $0.id == "c-a" }?.missing.count == 4)
            let again = try await f.get("/q/questions?saved=1", cookie: cookie)
            #expect(again.html.contains("Your draft was saved"))
            #expect(again.html.contains(#"id="q-yn--yes" name="q-yn" value="yes" checked"#))

            let toReview = try await f.post("/q/questions", cookie: cookie, [("csrf", csrf), ("action", "review")] + Self.full)
            #expect(toReview.headers[.location] == "/q/review")
            let review = try await f.get("/q/review", cookie: cookie)
            #expect(review.html.contains("Every question is answered."))
            #expect(review.html.contains("Option A"))
            let submitted = try await f.post("/q/review", cookie: cookie, [("csrf", csrf), ("action", "submit")])
            #expect(submitted.status == .seeOther)
            #expect(submitted.headers[.location] == "/q?submitted=1")
            let rows = try await f.store.answers.answerHistory(cycle: "tiny", candidate: "c-a")
            #expect(rows.count == 4 && rows.allSatisfy { $0.source == "web" && $0.actor == "candidate:c-a/invite-1" })
            #expect(rows.first { $0.question == "q-tx" }?.value == "We will fund\nschools")
            let overview = try await f.get("/q?submitted=1", cookie: cookie)
            #expect(overview.html.contains("Thank you. Your answers were submitted."))
            #expect(overview.html.contains("4 of 4 questions answered"))

            // Edit and submit again: only the changed answer gets a new version.
            _ = try await f.post("/q/questions", cookie: cookie, [("csrf", csrf), ("action", "review")]
                                 + Self.full.map { $0.0 == "q-sc" ? ("q-sc", "2") : $0 })
            _ = try await f.post("/q/review", cookie: cookie, [("csrf", csrf), ("action", "submit")])
            let after = try await f.store.answers.answerHistory(cycle: "tiny", candidate: "c-a")
            #expect(after.count == 5)
            #expect(after.filter { $0.current }.first { $0.question == "q-sc" }?.version == 2)
        }
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var name: String
        var fields: [(String, String)]
        var field: String
        var message: String
        var testDescription: String { name }
    }

    static let bad: [Bad] = [
        Bad(name: "scale out of range", fields: [("q-sc", "9")], field: "q-sc--1", message: "Choose a whole number from 1 to 5."),
        Bad(name: "scale not a number", fields: [("q-sc", "four")], field: "q-sc--1", message: "Choose a whole number from 1 to 5."),
        Bad(name: "unknown option", fields: [("q-ch", "zzz")], field: "q-ch--a", message: "Choose one of the options listed."),
        Bad(name: "yes_no neither", fields: [("q-yn", "maybe")], field: "q-yn--yes", message: "Choose yes or no."),
        Bad(name: "too many words", fields: [("q-tx", "one two three four five six")], field: "q-tx",
            message: "Your answer has 6 words; the limit is 5."),
        Bad(name: "a NUL character", fields: [("q-tx", "my\u{0}plan")], field: "q-tx",
            message: "Remove the invisible control character (NUL) from your answer."),
    ]

    @Test("bad input: 422, the page again with the input kept and the error linked to its field; nothing written", arguments: bad)
    func badInput(_ bad: Bad) async throws {
        try await PageFixture.with { f in
            let cookie = try await f.open("c-a")
            let csrf = try PageFixture.csrf(try await f.get("/q/questions", cookie: cookie))
            let before = try await f.snapshot()
            let r = try await f.post("/q/questions", cookie: cookie, [("csrf", csrf), ("action", "save")] + bad.fields)
            #expect(r.status == .unprocessableContent)
            let html = r.html
            let question = bad.fields[0].0
            #expect(html.contains(##"<a href="#\##(bad.field)">"##))
            #expect(html.contains(#"<p class="error" id="\#(question)-error">\#(bad.message)</p>"#))
            #expect(html.contains(#"aria-describedby="\#(question)-error"#))
            #expect(html.contains(#"aria-invalid="true""#))
            if bad.name == "too many words" { #expect(html.contains(">one two three four five six</textarea>")) }
            #expect(try await f.snapshot() == before)
        }
    }

    @Test("CSRF: a missing, forged or other session's token is refused with 403 and nothing is written")
    func csrf() async throws {
        try await PageFixture.with { f in
            let a = try await f.open("c-a"), b = try await f.open("c-b")
            let tokenOfB = try PageFixture.csrf(try await f.get("/q/questions", cookie: b))
            let before = try await f.snapshot()
            for token in [nil, "forged", tokenOfB] as [String?] {
                let fields = (token.map { [("csrf", $0)] } ?? []) + [("action", "save"), ("q-yn", "yes")]
                let r = try await f.post("/q/questions", cookie: a, fields)
                #expect(r.status == .forbidden)
                #expect(r.html.contains("This form has expired or did not come from this page"))
                #expect(r.html.contains(#"value="yes" checked"#))
                let submit = try await f.post("/q/review", cookie: a, (token.map { [("csrf", $0)] } ?? []) + [("action", "submit")])
                #expect(submit.status == .forbidden)
            }
            #expect(try await f.snapshot() == before)
        }
    }

    @Test("a body over 64 KiB is refused with 413 and nothing is written")
    func tooLarge() async throws {
        try await PageFixture.with { f in
            let cookie = try await f.open("c-a")
            let csrf = try PageFixture.csrf(try await f.get("/q/questions", cookie: cookie))
            let before = try await f.snapshot()
            let r = try await f.post("/q/questions", cookie: cookie, [],
                                     raw: "csrf=\(csrf)&action=save&q-tx=" + String(repeating: "a", count: 70_000))
            #expect(r.status == .contentTooLarge)
            #expect(r.html.contains("larger than 64 KiB"))
            #expect(try await f.snapshot() == before)
        }
    }

    @Test("after questionnaire_closes the pages are read-only and a post is refused with 409, nothing written")
    func closed() async throws {
        try await PageFixture.with { f in
            let cookie = try await f.open("c-a")
            let csrf = try PageFixture.csrf(try await f.get("/q/questions", cookie: cookie))
            _ = try await f.post("/q/questions", cookie: cookie, [("csrf", csrf), ("action", "save"), ("q-yn", "no")])
            try await f.setDeadline("2020-01-01T00:00:00-06:00")
            let before = try await f.snapshot()
            let page = try await f.get("/q/questions", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.html.contains("The questionnaire closed on January 1, 2020, 12:00 AM (UTC−06:00)"))
            #expect(page.html.contains("<fieldset aria-describedby=\"q-sc-hint\" disabled>"))
            #expect(!page.html.contains(#"value="save""#))
            let save = try await f.post("/q/questions", cookie: cookie, [("csrf", csrf), ("action", "save"), ("q-yn", "yes")])
            #expect(save.status == .conflict)
            #expect(save.html.contains("so nothing was saved"))
            let submit = try await f.post("/q/review", cookie: cookie, [("csrf", csrf), ("action", "submit")])
            #expect(submit.status == .conflict)
            #expect(try await f.snapshot() == before)
        }
    }

    @Test("one candidate's session shows only their own answers and drafts")
    func isolation() async throws {
        try await PageFixture.with { f in
            let a = try await f.open("c-a"), b = try await f.open("c-b")
            let csrfA = try PageFixture.csrf(try await f.get("/q/questions", cookie: a))
            _ = try await f.post("/q/questions", cookie: a, [("csrf", csrfA), ("action", "save"),
                                                            ("q-tx", "secret plan of Ana")])
            let pageB = try await f.get("/q/questions", cookie: b)
            #expect(!pageB.html.contains("secret plan"))
            let overviewB = try await f.get("/q", cookie: b)
            #expect(overviewB.html.contains("Hello, Ben Brown.") && !overviewB.html.contains("Ana"))
            let reviewB = try await f.get("/q/print", cookie: b)
            #expect(!reviewB.html.contains("secret plan"))
            #expect(try await f.get("/q/questions", cookie: a).html.contains("secret plan of Ana"))
        }
    }

    @Test("language: ?lang= (kept in a cookie), then Accept-Language, then English; cycle texts in the page's language")
    func languages() async throws {
        try await PageFixture.with { f in
            let cookie = try await f.open("c-a")
            var spanish = HTTPFields()
            spanish[.acceptLanguage] = "es-MX,es;q=0.9,en;q=0.8"
            let byHeader = try await f.get("/q", cookie: cookie, headers: spanish)
            #expect(byHeader.html.contains(#"<html lang="es">"#))
            #expect(byHeader.html.contains("Hola, Ana Alvarez.") && byHeader.html.contains("Contienda 1"))
            let english = try await f.get("/q?lang=en", cookie: cookie, headers: spanish)
            #expect(english.html.contains(#"<html lang="en">"#))
            let langCookie = try #require(english.headers[values: .setCookie].first { $0.hasPrefix("endorse_lang=en") })
            #expect(langCookie.contains("SameSite=Lax"))
            let kept = try await f.get("/q/questions", cookie: cookie + "; endorse_lang=en", headers: spanish)
            #expect(kept.html.contains("Yes or no?"))
            let es = try await f.get("/q/questions?lang=es", cookie: cookie)
            #expect(es.html.contains("¿Sí o no?") && es.html.contains("Opción A") && es.html.contains("1 (mínimo)"))
            #expect(try await f.get("/q", cookie: cookie).html.contains(#"<html lang="en">"#))
        }
    }

    @Test("assets: our stylesheet and script; printable views blank and with answers")
    func assetsAndPrint() async throws {
        try await PageFixture.with { f in
            let js = try await f.get("/assets/endorse.js", cookie: nil)
            #expect(js.status == .ok && js.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(try await f.get("/assets/endorse.css", cookie: nil).status == .ok)
            let cookie = try await f.open("c-a")
            let blank = try await f.get("/q/print/blank", cookie: cookie)
            #expect(blank.html.contains("Blank copy") && blank.html.contains("Option B"))
            let mine = try await f.get("/q/print", cookie: cookie)
            #expect(mine.html.contains("Answers of Ana Alvarez") && mine.html.contains("Not answered"))
        }
    }
}
