/// What one ballot says (voting.md, "Ballots").
public enum BallotChoice: Hashable, Sendable {
    /// Distinct candidate ids, most preferred first, at least one. irv, stv; threshold (exactly one).
    case ranking([String])
    /// Distinct candidate ids, at least one. approval.
    case approve([String])
    /// A vote against endorsing anyone in this race. All methods.
    case noEndorsement
    /// Present, not voting: counts in turnout, not in cast. All methods.
    case abstain

    /// The kind's name: `ranking`, `approve`, `no_endorsement`, `abstain`.
    public var kindName: String {
        switch self {
        case .ranking: "ranking"
        case .approve: "approve"
        case .noEndorsement: "no_endorsement"
        case .abstain: "abstain"
        }
    }

    /// The ballot as the JSON of voting.md: `{"ranking": [...]}`, `{"abstain": true}`, ...
    public var json: JSONValue {
        switch self {
        case .ranking(let ids): .object(["ranking": .strings(ids)])
        case .approve(let ids): .object(["approve": .strings(ids)])
        case .noEndorsement: .object(["no_endorsement": .bool(true)])
        case .abstain: .object(["abstain": .bool(true)])
        }
    }
}

/// One org's ballot in one race, with the org's weight (a positive integer).
public struct WeightedBallot: Hashable, Sendable {
    /// The org, or nil for an offline line that carried only a weight.
    public var org: String?
    public var weight: Int64
    public var choice: BallotChoice

    public init(org: String?, weight: Int64, choice: BallotChoice) {
        self.org = org
        self.weight = weight
        self.choice = choice
    }
}

/// Race states (voting.md): `draft` -> `open` -> `closed` -> `decided`.
public enum RaceState: String, Hashable, Sendable, CaseIterable {
    case draft, open, closed, decided
}
