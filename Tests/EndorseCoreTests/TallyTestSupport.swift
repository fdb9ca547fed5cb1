@testable import EndorseCore

/// Builders for hand-computed tally cases.
enum T {
    static func f(_ text: String) -> Fixed4 { Fixed4(parsing: text)! }

    static func rank(_ ids: String..., w: Int64 = 1, org: String? = nil) -> WeightedBallot {
        WeightedBallot(org: org, weight: w, choice: .ranking(ids))
    }
    static func approve(_ ids: String..., w: Int64 = 1) -> WeightedBallot {
        WeightedBallot(org: nil, weight: w, choice: .approve(ids))
    }
    static func noEndorsement(w: Int64 = 1) -> WeightedBallot {
        WeightedBallot(org: nil, weight: w, choice: .noEndorsement)
    }
    static func abstain(w: Int64 = 1) -> WeightedBallot {
        WeightedBallot(org: nil, weight: w, choice: .abstain)
    }

    /// A closed race; E defaults to T (as offline).
    static func input(_ method: TallyMethod, _ candidates: [String], _ ballots: [WeightedBallot],
                      eligible: Int64? = nil, quorum: String = "0", strict: Bool = false,
                      threshold: String = "0.5", base: ThresholdBase = .cast,
                      maxEndorsements: Int? = nil, state: RaceState = .closed,
                      recused: [String] = []) -> TallyInput {
        let race = Race(id: "r", name: "R", seats: 1, method: method, maxEndorsements: maxEndorsements)
        let rules = Rules(quorum: f(quorum), quorumStrict: strict, threshold: f(threshold),
                          thresholdBase: base)
        let e = eligible ?? ballots.reduce(0) { $0 + $1.weight }
        return TallyInput(cycle: "c", race: race, rules: rules, state: state, candidates: candidates,
                          eligibleWeight: e, recused: recused, ballots: ballots)
    }

    static func tally(_ input: TallyInput) throws -> Tally { try Tally.tally(input) }
}

/// The seeded generator of the property tests (reproducible runs).
typealias SeededRandom = SplitMix64
