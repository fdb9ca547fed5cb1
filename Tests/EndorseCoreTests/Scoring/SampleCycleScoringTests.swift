import CSV
import Foundation
import Testing
import Yams
@testable import EndorseCore

/// The bundled sample (config/): every candidate's overall, plank scores, eligibility, reasons and
/// missing list must match config/README.md. The cycle is read with a minimal test-only mapping of
/// the YAML (not the real cycle-file parser, which is built elsewhere).
@Suite struct SampleCycleScoringTests {
    static let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../config").standardized

    static func text(_ name: String) throws -> String {
        try String(contentsOf: config.appendingPathComponent(name), encoding: .utf8)
    }

    static func f(_ node: Node?) -> Fixed4? { node?.string.flatMap { Fixed4(parsing: $0) } }

    static func cycle() throws -> Cycle {
        let root = try #require(try Yams.compose(yaml: text("sample-2026.yaml")))
        let rules = try #require(root["rules"])
        let platform = try #require(root["platform"]?.sequence).map { p in
            Plank(id: p["id"]!.string!, title: "", weight: f(p["weight"])!, minScore: f(p["min_score"]))
        }
        let questionnaire = try #require(root["questionnaire"]?.sequence).map { q -> Question in
            let kind: QuestionKind
            switch q["kind"]!.string! {
            case "yes_no": kind = .yesNo
            case "scale": kind = .scale(min: Int(q["scale"]!["min"]!.string!)!, max: Int(q["scale"]!["max"]!.string!)!)
            case "choice":
                kind = .choice(options: q["options"]!.sequence!.map {
                    ChoiceOption(id: $0["id"]!.string!, label: "", score: f($0["score"])!)
                })
            default: kind = .text(maxPoints: Int(q["max_points"]!.string!)!)
            }
            let mappings = q["planks"]!.sequence!.map { m in
                let favors: Favors? = m["favors"]?.string.map { $0 == "true" ? .yes : $0 == "false" ? .no : Favors(rawValue: $0)! }
                return PlankMapping(plank: m["plank"]!.string!, weight: f(m["weight"]) ?? .one, favors: favors)
            }
            return Question(id: q["id"]!.string!, text: "", kind: kind, planks: mappings)
        }
        return Cycle(id: root["id"]!.string!, name: "", electionDate: "", coalition: Coalition(name: ""),
                     rules: Rules(requireComplete: rules["require_complete"]?.string == "true",
                                  minOverallScore: f(rules["min_overall_score"])!),
                     races: [], platform: platform, questionnaire: questionnaire)
    }

    static func rows(_ name: String) throws -> [[String: String]] {
        let reader = try CSVReader(string: text(name), hasHeaderRow: true)
        let header = try #require(reader.headerRow)
        var out: [[String: String]] = []
        while let row = reader.next() {
            out.append(Dictionary(uniqueKeysWithValues: zip(header, row)))
        }
        return out
    }

    /// The rows of the markdown table that starts with `headerStart`.
    static func table(_ readme: String, headerStart: String) -> [[String]] {
        let lines = readme.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix(headerStart) }) else { return [] }
        return lines[(start + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
        }
    }

    @Test func scoresMatchTheREADME() throws {
        let cycle = try Self.cycle()
        #expect(cycle.platform.count == 10 && cycle.questionnaire.count == 25)
        let candidates = try Self.rows("candidates.csv")
        let answerRows = try Self.rows("answers.csv")
        var reviews: [String: [String: [Review]]] = [:]
        for r in try Self.rows("reviews.csv") {
            let q = try #require(cycle.question(r["question_id"]!))
            try q.validateReview(points: Int(r["points"]!)!)
            reviews[r["candidate_id"]!, default: [:]][r["question_id"]!, default: []]
                .append(Review(reviewer: r["reviewer"]!, points: Int(r["points"]!)!))
        }
        var inputs: [CandidateAnswers] = []
        for c in candidates {
            let id = c["id"]!
            let row = try #require(answerRows.first { $0["candidate_id"] == id })
            var answers: [String: Answer] = [:]
            for q in cycle.questionnaire {
                if let cell = row[q.id], let a = try q.parseAnswer(cell: cell) { answers[q.id] = a }
            }
            let latest = (reviews[id] ?? [:]).mapValues(Review.latestPerReviewer)
            inputs.append(CandidateAnswers(id: id, race: c["race"]!, withdrawn: id == "c-victor-alvarado",
                                           answers: answers, reviews: latest))
        }
        let report = ScoringEngine(cycle: cycle).report(inputs)

        let readme = try Self.text("README.md")
        let expected = Self.table(readme, headerStart: "| race | candidate | overall |")
        #expect(expected.count == 67)
        #expect(report.candidates.map { [$0.race, $0.id] } == expected.map { [$0[0], $0[1]] })
        for (score, row) in zip(report.candidates, expected) {
            #expect(score.overall?.rounded(fractionDigits: 2) == row[2], "\(score.id)")
            #expect(score.eligible == (row[3] == "yes"), "\(score.id)")
            #expect(score.reasons.joined(separator: ", ") == row[4], "\(score.id)")
            #expect(score.missing.joined(separator: ", ") == row[5], "\(score.id)")
            #expect(!score.provisional)
        }
        #expect(report.candidates.filter(\.eligible).count == 59)

        let plankTable = Self.table(readme, headerStart: "| candidate | full-funding |")
        #expect(plankTable.count == 67)
        for row in plankTable {
            let score = try #require(report.candidates.first { $0.id == row[0] })
            #expect(score.planks.map { $0.score?.rounded(fractionDigits: 2) ?? "null" } == Array(row.dropFirst()),
                    "\(row[0])")
        }
    }
}
