import EndorseCore
@testable import EndorseHTTP
import EndorseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import EndorseTestSupport

@Suite("Org ballot pages /b")
struct OrgBallotPageTests {
    @Test("the link opens a session and the overview lists the org's races, recusal said, no counts")
    func overview() async throws {
        try await OrgPageFixture.with { o in
            let cookie = try await o.open("org-c")
            let page = try await o.get("/b", cookie: cookie)
            #expect(page.status == .ok)
            #expect(page.html.contains("You are voting for Org C."))
            #expect(page.html.contains(#"href="/b/races/r1""#) && page.html.contains(#"href="/b/races/r2""#))
            #expect(page.html.contains("Your organization is recused from this race."))
            #expect(!page.html.contains("turnout") && !page.html.contains("weight"))
            let es = try await o.get("/b?lang=es", cookie: cookie)
            #expect(es.html.contains("Usted vota en nombre de Org C."))
            // A candidate's link does not open org pages, nor an org's link candidate pages.
            let q = try await o.get("/q", cookie: cookie)
            #expect(q.status == .notFound)
        }
    }

    @Test("race page: ballot names, score bars, answer links, the form by method; recused is read-only with the reason")
    func racePage() async throws {
        try await OrgPageFixture.with { o in
            let cookie = try await o.open("org-a")
            let r1 = try await o.get("/b/races/r1", cookie: cookie)
            #expect(r1.status == .ok)
            #expect(r1.html.contains("Ana A") && r1.html.contains("Ben B"))
            #expect(r1.html.contains(#"<meter id="score-c-a" min="0" max="100""#))
            #expect(r1.html.contains(#"href="/b/candidates/c-a""#))
            #expect(r1.html.contains(#"<select id="rank-c-a" name="rank-c-a">"#))
            #expect(r1.html.contains(#"<option value="1">1st</option>"#) && r1.html.contains("Not ranked"))
            #expect(r1.html.contains(#"name="special" value="no_endorsement""#) && r1.html.contains(#"value="abstain""#))
            let r2 = try await o.get("/b/races/r2", cookie: cookie)
            #expect(r2.html.contains(#"type="checkbox" id="approve--c-c" name="approve" value="c-c""#))
            let c = try await o.open("org-c")
            let recused = try await o.get("/b/races/r1", cookie: c)
            #expect(recused.html.contains("recused from this race (conflict of interest)"))
            #expect(!recused.html.contains(#"value="confirm""#) && !recused.html.contains("<select"))
            let answers = try await o.get("/b/candidates/c-a", cookie: cookie)
            #expect(answers.status == .ok)
            #expect(answers.html.contains("Answers of Ana A") && answers.html.contains("Yes or no?"))
            #expect(try await o.get("/b/candidates/c-zz", cookie: cookie).status == .notFound)
        }
    }

    @Test("an org inactive when voting opened is on the roster but does not vote: the page says so, in its language")
    func inactiveOrg() async throws {
        try await ServiceFixture.with { f in
            let issued = try await Invitations(store: f.store).issueOrgs(cycle: "tiny", mode: .invite)
            let link = try #require(issued.first { $0.candidate == "org-a" }?.token)
            _ = try await f.store.catalog.importOrgs(Array("id,name,weight,contact_email,active\norg-a,Org A,1,,false\n".utf8),
                                                     file: "orgs.csv")
            _ = try await f.store.voting.openVoting(cycle: "tiny", race: "r1")
            let o = OrgPageFixture(f: f, links: ["org-a": link])
            let cookie = try await o.open("org-a")
            let page = try await o.get("/b/races/r1", cookie: cookie)
            #expect(page.html.contains("Your organization is not an active member of the coalition now"))
            #expect(!page.html.contains("roster") && !page.html.contains(#"value="review""#))
            let es = try await o.get("/b/races/r1", cookie: cookie, lang: "es")
            #expect(es.html.contains("no es ahora un miembro activo de la coalición"))
        }
    }

