/// Weights, quorum, base and the outcome order shared by every method (voting.md).
extension Tally {
    /// T, C and the abstain / no-endorsement weights of a race's ballots.
    struct Weights {
        var turnout: Int64 = 0
        var abstain: Int64 = 0
        var noEndorsement: Int64 = 0
        var cast: Int64 { turnout - abstain }

        init(_ ballots: [WeightedBallot]) {
            for b in ballots {
                turnout += b.weight
                switch b.choice {
                case .abstain: abstain += b.weight
                case .noEndorsement: noEndorsement += b.weight
                case .ranking, .approve: break
                }
            }
        }
    }

    /// What a method decided before the outcome order is applied.
    struct Decision {
        var endorsed: [String] = []
        var tied: [String] = []
    }

    /// Quorum met iff T ≥ q × E (T > q × E when strict); never when E = 0. Exact: T × 10 000
    /// against q.units × E in Int128.
    static func quorum(rules: Rules, eligible: Int64, turnout: Int64) -> Quorum {
        let required = rules.quorum.times(eligible)
        let have = Int128(turnout) * Int128(Fixed4.scale)
        let met = eligible > 0 && (rules.quorumStrict ? have > required : have >= required)
        return Quorum(share: rules.quorum, strict: rules.quorumStrict, requiredUnits: required, met: met)
    }

    /// B by `threshold_base`: cast -> C; eligible -> E; continuing -> the IRV final round's
    /// continuing weight (`continuing`, irv only), C for the other methods.
    static func threshold(rules: Rules, cast: Int64, eligible: Int64, continuing: Int64?) -> Threshold {
        let base: Int64
        switch rules.thresholdBase {
        case .cast: base = cast
        case .eligible: base = eligible
        case .continuing: base = continuing ?? cast
        }
        return Threshold(share: rules.threshold, base: rules.thresholdBase, baseWeight: base,
                         requiredUnits: rules.threshold.times(base))
    }

    /// Whether `votes` reaches t × B exactly (votes × 10 000 ≥ t.units × B); never when B = 0.
    func meetsThreshold(_ votes: Int64) -> Bool {
        threshold.baseWeight > 0 && Int128(votes) * Int128(Fixed4.scale) >= threshold.requiredUnits
    }

    /// Builds the tally: weights, quorum, base, then the method's decision and the outcome order
    /// open -> no_quorum -> tie -> no_endorsement -> endorsed.
    static func assemble(_ input: TallyInput, _ w: Weights, continuing: Int64?, rounds: [Round],
                         votes: [String: Int64]?, winner: String?,
                         decide: (Tally) -> Decision) -> Tally {
        var tally = Tally(
            cycle: input.cycle, race: input.race.id, method: input.race.method, state: input.state,
            eligibleWeight: input.eligibleWeight, turnoutWeight: w.turnout, castWeight: w.cast,
            abstainWeight: w.abstain, noEndorsementWeight: w.noEndorsement,
            recused: Array(Set(input.recused)).sorted(by: Identifier.byteOrder),
            quorum: quorum(rules: input.rules, eligible: input.eligibleWeight, turnout: w.turnout),
            threshold: threshold(rules: input.rules, cast: w.cast, eligible: input.eligibleWeight,
                                 continuing: continuing),
            rounds: rounds, votes: votes, outcome: .noEndorsement, endorsed: [], tied: [],
            winner: winner)
        let decision = decide(tally)
        if input.state == .open || input.state == .draft {
            tally.outcome = .open
        } else if !tally.quorum.met {
            tally.outcome = .noQuorum
        } else if !decision.tied.isEmpty {
            tally.outcome = .tie
        } else if decision.endorsed.isEmpty {
            tally.outcome = .noEndorsement
        } else {
            tally.outcome = .endorsed
        }
        if tally.outcome == .tie || tally.outcome == .endorsed {
            tally.endorsed = decision.endorsed
            tally.tied = decision.tied.sorted(by: Identifier.byteOrder)
        }
        return tally
    }
}
