/// The count of one race (voting.md): weights, quorum, threshold, IRV rounds or top-level votes,
/// and the outcome. `json` is the tally JSON of voting.md; `Tally.tally(_:)` computes it.
public struct Tally: Hashable, Sendable {
    /// Checked in this order: `open`, `noQuorum`, `tie`, `noEndorsement`, `endorsed`.
    public enum Outcome: String, Hashable, Sendable, CaseIterable {
        case open
        case noQuorum = "no_quorum"
        case tie
        case noEndorsement = "no_endorsement"
        case endorsed
    }

    /// How a round's tie for fewest votes was broken.
    public enum TieBreak: String, Hashable, Sendable {
        /// By the earlier rounds' counts, most recent first.
        case earlierRounds = "earlier_rounds"
        /// Still tied after round 1: the id that sorts last (UTF-8 bytes) was eliminated.
        case id
    }

    /// One IRV round.
    public struct Round: Hashable, Sendable {
        /// 1-based.
        public var number: Int
        /// Every continuing candidate, zeros included.
        public var votes: [String: Int64]
        public var continuingWeight: Int64
        /// Cumulative: all weight exhausted up to and including this round.
        public var exhaustedWeight: Int64
        /// nil in the final round.
        public var eliminated: String?
        public var tieBreak: TieBreak?

        public init(number: Int, votes: [String: Int64], continuingWeight: Int64,
                    exhaustedWeight: Int64, eliminated: String?, tieBreak: TieBreak?) {
            self.number = number
            self.votes = votes
            self.continuingWeight = continuingWeight
            self.exhaustedWeight = exhaustedWeight
            self.eliminated = eliminated
            self.tieBreak = tieBreak
        }
    }

    public struct Quorum: Hashable, Sendable {
        /// The quorum share (0..1).
        public var share: Fixed4
        public var strict: Bool
        /// quorum × E, in units of 1/10 000 (exact).
        public var requiredUnits: Int128
        public var met: Bool
    }

    public struct Threshold: Hashable, Sendable {
        /// t (0.5..1).
        public var share: Fixed4
        public var base: ThresholdBase
        /// B.
        public var baseWeight: Int64
        /// t × B, in units of 1/10 000 (exact).
        public var requiredUnits: Int128
    }

    public var cycle: String
    public var race: String
    public var method: TallyMethod
    public var state: RaceState
    /// E.
    public var eligibleWeight: Int64
    /// T.
    public var turnoutWeight: Int64
    /// C = T − abstentions.
    public var castWeight: Int64
    public var abstainWeight: Int64
    public var noEndorsementWeight: Int64
    /// Sorted by UTF-8 bytes.
    public var recused: [String]
    public var quorum: Quorum
    public var threshold: Threshold
    /// irv only; empty for the other methods.
    public var rounds: [Round]
    /// threshold: votes, approval: approvals, of every candidate on the ballot; nil for irv.
    public var votes: [String: Int64]?
    public var outcome: Outcome
    /// Empty unless the outcome is `endorsed` or `tie` (approval tie: those above the tied group).
    /// Threshold/irv: at most one id; approval: approvals descending, then id bytes.
    public var endorsed: [String]
    /// Empty unless the outcome is `tie`; sorted by UTF-8 bytes.
    public var tied: [String]
    /// The IRV winner (irv only; nil without any ranking ballot).
    public var winner: String?
    /// stv only: quota, order of election and stages.
    public var stv: STV? = nil

    /// A candidate's votes over the base, 4 decimals rounded half away from zero, as shortest
    /// decimal text (`0.7419`, `1`); nil when the base is 0 or the candidate got no count.
    /// irv: the votes of the last round in which the candidate was continuing; approval:
    /// approvals; threshold: votes.
    public func share(of candidate: String) -> String? {
        guard let units = shareUnits(of: candidate) else { return nil }
        return Fixed4.format(units: units, fractionDigits: 4)
    }

    /// `share(of:)` as a JSON number (or null).
    public func shareJSON(of candidate: String) -> JSONValue {
        share(of: candidate).map(JSONValue.number) ?? .null
    }

    func shareUnits(of candidate: String) -> Int128? {
        let base = Int128(threshold.baseWeight)
        guard base > 0, let v = candidateVotes(candidate) else { return nil }
        // round(v × 10 000 / base), half away from zero; v and base are non-negative.
        let scaled = Int128(v) * 10_000
        return (2 * scaled + base) / (2 * base)
    }

    /// The candidate's count used for `share(of:)`.
    public func candidateVotes(_ candidate: String) -> Int64? {
        if method == .irv {
            return rounds.last(where: { $0.votes[candidate] != nil })?.votes[candidate]
        }
        return votes?[candidate]
    }

    /// Counts the race. Never throws today; the signature leaves room for a method that can
    /// refuse its input.
    public static func tally(_ input: TallyInput) throws(EndorseError) -> Tally {
        var weights = Weights(input.ballots)
        weights.turnout += input.packed?.totalWeight ?? 0  // packed lines are ranking ballots
        let candidates = uniqueSortedCandidates(input.candidates)
        switch input.race.method {
        case .irv:
            let count = IRVCount.run(candidates: candidates, ballots: input.ballots, packed: input.packed)
            return assemble(input, weights, continuing: count.finalContinuingWeight,
                            rounds: count.rounds, votes: nil, winner: count.winner) { tally in
                irvDecision(tally, count)
            }
        case .threshold:
            let votes = thresholdVotes(candidates: candidates, ballots: input.ballots)
            return assemble(input, weights, continuing: nil, rounds: [], votes: votes, winner: nil) {
                thresholdDecision($0, votes)
            }
        case .approval:
            let votes = approvalVotes(candidates: candidates, ballots: input.ballots)
            return assemble(input, weights, continuing: nil, rounds: [], votes: votes, winner: nil) {
                approvalDecision($0, votes, seats: input.race.maxEndorsements)
            }
        case .stv:
            return stvTally(input, weights, candidates: candidates)
        }
    }

    /// The race's ballot, duplicates dropped, in UTF-8 byte order.
    static func uniqueSortedCandidates(_ ids: [String]) -> [String] {
        Array(Set(ids)).sorted(by: Identifier.byteOrder)
    }
}