    @Test("review, confirm, change, withdraw: one write path, versions, receipt, audit as org:<id>/<link>")
    func flow() async throws {
        try await OrgPageFixture.with { o in
            let cookie = try await o.open("org-a")
            let token = try await o.csrf("r1", cookie: cookie)
            let review = try await o.post("/b/races/r1", cookie: cookie,
                                          [("csrf", token), ("action", "review"), ("rank-c-b", "1"), ("rank-c-a", "2")])
            #expect(review.status == .ok)
            #expect(review.html.contains("1. Ben B") && review.html.contains("2. Ana A"))
            #expect(review.html.contains(#"value="confirm""#))
            #expect(try await o.current("org-a", "r1") == nil)
            let done = try await o.post("/b/races/r1", cookie: cookie,
                                        [("csrf", token), ("action", "confirm"), ("rank-c-b", "1"), ("rank-c-a", "2")])
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/b/races/r1?recorded=1")
            #expect(try await o.current("org-a", "r1") == "ranking c-b,c-a v1 web org:org-a/invite-1 false")
            let shown = try await o.get("/b/races/r1?recorded=1", cookie: cookie)
            #expect(shown.html.contains("Your ballot was recorded."))
            #expect(shown.html.contains("Version 1, recorded"))
            let stored = try #require(try await o.f.store.ballots.current(cycle: "tiny", race: "r1", org: "org-a"))
            #expect(shown.html.contains(API.ballotReceipt(stored)))
            #expect(shown.html.contains(#"<option value="1" selected>1st</option>"#))

            let changed = try await o.cast("org-a", cookie: cookie, race: "r1", [("special", "no_endorsement")])
            #expect(changed.status == .seeOther)
            #expect(try await o.current("org-a", "r1") == "no_endorsement - v2 web org:org-a/invite-1 false")
            let withdrawn = try await o.post("/b/races/r1", cookie: cookie, [("csrf", token), ("action", "withdraw")])
            #expect(withdrawn.headers[.location] == "/b/races/r1?withdrawn=1")
            #expect(try await o.current("org-a", "r1") == "withdrawal - v3 web org:org-a/invite-1 false")
            let after = try await o.get("/b/races/r1?withdrawn=1", cookie: cookie)
            #expect(after.html.contains("Your ballot was withdrawn."))
            #expect(!after.html.contains(#"value="withdraw""#))
            let again = try await o.cast("org-a", cookie: cookie, race: "r2", [("approve", "c-c"), ("approve", "c-d")])
            #expect(again.status == .seeOther)
            #expect(try await o.current("org-a", "r2") == "approve c-c,c-d v1 web org:org-a/invite-1 false")
            let events = try await o.f.count("""
                SELECT count(*)::bigint FROM audit_log WHERE actor = 'org:org-a/invite-1' AND action LIKE 'ballot.%'
                """)
            #expect(events == 4)
        }
    }

