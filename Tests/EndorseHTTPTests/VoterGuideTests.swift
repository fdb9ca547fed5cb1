import EndorseCore
import EndorseStore
import Foundation
@testable import EndorseHTTP
import Testing

/// The voter guide page (issue 4, deliverable 4; issue 14): every race, each endorsed candidate
/// with one inline SVG bar per plank, races without an endorsement shown as such, no JavaScript;
/// in each language of the cycle; the answers `publish_answers` says.
@Suite("Voter guide")
struct VoterGuideTests {
    static let slate = """
        {"coalition":{"member_organizations":[{"id":"o1","name":"Org One"}],"name":"Coalition","url":"https://example.org"},
         "cycle":{"election_date":"2026-11-03","id":"tiny","name":"Tiny Election"},
         "platform":[{"id":"p1","title":"Plank one"},{"id":"p2","title":"Plank <two>"}],
         "published_at":"2026-10-01T12:00:00Z",
         "races":[
          {"id":"r1","name":"Race 1","status":"endorsed","endorsements":[
            {"candidate":{"id":"c-a","name":"Ana A","ballot_name":"ANA A","incumbent":true,"website":"https://ana.example"},
             "scores":{"overall":"75","planks":{"p1":"50","p2":"100"}}}]},
          {"id":"r2","name":"Race 2","status":"no_endorsement","endorsements":[]}],
         "rescinded":[],"version":1}
        """

    /// The cycle of that slate, its display texts in English and Spanish.
    static let yaml = """
        id: tiny
        name: {en: Tiny Election, es: "Elección Diminuta"}
        election_date: 2026-11-03
        coalition: {name: Coalition, url: "https://example.org"}
        races:
          - {id: r1, name: {en: Race 1, es: Contienda 1}, method: irv}
          - {id: r2, name: {en: Race 2, es: Contienda 2}, method: irv}
        platform:
          - {id: p1, title: {en: Plank one, es: Punto uno}, weight: 1}
          - {id: p2, title: {en: Plank <two>, es: Punto <dos>}, weight: 1}
        questionnaire:
          - {id: q-yn, text: {en: Yes or no?, es: "¿Sí o no?"}, kind: yes_no, planks: [{plank: p1, favors: "yes"}]}
          - {id: q-tx, text: {en: In your words?, es: "¿En sus palabras?"}, kind: text, max_points: 4, planks: [{plank: p2}]}

        """

    static func candidate(_ id: String, _ name: String, endorsed: Bool, yn: String, text: String) -> GuideAnswers.Candidate {
        GuideAnswers.Candidate(id: id, race: "r1", name: name, ballotName: name.uppercased(), incumbent: false,
                               website: nil, endorsed: endorsed, overall: endorsed ? "75" : "40",
                               planks: ["p1": endorsed ? "50" : "10", "p2": nil],
                               answers: ["q-yn": yn, "q-tx": text])
    }

    static func publication(_ answers: GuideAnswers, slate: String = slate) throws -> Publication {
        let bytes = Array(slate.utf8)
        let stored = StoredSlate(cycle: "tiny", version: 1, bytes: bytes, signature: "", sha256: "",
                                 publishedAt: Date(timeIntervalSince1970: 1_790_000_000))
        return Publication(slate: stored, publicKey: nil, cycle: try CycleFile.parse(Array(yaml.utf8), file: "tiny.yaml"),
                           answers: answers)
    }

    static func render(_ answers: GuideAnswers = GuideAnswers(mode: .endorsed, candidates: []),
                       _ language: WebLanguage = .en) throws -> String {
        try #require(VoterGuide.render(try publication(answers), language: language))
    }

    @Test("each endorsed candidate gets a bar per plank sized by its score; a race without endorsement says so")
    func rendersRacesBarsAndNoEndorsement() throws {
        let html = try Self.render()
        // One bar SVG per plank, in platform order; width = score / 100 * 300.
        #expect(html.components(separatedBy: "<svg class=\"bar\"").count - 1 == 2)
        let p1 = try #require(html.range(of: #"width="150.0""#))
        let p2 = try #require(html.range(of: #"width="300.0""#))
        #expect(p1.lowerBound < p2.lowerBound)
        #expect(html.contains("Ana A <small>(incumbent)</small>"))
        #expect(html.contains("overall score 75 / 100"))
        // Titles are escaped HTML, outside the SVG so long ones wrap.
        #expect(html.contains("<div class=\"plank-title\">Plank &lt;two&gt;</div>"))
        // Race 2: in the summary and in its own section, shown as having no endorsement.
        #expect(html.contains(##"<li class="no_endorsement"><span><a href="#r2">Race 2</a></span><span>No endorsement</span></li>"##))
        #expect(html.contains(##"<li class="endorsed"><span><a href="#r1">Race 1</a></span><span>Ana A</span></li>"##))
        #expect(html.contains("No endorsement: the coalition endorses no candidate in this race."))
        #expect(html.components(separatedBy: "the coalition endorses no candidate").count - 1 == 1)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("nil"))
        #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
    }

