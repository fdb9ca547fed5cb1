import Testing
@testable import EndorseCore

@Suite("CycleSummary")
struct CycleSummaryTests {
    @Test("the human summary: header, rules, then races, planks and questions tables")
    func render() throws {
        let cycle = try CycleFile.parse(try CycleDoc.fixture("full"), file: "full.yaml")
        let text = CycleSummary.render(cycle)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "sample-2026: Sample City Board of Education, General Election 2026, "
                + "election 2026-11-03: 3 races, 4 planks, 5 questions")
        #expect(lines.contains("Rules: quorum 0.5, threshold 0.6667 of cast, min overall score 60, "
                               + "complete answers required, results sealed while open"))
        #expect(lines.contains("id          name        seats  method     max endorsements  quorum  threshold"))
        #expect(lines.contains("district-2  District 2      1  threshold                 2     0.5  0.5 of eligible"))
        #expect(lines.contains("at-large    At large        3  approval                  3    0.25  0.6667 of cast"))
        #expect(lines.contains("safe-schools           0.0001      12.25  2 questions  Restorative practices instead of police in schools"))
        #expect(lines.contains("special-ed                1.5          -  1 question   Smaller classes and full services for students with IEPs"))
        #expect(lines.contains("q-police      yes_no             safe-schools x0.25 (no), full-funding (yes)"))
        #expect(lines.contains("q-class-size  scale 1..5         special-ed (high)"))
        let races = try #require(lines.firstIndex(of: "Races"))
        let planks = try #require(lines.firstIndex(of: "Planks"))
        let questions = try #require(lines.firstIndex(of: "Questions"))
        #expect(races < planks && planks < questions)
    }

    @Test("the JSON keeps the file's keys, exact decimals and filled-in defaults")
    func json() throws {
        let cycle = try CycleFile.parse(try CycleDoc.fixture("full"), file: "full.yaml")
        let json = CycleSummary.json(cycle)
        #expect(json["id"] == .string("sample-2026"))
        #expect(json["election_date"] == .string("2026-11-03"))
        #expect(json["rules"]?["threshold"] == .number("0.6667"))
        #expect(json["rules"]?["threshold_base"] == .string("cast"))
        #expect(json["rules"]?["quorum_strict"] == .bool(false))
        let races = try #require(json["races"]?.arrayValue)
        #expect(races[0]["max_endorsements"] == .number("1"))
        #expect(races[1]["threshold"] == .number("0.5"))
        #expect(races[2]["quorum"] == .number("0.25"))
        #expect(races[2]["threshold"] == .null)
        let planks = try #require(json["platform"]?.arrayValue)
        #expect(planks[3]["weight"] == .number("0.0001"))
        #expect(planks[1]["min_score"] == .null)
        let questions = try #require(json["questionnaire"]?.arrayValue)
        #expect(questions[1]["scale"] == .object(["min": .number("1"), "max": .number("5")]))
        #expect(questions[1]["options"] == nil)
        #expect(questions[2]["options"]?.arrayValue?[1] == .object([
            "id": .string("case-by-case"), "label": .string("Case by case"), "score": .number("0.5")]))
        #expect(questions[3]["max_points"] == .number("4"))
        #expect(questions[4]["planks"] == .array([
            .object(["plank": .string("safe-schools"), "weight": .number("0.25"), "favors": .string("no")]),
            .object(["plank": .string("full-funding"), "weight": .number("1"), "favors": .string("yes")]),
        ]))
        #expect(questions[2]["planks"]?.arrayValue?[0]["favors"] == .null)
    }

    @Test("a minimal cycle's JSON, byte for byte")
    func minimalBytes() throws {
        let cycle = try CycleDoc.parse(CycleDoc.make())
        #expect(CycleSummary.json(cycle).canonicalString == #"{"coalition":{"name":"Coalition","url":null},"#
            + #""election_date":"2026-11-03","id":"c-2026","jurisdiction":null,"languages":[],"name":"Test cycle","#
            + #""platform":[{"id":"p1","min_score":null,"section":null,"title":"Plank one","weight":1}],"#
            + #""publish_answers":"endorsed","#
            + #""questionnaire":[{"id":"q1","kind":"yes_no","planks":[{"favors":"yes","plank":"p1","weight":1}],"#
            + #""text":"Question one"}],"questionnaire_closes":null,"races":[{"division":null,"id":"d1","max_endorsements":1,"method":"irv","#
            + #""name":"District 1","quorum":null,"seats":1,"stv_arithmetic":null,"threshold":null,"#
            + #""threshold_base":null}],"#
            + #""rules":{"min_overall_score":0,"quorum":0.5,"quorum_strict":false,"require_complete":true,"#
            + #""results_sealed":true,"threshold":0.6667,"threshold_base":"cast"}}"#)
    }
}

@Suite("CycleSummary: JSON round trip")
struct CycleJSONRoundTripTests {
    @Test("the saved JSON reads back to the same cycle, also after canonical bytes and parsing")
    func roundTrip() throws {
        let cycle = try CycleFile.parse(try CycleDoc.fixture("full"), file: "full.yaml")
        let json = CycleSummary.json(cycle)
        #expect(CycleSummary.cycle(from: json) == cycle)
        let reparsed = try JSONValue.parse(json.canonicalBytes)
        #expect(CycleSummary.cycle(from: reparsed) == cycle)
    }

    @Test("a document of another shape is refused")
    func wrongShape() {
        #expect(CycleSummary.cycle(from: .object(["id": .string("x")])) == nil)
        var json = CycleSummary.json(CycleDiffTests.base)
        #expect(CycleSummary.cycle(from: json) == CycleDiffTests.base)
        if case .object(var o) = json { o["races"] = .array([.object(["id": .string("d1")])]); json = .object(o) }
        #expect(CycleSummary.cycle(from: json) == nil)
    }
}
