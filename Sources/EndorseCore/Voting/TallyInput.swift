/// Everything a tally needs about one race: the effective rules, the race's ballot (candidates),
/// the eligible weight and the ballots, already validated by `BallotRules`.
public struct TallyInput: Hashable, Sendable {
    public var cycle: String
    public var race: Race
    /// The effective rules for the race: `cycle.rules(for: race)`.
    public var rules: Rules
    public var state: RaceState
    /// The race's ballot: every candidate that can receive votes (zero-vote candidates included).
    public var candidates: [String]
    /// E: the summed weight of active, non-recused member orgs.
    public var eligibleWeight: Int64
    /// Orgs recused from the race (reported in the tally, sorted by id).
    public var recused: [String]
    /// One ballot per org (the current one).
    public var ballots: [WeightedBallot]
    /// Offline irv and stv: weight-only ranking lines grouped by ranking; they count as ranking
    /// ballots besides `ballots`.
    public var packed: PackedRankings?

    public init(cycle: String, race: Race, rules: Rules, state: RaceState, candidates: [String],
                eligibleWeight: Int64, recused: [String] = [], ballots: [WeightedBallot],
                packed: PackedRankings? = nil) {
        self.cycle = cycle
        self.race = race
        self.rules = rules
        self.state = state
        self.candidates = candidates
        self.eligibleWeight = eligibleWeight
        self.recused = recused
        self.ballots = ballots
        self.packed = packed
    }

    /// An offline tally of loaded lines (`OfflineBallots.load`), packed rankings included.
    public static func offline(cycle: Cycle, race: Race, loaded: OfflineBallots.RaceBallots) -> TallyInput {
        var input = offline(cycle: cycle, race: race, candidates: loaded.candidates, ballots: loaded.ballots)
        if loaded.packed.lines > 0 {
            input.packed = loaded.packed
            input.eligibleWeight += loaded.packed.totalWeight
        }
        return input
    }

    /// An offline "what if" tally (voting.md): no roster, so the ballot lines are the roster and
    /// E = T; nobody is recused; the race counts as `closed`.
    public static func offline(cycle: Cycle, race: Race, candidates: [String],
                               ballots: [WeightedBallot]) -> TallyInput {
        // Offline weights are capped (OfflineBallots.maxWeight), so the sum cannot overflow.
        let turnout = ballots.reduce(Int64(0)) { $0 + $1.weight }
        return TallyInput(cycle: cycle.id, race: race, rules: cycle.rules(for: race), state: .closed,
                          candidates: candidates, eligibleWeight: turnout, recused: [],
                          ballots: ballots)
    }
}