    @Test("the guide in Spanish: the page's words, the cycle's Spanish texts, a switch to English")
    func spanish() throws {
        let html = try Self.render(GuideAnswers(mode: .endorsed, candidates: []), .es)
        #expect(html.contains(#"<html lang="es">"#))
        #expect(html.contains("<h1>Elección Diminuta</h1>"))
        #expect(html.contains(##"<a href="#r2">Contienda 2</a></span><span>Sin respaldo</span>"##))
        #expect(html.contains("<div class=\"plank-title\">Punto &lt;dos&gt;</div>"))
        #expect(html.contains("puntuación general 75 / 100"))
        #expect(html.contains(#"<a href="tiny.en.html" lang="en" hreflang="en">English</a>"#))
        #expect(!html.contains("No endorsement"))
        let english = try Self.render()
        #expect(english.contains(#"<a href="tiny.es.html" lang="es" hreflang="es">Español</a>"#))
        #expect(VoterGuide.languages(of: try Self.publication(GuideAnswers(mode: .none, candidates: [])).cycle) == [.en, .es])
    }

    @Test("publish_answers all: a plank-by-plank table of every candidate who answered, and their answers")
    func allAnswers() throws {
        let answers = GuideAnswers(mode: .all, candidates: [
            Self.candidate("c-a", "Ana A", endorsed: true, yn: "yes", text: "Fund <schools>"),
            Self.candidate("c-b", "Ben B", endorsed: false, yn: "no", text: "Maybe"),
        ])
        let html = try Self.render(answers)
        #expect(html.contains(#"<th scope="col">Ana A (endorsed)</th><th scope="col">Ben B</th>"#))
        #expect(html.contains(#"<tr><th scope="row">Plank one</th><td>50</td><td>10</td></tr>"#))
        #expect(html.contains(#"<tr><th scope="row">Plank &lt;two&gt;</th><td>n/a</td><td>n/a</td></tr>"#))
        #expect(html.contains(#"<tr><th scope="row">Overall</th><td>75</td><td>40</td></tr>"#))
        #expect(html.contains("<summary>Answers of Ana A</summary>"))
        #expect(html.contains("<summary>Answers of Ben B</summary>"))
        #expect(html.contains("<dd>Fund &lt;schools&gt;</dd>"))
        #expect(html.contains("Other candidates who answered"))
        let spanish = try Self.render(answers, .es)
        #expect(spanish.contains("<dt>¿Sí o no?</dt>\n<dd>Sí</dd>"))
        #expect(spanish.contains(#"<th scope="col">Ana A (con respaldo)</th>"#))
    }

    @Test("publish_answers endorsed shows the endorsed candidates' answers only; none shows no answers")
    func endorsedAndNone() throws {
        let endorsed = try Self.render(GuideAnswers(mode: .endorsed, candidates: [
            Self.candidate("c-a", "Ana A", endorsed: true, yn: "yes", text: "Fund schools"),
        ]))
        #expect(endorsed.contains("<summary>Answers of Ana A</summary>"))
        #expect(endorsed.contains("<dt>Yes or no?</dt>\n<dd>Yes</dd>"))
        #expect(!endorsed.contains("<table"))
        #expect(!endorsed.contains("Other candidates who answered"))
        let none = try Self.render(GuideAnswers(mode: .none, candidates: []))
        #expect(!none.contains("<details"))
        #expect(!none.contains("<table"))
        // The scores are in the signed slate, so the bars stay.
        #expect(none.contains("<svg class=\"bar\""))
    }

    @Test("bytes that are not a slate object render nothing")
    func refusesNonSlate() throws {
        let none = GuideAnswers(mode: .none, candidates: [])
        #expect(VoterGuide.render(try Self.publication(none, slate: "[1,2]"), language: .en) == nil)
        #expect(VoterGuide.render(try Self.publication(none, slate: "not json"), language: .en) == nil)
    }
}
