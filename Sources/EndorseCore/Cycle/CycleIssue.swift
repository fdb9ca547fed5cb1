/// One problem found in a cycle file: where it is and what is wrong (cycle.md "Validation").
public struct CycleIssue: Hashable, Sendable, CustomStringConvertible {
    /// The 0-based path inside the file, e.g. `questionnaire[3].planks[0].plank`, `rules.quorum`;
    /// empty for a problem with the file as a whole (malformed YAML, not a mapping).
    public var path: String
    /// The 1-based line the problem is on, when known.
    public var line: Int?
    /// What is wrong, e.g. `unknown plank "full-fundng"`.
    public var message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `error: <message> (<file>:<line>: <path>)`, the line printed for this issue.
    public func formatted(file: String) -> String {
        var place = file
        if let line { place += ":\(line)" }
        if !path.isEmpty { place += ": \(path)" }
        return "error: \(message) (\(place))"
    }

    public var description: String {
        var place = line.map { "line \($0)" } ?? ""
        if !path.isEmpty { place += place.isEmpty ? path : ": \(path)" }
        return place.isEmpty ? message : "\(message) (\(place))"
    }
}

/// A cycle file that failed validation: every problem found, in document order.
public struct CycleValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file name as given by the caller (used in every printed line).
    public var file: String
    /// Every problem, ordered by line (document order); never empty.
    public var issues: [CycleIssue]

    public init(file: String, issues: [CycleIssue]) {
        self.file = file
        self.issues = issues
    }

    /// `N problems in <file>, nothing loaded` (or `1 problem ...`).
    public var summary: String {
        let noun = issues.count == 1 ? "problem" : "problems"
        return "\(issues.count) \(noun) in \(file), nothing loaded"
    }

    /// One `error: <message> (<file>:<line>: <path>)` line per issue.
    public var lines: [String] { issues.map { $0.formatted(file: file) } }

    /// The refusal the CLI prints: one detail line per issue, then `error: <summary>`; exit 1.
    public func asEndorseError() -> EndorseError {
        EndorseError(.invalidCycle, summary, details: lines)
    }

    public var description: String { (lines + ["error: " + summary]).joined(separator: "\n") }
}
