/// `ballots.jsonl` for offline tallies and bulk entry (formats.md): one JSON object a line with
/// `race`, `org` and/or `weight`, and exactly one of `ranking`, `approve`, `no_endorsement: true`,
/// `abstain: true`. UTF-8, a BOM accepted, blank lines ignored, unknown keys refused.
public enum OfflineBallots {
    /// The largest weight a line may carry; keeps every sum of weights far from Int64 overflow.
    public static let maxWeight: Int64 = 1_000_000_000

    /// One well-formed line.
    public struct Line: Hashable, Sendable {
        /// The 1-based physical line.
        public var number: Int
        public var race: String
        /// `org` nil for a weight-only line; weight 1 for an `org` line without `weight`.
        public var ballot: WeightedBallot
        /// True when the line gave `weight` (a database import refuses it: the roster weighs).
        public var hasWeight: Bool = false
    }

    /// A bad line: `FILE:LINE: column: problem`.
    public typealias Problem = CSVProblems.Problem

    /// The ballots of one race, ready for `TallyInput.offline`.
    public struct RaceBallots: Hashable, Sendable {
        /// The race's current ballots: for each org, its last line; every weight-only line.
        public var ballots: [WeightedBallot]
        /// The race's ballot by UTF-8 bytes: `candidates` as given, else the ids the standing ballots name.
        public var candidates: [String]
    }

    /// Reads the lines of `race`, checks each against the method and the race's ballot
    /// (`candidates`, or when nil the ids the lines name), and applies them in file order, the
    /// last line of an org standing. Every bad line of the file is reported at once, in a
    /// `.invalidInput` error whose details are the `FILE:LINE: column: problem` lines.
    public static func load(_ bytes: [UInt8], file: String, race: Race,
                            candidates: [String]?) throws(EndorseError) -> RaceBallots {
        var (lines, problems) = parse(bytes)
        lines = lines.filter { $0.race == race.id }
        // Without a candidates file every id the lines name is on the ballot; the tally's
        // candidates are then those the standing ballots name.
        let named = Set(lines.flatMap(\.ballot.choice.candidateIDs))
        let onBallot = candidates.map { Set($0) } ?? named
        var current: [WeightedBallot] = []
        var slot: [String: Int] = [:]
        for line in lines {
            do {
                try BallotRules.validate(line.ballot.choice, method: race.method, ballot: onBallot)
            } catch {
                problems.append(Problem(line: line.number, column: line.ballot.choice.kindName,
                                        message: error.message))
                continue
            }
            if let org = line.ballot.org, let i = slot[org] {
                current[i] = line.ballot
            } else {
                if let org = line.ballot.org { slot[org] = current.count }
                current.append(line.ballot)
            }
        }
        if !problems.isEmpty { throw failure(problems, file: file, unit: "lines", action: "nothing tallied") }
        if let candidates { return RaceBallots(ballots: current, candidates: Tally.uniqueSortedCandidates(candidates)) }
        let standing = Set(current.flatMap(\.choice.candidateIDs))
        return RaceBallots(ballots: current, candidates: standing.sorted(by: Identifier.byteOrder))
    }

    /// The error for an all-or-nothing refusal: the first 50 problems sorted by line, then a
    /// count; message `N bad <unit> in FILE, <action>`.
    public static func failure(_ problems: [Problem], file: String, unit: String,
                               action: String) -> EndorseError {
        CSVProblems.failure(problems, file: file, unit: unit, action: action)
    }
}
