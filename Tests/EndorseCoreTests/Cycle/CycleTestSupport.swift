import Foundation
import Testing
@testable import EndorseCore

/// Builds small cycle files: a minimal valid document whose sections can each be replaced.
enum CycleDoc {
    static let header = """
        id: c-2026
        name: Test cycle
        election_date: 2026-11-03
        coalition:
          name: Coalition
        """
    static let races = """
        races:
          - id: d1
            name: District 1
            method: irv
        """
    static let platform = """
        platform:
          - id: p1
            title: Plank one
            weight: 1
        """
    static let questionnaire = """
        questionnaire:
          - id: q1
            text: Question one
            kind: yes_no
            planks:
              - plank: p1
                favors: "yes"
        """

    /// The document with any section replaced (pass "" to leave a section out).
    static func make(header: String = header, rules: String = "", races: String = races,
                     platform: String = platform, questionnaire: String = questionnaire) -> String {
        [header, rules, races, platform, questionnaire].filter { !$0.isEmpty }
            .joined(separator: "\n") + "\n"
    }

    static func parse(_ yaml: String, file: String = "t.yaml") throws(CycleValidationError) -> Cycle {
        try CycleFile.parse(Array(yaml.utf8), file: file)
    }

    /// The issues of a file expected to be invalid; empty if it parsed.
    static func issues(_ yaml: String) -> [CycleIssue] {
        do {
            _ = try parse(yaml)
            return []
        } catch {
            return error.issues
        }
    }

    static func fixture(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "yaml",
                                          subdirectory: "Fixtures/cycles") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try [UInt8](Data(contentsOf: url))
    }

    /// `shared/conformance/rctab`: beside the repository (or an ancestor of it, for worktrees).
    static func conformanceDirectory(filePath: String = #filePath) -> URL? {
        var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/conformance/rctab")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }
}

extension CycleDoc {
    /// A block list under `key`; each item's lines are written as one list entry.
    static func list(_ key: String, _ items: [String]) -> String {
        let body = items.map { item in
            item.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { ($0.offset == 0 ? "  - " : "    ") + $0.element }
                .joined(separator: "\n")
        }
        return ([key + ":"] + body).joined(separator: "\n")
    }

    static func races(_ items: String...) -> String { list("races", items) }
    static func platform(_ items: String...) -> String { list("platform", items) }
    static func questions(_ items: String...) -> String { list("questionnaire", items) }

    /// A question with the given kind lines and plank mapping lines.
    static func question(id: String = "q1", kind: String, extra: String = "",
                         planks: String = "- plank: p1\n  favors: \"yes\"") -> String {
        var lines = ["id: \(id)", "text: Question", "kind: \(kind)"]
        if !extra.isEmpty { lines.append(extra) }
        lines.append("planks:")
        lines += planks.split(separator: "\n").map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}

/// One invalid file and the issue it must produce.
struct BadCycle: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    let path: String
    let message: String
    var line: Int? = nil
    /// How many issues the file has in all (1 unless the mistake also causes another).
    var count = 1

    var testDescription: String { name }
}
