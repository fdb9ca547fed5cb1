import Foundation
import Testing
@testable import EndorseCore

@Suite("CycleFile: valid files")
struct CycleFileTests {
    @Test("the full example of cycle.md parses to the expected model, decimals exact")
    func fullExample() throws {
        let cycle = try CycleFile.parse(try CycleDoc.fixture("full"), file: "full.yaml")
        #expect(cycle.id == "sample-2026")
        #expect(cycle.name == "Sample City Board of Education, General Election 2026")
        #expect(cycle.electionDate == "2026-11-03")
        #expect(cycle.jurisdiction == "ocd-division/country:us/state:il/place:sample")
        #expect(cycle.coalition == Coalition(name: "Sample Schools Coalition", url: "https://example.org"))
        #expect(cycle.rules == Rules(requireComplete: true, minOverallScore: Fixed4(units: 600_000),
                                     quorum: Fixed4(units: 5_000), quorumStrict: false,
                                     threshold: Fixed4(units: 6_667), thresholdBase: .cast,
                                     resultsSealed: true))
        #expect(cycle.rules.threshold.units == 6_667)
        #expect(cycle.races == [
            Race(id: "district-1", name: "District 1",
                 division: "ocd-division/country:us/state:il/place:sample/school_district:sample/board_district:1",
                 seats: 1, method: .irv, maxEndorsements: 1),
            Race(id: "district-2", name: "District 2", seats: 1, method: .threshold, maxEndorsements: 2,
                 threshold: Fixed4(units: 5_000), thresholdBase: .eligible),
            Race(id: "at-large", name: "At large", seats: 3, method: .approval, maxEndorsements: 3,
                 quorum: Fixed4(units: 2_500)),
        ])
        #expect(cycle.platform == [
            Plank(id: "full-funding", title: "Full funding through progressive state and local revenue",
                  section: "Fully funded schools", weight: Fixed4(units: 30_000),
                  minScore: Fixed4(units: 500_000)),
            Plank(id: "special-ed", title: "Smaller classes and full services for students with IEPs",
                  weight: Fixed4(units: 15_000)),
            Plank(id: "public-schools-public", title: "Keep public schools public",
                  weight: Fixed4(units: 20_000)),
            Plank(id: "safe-schools", title: "Restorative practices instead of police in schools",
                  weight: Fixed4(units: 1), minScore: Fixed4(units: 122_500)),
        ])
        #expect(cycle.questionnaire.map(\.id) == ["q-revenue", "q-class-size", "q-charters",
                                                  "q-safety", "q-police"])
        #expect(cycle.questionnaire[0].kind == .yesNo)
        #expect(cycle.questionnaire[0].planks == [
            PlankMapping(plank: "full-funding", weight: Fixed4(units: 20_000), favors: .yes)])
        #expect(cycle.questionnaire[1].kind == .scale(min: 1, max: 5))
        #expect(cycle.questionnaire[1].planks == [PlankMapping(plank: "special-ed", favors: .high)])
        #expect(cycle.questionnaire[2].kind == .choice(options: [
            ChoiceOption(id: "moratorium", label: "A moratorium on new charters", score: .one),
            ChoiceOption(id: "case-by-case", label: "Case by case", score: Fixed4(units: 5_000)),
            ChoiceOption(id: "expand", label: "Expand charters", score: .zero),
        ]))
        #expect(cycle.questionnaire[2].planks == [PlankMapping(plank: "public-schools-public")])
        #expect(cycle.questionnaire[3].kind == .text(maxPoints: 4))
        #expect(cycle.questionnaire[3].planks == [PlankMapping(plank: "safe-schools", weight: .one)])
        // YAML booleans for favors: false -> no, true -> yes.
        #expect(cycle.questionnaire[4].planks == [
            PlankMapping(plank: "safe-schools", weight: Fixed4(units: 2_500), favors: .no),
            PlankMapping(plank: "full-funding", weight: .one, favors: .yes),
        ])
    }

    @Test("without a rules block every rule takes its default")
    func defaultRules() throws {
        let cycle = try CycleDoc.parse(CycleDoc.make())
        #expect(cycle.rules == Rules())
        #expect(cycle.rules.requireComplete == true)
        #expect(cycle.rules.minOverallScore == .zero)
        #expect(cycle.rules.quorum.units == 5_000)
        #expect(cycle.rules.quorumStrict == false)
        #expect(cycle.rules.threshold.units == 6_667)
        #expect(cycle.rules.thresholdBase == .cast)
        #expect(cycle.rules.resultsSealed == true)
        #expect(cycle.jurisdiction == nil)
        #expect(cycle.coalition.url == nil)
        #expect(cycle.races == [Race(id: "d1", name: "District 1", seats: 1, method: .irv, maxEndorsements: 1)])
    }

    @Test("a partial rules block keeps the defaults of the keys it leaves out")
    func partialRules() throws {
        let cycle = try CycleDoc.parse(CycleDoc.make(rules: "rules:\n  quorum: 0.75\n  quorum_strict: true\n"))
        var expected = Rules()
        expected.quorum = Fixed4(units: 7_500)
        expected.quorumStrict = true
        #expect(cycle.rules == expected)
    }

    @Test("a race may override quorum, threshold and threshold_base; max_endorsements defaults to seats")
    func raceOverrides() throws {
        let races = """
            races:
              - id: at-large
                name: At large
                seats: 4
                method: approval
                quorum: 0
                threshold: 1
                threshold_base: continuing
              - id: d2
                name: District 2
                method: approval
                max_endorsements: 2
            """
        let cycle = try CycleDoc.parse(CycleDoc.make(races: races))
        let race = try #require(cycle.race("at-large"))
        #expect(race.maxEndorsements == 4)
        #expect(race.quorum == .zero && race.threshold == .one && race.thresholdBase == .continuing)
        let rules = cycle.rules(for: race)
        #expect(rules.quorum == .zero && rules.threshold == .one && rules.thresholdBase == .continuing)
        #expect(cycle.race("d2")?.seats == 1)
        #expect(cycle.race("d2")?.maxEndorsements == 2)
    }

    @Test("favors: quoted and plain yes/no and YAML booleans", arguments: [
        ("\"yes\"", Favors.yes), ("\"no\"", .no), ("yes", .yes), ("no", .no),
        ("true", .yes), ("false", .no), ("True", .yes), ("FALSE", .no),
    ])
    func yesNoFavors(text: String, expected: Favors) throws {
        let questionnaire = CycleDoc.questionnaire.replacingOccurrences(of: "favors: \"yes\"",
                                                                        with: "favors: \(text)")
        let cycle = try CycleDoc.parse(CycleDoc.make(questionnaire: questionnaire))
        #expect(cycle.questionnaire[0].planks[0].favors == expected)
    }

    @Test("a UTF-8 byte order mark is accepted")
    func byteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(CycleDoc.make().utf8)
        let cycle = try CycleFile.parse(bytes, file: "bom.yaml")
        #expect(cycle.id == "c-2026")
    }

    @Test("CRLF line endings, comments and flow style are fine")
    func crlfAndFlow() throws {
        let text = CycleDoc.make(races: "races: [{id: d1, name: District 1, method: irv}]  # one race")
            .replacingOccurrences(of: "\n", with: "\r\n")
        let cycle = try CycleDoc.parse(text)
        #expect(cycle.races.map(\.id) == ["d1"])
    }

    @Test("decimals never pass through floating point", arguments: [
        ("0.6667", Int64(6_667)), ("0.5", 5_000), ("1", 10_000), ("0.1", 1_000), ("0.0001", 1),
        ("0.50000", 5_000), ("1.0", 10_000),
    ])
    func exactQuorum(text: String, units: Int64) throws {
        let cycle = try CycleDoc.parse(CycleDoc.make(rules: "rules:\n  quorum: \(text)\n"))
        #expect(cycle.rules.quorum.units == units)
    }

    @Test("names, texts and ids may look like numbers, dates or booleans")
    func scalarTextIsKept() throws {
        let header = """
            id: "2026"
            name: 2026
            election_date: "2026-11-03"
            coalition:
              name: yes
            """
        let cycle = try CycleDoc.parse(CycleDoc.make(header: header))
        #expect(cycle.id == "2026")
        #expect(cycle.name == "2026")
        #expect(cycle.electionDate == "2026-11-03")
        #expect(cycle.coalition.name == "yes")
    }

    @Test("a leap day is a valid election date")
    func leapDay() throws {
        let header = CycleDoc.header.replacingOccurrences(of: "2026-11-03", with: "2028-02-29")
        #expect(try CycleDoc.parse(CycleDoc.make(header: header)).electionDate == "2028-02-29")
    }

    @Test("every RCTab conformance cycle file parses (one irv race, threshold 0.5 of continuing)")
    func conformanceCycles() throws {
        let dir = try #require(CycleDoc.conformanceDirectory(), "shared/conformance/rctab not found")
        let cases = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { FileManager.default.fileExists(atPath: dir.appendingPathComponent("\($0)/cycle.yaml").path) }
            .sorted()
        #expect(cases.count == 38)
        for name in cases {
            let file = dir.appendingPathComponent("\(name)/cycle.yaml")
            let bytes = try [UInt8](Data(contentsOf: file))
            do {
                let cycle = try CycleFile.parse(bytes, file: file.path)
                #expect(cycle.races.count == 1, "\(name)")
                #expect(cycle.races.first?.method == .irv, "\(name)")
                #expect(cycle.races.first?.seats == 1, "\(name)")
                #expect(cycle.rules.threshold == Fixed4(units: 5_000), "\(name)")
                #expect(cycle.rules.thresholdBase == .continuing, "\(name)")
                #expect(cycle.rules.quorum == .zero, "\(name)")
            } catch {
                Issue.record("\(name): \(error.description)")
            }
        }
    }

    @Test("the bundled sample cycle (config/sample-2026.yaml) parses")
    func bundledSample() throws {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            try #require(dir.path != "/", "repository root not found")
            dir.deleteLastPathComponent()
        }
        let file = dir.appendingPathComponent("config/sample-2026.yaml")
        let cycle = try CycleFile.parse(try [UInt8](Data(contentsOf: file)), file: file.path)
        #expect(cycle.id == "sample-2026")
        #expect(!cycle.races.isEmpty && !cycle.platform.isEmpty && !cycle.questionnaire.isEmpty)
    }
}
