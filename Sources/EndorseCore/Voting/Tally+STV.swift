/// The stages of an stv count and their JSON (voting.md, "stv tally JSON").
extension Tally {
    /// An stv count: the quota, who was elected in which order, and every stage.
    public struct STV: Hashable, Sendable {
        public var seats: Int
        public var arithmetic: STVArithmetic
        /// W: the total weight of ranking ballots.
        public var totalWeight: Int64
        /// floor(W / (seats + 1)) + 1.
        public var quota: Int64
        /// In order of election.
        public var elected: [String]
        /// Stage 1 first; empty when no ranking ballot was cast.
        public var stages: [Stage]

        public init(seats: Int, arithmetic: STVArithmetic, totalWeight: Int64, quota: Int64,
                    elected: [String], stages: [Stage]) {
            self.seats = seats
            self.arithmetic = arithmetic
            self.totalWeight = totalWeight
            self.quota = quota
            self.elected = elected
            self.stages = stages
        }
    }

    /// One stage of an stv count.
    public struct Stage: Hashable, Sendable {
        public enum Action: String, Hashable, Sendable {
            /// Stage 1: first preferences.
            case first
            /// An elected candidate's surplus moved on.
            case surplus
            /// A candidate excluded, all its papers moved on.
            case exclusion
        }

        /// 1-based.
        public var number: Int
        public var action: Action
        /// Whose surplus moved, or who was excluded; nil at stage 1.
        public var candidate: String?
        /// Every candidate not excluded (elected ones at the quota once their surplus moved),
        /// zeros included; exact values (the `scottish` ones have at most 5 decimals).
        public var votes: [String: Rational]
        /// Cumulative, so that votes plus non-transferable is W at every stage.
        public var nonTransferable: Rational
        /// Elected at the end of this stage, in order of election.
        public var elected: [String]
        /// How this stage's surplus or exclusion was chosen among equals.
        public var tieBreak: TieBreak?

        public init(number: Int, action: Action, candidate: String?, votes: [String: Rational],
                    nonTransferable: Rational, elected: [String], tieBreak: TieBreak?) {
            self.number = number
            self.action = action
            self.candidate = candidate
            self.votes = votes
            self.nonTransferable = nonTransferable
            self.elected = elected
            self.tieBreak = tieBreak
        }

        /// A number of the stage as voting.md prints it: 5 decimals, rounded half away from zero
        /// (exact for `scottish`), shortest form.
        public static func text(_ value: Rational) -> String { value.rounded(fractionDigits: 5) }

        public var json: JSONValue {
            .object([
                "round": .int(number),
                "action": .string(action.rawValue),
                "candidate": .optional(candidate),
                "votes": .object(votes.mapValues { .number(Self.text($0)) }),
                "non_transferable": .number(Self.text(nonTransferable)),
                "elected": .strings(elected),
                "tie_break": .optional(tieBreak?.rawValue),
            ])
        }
    }

    /// Counts an stv race in its arithmetic. Quorum applies, the threshold does not: the
    /// elected are endorsed, in order of election.
    static func stvTally(_ input: TallyInput, _ weights: Weights, candidates: [String]) -> Tally {
        let race = input.race
        let count: STV
        switch race.stvArithmetic {
        case .exact:
            count = STVCount<Rational>.run(candidates: candidates, seats: race.seats, ballots: input.ballots,
                                           packed: input.packed, arithmetic: .exact)
        case .scottish:
            count = STVCount<ScottishVotes>.run(candidates: candidates, seats: race.seats,
                                                ballots: input.ballots, packed: input.packed, arithmetic: .scottish)
        }
        var tally = assemble(input, weights, continuing: nil, rounds: [], votes: nil, winner: nil) { _ in
            Decision(endorsed: count.elected, tied: [])
        }
        tally.stv = count
        return tally
    }
}