    @Test("hostile and bad posts: a clear refusal, nothing written, nothing revealed")
    func refusals() async throws {
        try await OrgPageFixture.with { o in
            let a = try await o.open("org-a")
            let token = try await o.csrf("r1", cookie: a)
            let ok: [(String, String)] = [("action", "confirm"), ("rank-c-a", "1")]
            let b = try await o.open("org-b")
            let c = try await o.open("org-c")
            let cToken = try await o.csrf("r2", cookie: c)
            let before = try await o.snapshot()
            func refused(_ uri: String, cookie: String?, _ fields: [(String, String)], _ status: HTTPResponse.Status,
                         _ text: String, _ line: Int = #line) async throws {
                let r = try await o.post(uri, cookie: cookie, fields)
                #expect(r.status == status, "line \(line): \(r.html)")
                #expect(r.html.contains(text), "line \(line)")
                #expect(try await o.snapshot() == before, "line \(line)")
                #expect(!r.html.contains("Org B"), "line \(line)")
            }
            try await refused("/b/races/r1", cookie: a, [("csrf", "forged")] + ok, .forbidden, "did not come from this page")
            try await refused("/b/races/r1", cookie: a, ok, .forbidden, "did not come from this page")
            try await refused("/b/races/r1", cookie: b, [("csrf", token)] + ok, .forbidden, "did not come from this page")
            try await refused("/b/races/r1", cookie: a, [("csrf", token), ("org", "org-b")] + ok, .unprocessableContent,
                              "a field this ballot does not have (org)")
            try await refused("/b/races/r1", cookie: a, [("csrf", token), ("action", "confirm"), ("rank-c-c", "1")],
                              .unprocessableContent, "not on this ballot (c-c)")
            try await refused("/b/races/r2", cookie: a, [("csrf", token), ("action", "confirm"), ("approve", "c-a")],
                              .unprocessableContent, "not on this ballot (c-a)")
            try await refused("/b/races/r1", cookie: a, [("csrf", token), ("action", "confirm"), ("rank-c-a", "1"), ("rank-c-b", "1")],
                              .unprocessableContent, #"<p class="error" id="rank-c-a-error">Two candidates are ranked 1st"#)
            try await refused("/b/races/r1", cookie: a, [("csrf", token), ("action", "confirm"), ("rank-c-b", "2")],
                              .unprocessableContent, #"<p class="error" id="rank-c-b-error">No candidate is ranked 1st"#)
            try await refused("/b/races/r1", cookie: a, [("csrf", token), ("action", "confirm")],
                              .unprocessableContent, "Choose at least one candidate")
            try await refused("/b/races/r1", cookie: a, [("csrf", token), ("action", "withdraw")],
                              .unprocessableContent, "has no ballot in this race to withdraw")
            try await refused("/b/races/r1", cookie: c, [("csrf", cToken)] + ok, .forbidden, "may not vote in this race")
            try await refused("/b/races/r9", cookie: a, [("csrf", token)] + ok, .notFound, "Link not valid")
            try await refused("/b/races/r1", cookie: a, [("csrf", token), ("pad", String(repeating: "x", count: 70_000))] + ok,
                              .contentTooLarge, "larger than 64 KiB")
            let es = try await o.f.client.execute(uri: "/b/races/r1?lang=es", method: .post, headers: [
                .cookie: a, .contentType: "application/x-www-form-urlencoded"],
                body: .init(string: "csrf=\(token)&action=confirm&rank-c-b=2"))
            #expect(es.status == .unprocessableContent)
            #expect(es.html.contains("Ninguna candidatura está en el puesto 1.º"))
            #expect(try await o.snapshot() == before)

            _ = try await o.f.store.voting.closeVoting(cycle: "tiny", race: "r1")
            let closedBefore = try await o.snapshot()
            let closed = try await o.post("/b/races/r1", cookie: a, [("csrf", token)] + ok)
            #expect(closed.status == .conflict)
            #expect(closed.html.contains("is not open, so nothing was recorded"))
            #expect(try await o.snapshot() == closedBefore)
            #expect(try await o.get("/b/races/r1", cookie: a).html.contains("Voting in this race has closed"))

            _ = try await Invitations(store: o.f.store).revokeOrg(cycle: "tiny", org: "org-a")
            let revokedBefore = try await o.snapshot()
            let gone = try await o.post("/b/races/r2", cookie: a, [("csrf", token), ("action", "confirm"), ("approve", "c-c")])
            #expect(gone.status == .notFound)
            #expect(gone.html.contains("Link not valid") && !gone.html.contains("Org A"))
            #expect(try await o.get("/b/\(o.links["org-a"] ?? "")", cookie: nil).status == .notFound)
            #expect(try await o.snapshot() == revokedBefore)
        }
    }
}

@Suite("Org ballot pages /b: threshold")
struct OrgThresholdPageTests {
    @Test("a threshold race: one radio button per candidate; the choice is a one-id ranking; two choices are refused")
    func threshold() async throws {
        try await ServiceFixture.with { f in
            let yaml = TinyFixture.yaml.replacingOccurrences(of: "{id: r1, name: Race 1, method: irv}",
                                                             with: "{id: r1, name: Race 1, method: threshold}")
            _ = try await f.store.catalog.loadCycle(Array(yaml.utf8), file: "tiny.yaml")
            _ = try await f.store.voting.openVoting(cycle: "tiny", race: "r1")
            let issued = try await Invitations(store: f.store).issueOrgs(cycle: "tiny", mode: .invite, only: ["org-b"])
            let o = OrgPageFixture(f: f, links: ["org-b": issued[0].token])
            let cookie = try await o.open("org-b")
            let page = try await o.get("/b/races/r1", cookie: cookie)
            #expect(page.html.contains(#"<input type="radio" id="choice--c-b" name="choice" value="c-b">"#))
            #expect(!page.html.contains("<select"))
            let token = try PageFixture.csrf(page)
            let before = try await o.snapshot()
            let two = try await o.post("/b/races/r1", cookie: cookie,
                                       [("csrf", token), ("action", "confirm"), ("choice", "c-a"), ("choice", "c-b")])
            #expect(two.status == .unprocessableContent)
            #expect(two.html.contains(#"<p class="error" id="choice-error">"#))
            #expect(try await o.snapshot() == before)
            let review = try await o.post("/b/races/r1", cookie: cookie, [("csrf", token), ("action", "review"), ("choice", "c-b")])
            #expect(review.html.contains("You choose:") && review.html.contains("Ben B"))
            let done = try await o.cast("org-b", cookie: cookie, race: "r1", [("choice", "c-b")])
            #expect(done.status == .seeOther)
            #expect(try await o.current("org-b", "r1") == "ranking c-b v1 web org:org-b/invite-1 false")
        }
    }
}
