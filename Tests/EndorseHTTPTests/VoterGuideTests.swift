import EndorseCore
@testable import EndorseHTTP
import Testing

/// The voter guide page (issue 4, deliverable 4): every race, each endorsed candidate with one
/// inline SVG bar per plank, races without an endorsement shown as such, no JavaScript.
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

    @Test("each endorsed candidate gets a bar per plank sized by its score; a race without endorsement says so")
    func rendersRacesBarsAndNoEndorsement() throws {
        let html = try #require(VoterGuide.render(slate: Array(Self.slate.utf8)))
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
        #expect(html.contains(#"<meta name="viewport" content="width=device-width, initial-scale=1">"#))
    }

    @Test("bytes that are not a slate object render nothing")
    func refusesNonSlate() {
        #expect(VoterGuide.render(slate: Array("[1,2]".utf8)) == nil)
        #expect(VoterGuide.render(slate: Array("not json".utf8)) == nil)
    }
}
