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
        /// The race's current ballots, in file order: for each org, its last line; every
        /// weight-only line not in `packed`.
        public var ballots: [WeightedBallot]
        /// irv and stv: the weight-only ranking lines, grouped by ranking (`PackedRankings`).
        public var packed: PackedRankings = .empty
        /// The race's ballot by UTF-8 bytes: `candidates` as given, else the ids the standing ballots name.
        public var candidates: [String]

        /// No ballot at all.
        public var isEmpty: Bool { ballots.isEmpty && packed.lines == 0 }

        /// Every standing ballot, the packed ones one per distinct ranking (weights summed).
        public var allBallots: [WeightedBallot] { ballots + packed.ballots }
    }

    /// Reads the lines of `race`, checks each against the method and the race's ballot
    /// (`candidates`, or when nil the ids the lines name), and applies them in file order, the
    /// last line of an org standing. Every bad line of the file is reported at once, in a
    /// `.invalidInput` error whose details are the `FILE:LINE: column: problem` lines.
    public static func load(_ bytes: [UInt8], file: String, race: Race,
                            candidates: [String]?) throws(EndorseError) -> RaceBallots {
        try bytes.withUnsafeBufferPointer { (b) throws(EndorseError) -> RaceBallots in
            try load(b, file: file, race: race, candidates: candidates)
        }
    }

    /// `load` over bytes held elsewhere (a mapped file).
    public static func load(_ bytes: UnsafeBufferPointer<UInt8>, file: String, race: Race,
                            candidates: [String]?) throws(EndorseError) -> RaceBallots {
        // Without a candidates file every id the lines name is on the ballot, so only the kind,
        // empty lists and repeats can be wrong; the tally's candidates are then those the
        // standing ballots name. Lines are checked and applied as they are read.
        let onBallot = candidates.map { Set($0) }
        var check = BallotCheck(ballot: candidates, method: race.method)
        var current: [WeightedBallot] = []
        current.reserveCapacity(bytes.count / 64)
        var slot: [String: Int] = [:]
        var replaced = false
        // irv and stv count weight-only rankings by their sums: they are packed as read.
        var packer = race.method == .irv || race.method == .stv
            ? RankingPacker(candidates: candidates.map(Tally.uniqueSortedCandidates), expected: bytes.count / 64) : nil
        let problems = parse(bytes, race: race.id, packer: &packer) { line in
            // The quick check passes exactly the ballots BallotRules passes; BallotRules words
            // the refusals.
            if !check.passes(line.ballot.choice) {
                do throws(EndorseError) {
                    let ballot = onBallot ?? Set(line.ballot.choice.candidateIDs)
                    try BallotRules.validate(line.ballot.choice, method: race.method, ballot: ballot)
                } catch {
                    return Problem(line: line.number, column: line.ballot.choice.kindName, message: error.message)
                }
            }
            if let org = line.ballot.org, let i = slot[org] {
                current[i] = line.ballot
                replaced = true
            } else {
                if let org = line.ballot.org { slot[org] = current.count }
                current.append(line.ballot)
            }
            return nil
        }
        if !problems.isEmpty { throw failure(problems, file: file, unit: "lines", action: "nothing tallied") }
        let packed = packer?.finish() ?? .empty
        if let candidates {
            return RaceBallots(ballots: current, packed: packed, candidates: Tally.uniqueSortedCandidates(candidates))
        }
        // Every line passed and none was replaced: the check has seen exactly the standing ids.
        var standing = replaced ? IDTable() : check.seen
        if replaced {
            for b in current {
                for id in b.choice.candidateIDs { _ = standing.insert(id) }
            }
        }
        for id in packed.named { _ = standing.insert(id) }
        return RaceBallots(ballots: current, packed: packed, candidates: standing.ids.sorted(by: Identifier.byteOrder))
    }

    /// The error for an all-or-nothing refusal: the first 50 problems sorted by line, then a
    /// count; message `N bad <unit> in FILE, <action>`.
    public static func failure(_ problems: [Problem], file: String, unit: String,
                               action: String) -> EndorseError {
        CSVProblems.failure(problems, file: file, unit: unit, action: action)
    }
}
