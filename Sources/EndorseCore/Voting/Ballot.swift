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
