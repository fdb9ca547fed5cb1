import EndorseCore
import EndorseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Yams
import EndorseTestSupport

/// An stv race through the service: ranking ballots over HTTP (and the wrong kind refused with
/// nothing written), the staff tally with its stages (checked against openapi.yaml's Tally
/// schema), the decision in order of election, and the published slate and voter guide.
@Suite("STV over HTTP")
struct STVRouteTests {
    static let ballot = "/v1/cycles/tiny-stv/races/board/ballot"

    static let yaml = """
        id: tiny-stv
        name: Tiny STV
        election_date: 2026-11-03
        coalition: {name: Tiny Coalition}
        rules: {min_overall_score: 0, require_complete: false, quorum: 0.5}
        races:
          - {id: board, name: Board at large, seats: 2, method: stv, stv_arithmetic: scottish}
        platform:
          - {id: p1, title: Plank 1, weight: 1}
        questionnaire:
          - {id: q-yn, text: Yes or no?, kind: yes_no, planks: [{plank: p1, favors: "yes"}]}

        """

    static func load(_ f: ServiceFixture) async throws {
        _ = try await f.store.catalog.loadCycle(Array(yaml.utf8), file: "tiny-stv.yaml")
        _ = try await f.store.catalog.importCandidates(cycle: "tiny-stv", Array("""
            id,race,name,ballot_name,incumbent,email,website
            c-x,board,Xena X,,,,
            c-y,board,Yuri Y,,,,
            c-z,board,Zoe Z,,,,

            """.utf8), file: "candidates.csv")
        _ = try await f.store.answers.importAnswers(cycle: "tiny-stv", Array("""
            candidate_id,q-yn
            c-x,yes
            c-y,yes
            c-z,no

            """.utf8), file: "answers.csv")
        _ = try await f.store.voting.openVoting(cycle: "tiny-stv", race: "board")
    }

    @Test("ranking ballots, the stv tally, the decision in order of election, the slate and the guide")
    func wholeFlow() async throws {
        try await ServiceFixture.with { f in
            try await Self.load(f)
            let races = try await f.call(.get, "/v1/cycles/tiny-stv/races", token: ServiceFixture.orgA)
            #expect(races.json["races"]?.arrayValue?.first?["method"] == .string("stv"))
            #expect(races.json["races"]?.arrayValue?.first?["seats"] == .number("2"))

            // org-a 1, org-b 2, org-c 3 (org-c is recused only in the other cycle's r1).
            let a = try await f.call(.put, Self.ballot, token: ServiceFixture.orgA, json: #"{"ranking": ["c-x", "c-y"]}"#)
            #expect(a.status == .created, "\(a.text)")
            #expect(try await f.call(.put, Self.ballot, token: ServiceFixture.orgB, json: #"{"ranking": ["c-y", "c-z"]}"#).status == .created)
            #expect(try await f.call(.put, Self.ballot, token: ServiceFixture.orgC, json: #"{"ranking": ["c-x", "c-z", "c-y"]}"#).status == .created)

            // The wrong kind for the method, or a repeated id: 400, nothing written.
            let before = try await f.writes()
            let approve = try await f.call(.put, Self.ballot, token: ServiceFixture.orgA, json: #"{"approve": ["c-x"]}"#)
            #expect(approve.status == .badRequest)
            #expect(approve.errorCode == "invalid_ballot")
            #expect(approve.json["error"]?["message"]?.stringValue?.contains("an stv race takes a \"ranking\"") == true)
            let repeated = try await f.call(.put, Self.ballot, token: ServiceFixture.orgA, json: #"{"ranking": ["c-x", "c-x"]}"#)
            #expect(repeated.status == .badRequest)
            #expect(try await f.writes() == before)

            _ = try await f.store.voting.closeVoting(cycle: "tiny-stv", race: "board")
            // W = 6, quota 3: c-x (4) is elected at stage 1 and her surplus of 1 moves at 0.25 a
            // paper (c-y 2.25, c-z 0.75); excluding c-z gives c-y 3, the quota.
            let tally = try await f.call(.get, "/v1/cycles/tiny-stv/races/board/tally", token: ServiceFixture.staff)
            #expect(tally.status == .ok)
            #expect(tally.json["method"] == .string("stv"))
            #expect(tally.json["quota"] == .number("3"))
            #expect(tally.json["threshold"] == .null)
            #expect(tally.json["outcome"] == .string("endorsed"))
            let elected = (tally.json["elected"]?.arrayValue ?? []).compactMap { $0.stringValue }
            #expect(elected == ["c-x", "c-y"])
            #expect(tally.json["rounds"]?.arrayValue?[1]["action"] == .string("surplus"))
            let schemaErrors = try OpenAPISchemaCheck.errors(tally.json, schema: "Tally")
            #expect(schemaErrors == nil, "\(schemaErrors ?? "")")
            // Orgs never read tallies.
            #expect(try await f.call(.get, "/v1/cycles/tiny-stv/races/board/tally", token: ServiceFixture.orgA).status == .forbidden)

            let decision = try await f.store.decisions.decide(cycle: "tiny-stv", race: "board", request: DecisionRequest())
            #expect(decision.record.endorsed == elected)
            _ = try await f.store.decisions.publishSlate(cycle: "tiny-stv", key: try SignifySecretKey.generate())
            let slate = try await f.call(.get, "/v1/cycles/tiny-stv/slate")
            let endorsements = try #require(slate.json["races"]?.arrayValue?.first?["endorsements"]?.arrayValue)
            #expect(endorsements.compactMap { $0["candidate"]?["id"]?.stringValue } == elected)
            #expect(endorsements.allSatisfy { $0["vote"]?["share"] == .null && $0["vote"]?["threshold"] == .null })
            let page = try await f.call(.get, "/slate/tiny-stv")
            #expect(page.status == .ok)
            #expect(page.text.contains("single transferable vote, 2 seats"))
            let first = try #require(page.text.range(of: "<h3>Xena X"))
            let second = try #require(page.text.range(of: "<h3>Yuri Y"))
            #expect(first.lowerBound < second.lowerBound)
        }
    }
}

/// Validates a JSON value against a schema of openapi.yaml's components with Python's
/// `jsonschema` (OpenAPI 3.1 schemas are JSON Schema 2020-12), so the document stays true.
enum OpenAPISchemaCheck {
    static let script = """
        import json, sys
        import jsonschema
        root = json.load(open(sys.argv[1]))
        doc = json.load(open(sys.argv[2]))
        v = jsonschema.Draft202012Validator(root)
        errors = list(v.iter_errors(doc))
        for e in errors:
            print("/".join(str(p) for p in e.absolute_path) + ": " + e.message)
        sys.exit(1 if errors else 0)
        """

    /// nil when `value` is valid against `#/components/schemas/<schema>`.
    static func errors(_ value: JSONValue, schema: String) throws -> String? {
        let yaml = try String(contentsOfFile: TestDatabase.packageRoot + "/openapi.yaml", encoding: .utf8)
        let doc = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        let root: [String: Any] = ["$ref": "#/components/schemas/\(schema)", "components": doc["components"] ?? [:]]
        let dir = NSTemporaryDirectory() + "endorse-openapi-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: dir + "/schema.json"))
        try Data(value.canonicalBytes).write(to: URL(fileURLWithPath: dir + "/doc.json"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, dir + "/schema.json", dir + "/doc.json"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if p.terminationStatus > 1 { throw EndorseError(.unavailable, "schema validation could not run: \(text)") }
        return p.terminationStatus == 0 ? nil : text
    }
}
