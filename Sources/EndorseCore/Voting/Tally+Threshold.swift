/// The `threshold` method (voting.md): votes(c) = weight of ranking ballots naming c (exactly one
/// id each); every c with votes(c) ≥ t × B is endorsed; two such -> `tie`.
extension Tally {
    /// Votes of every candidate on the ballot, zeros included. A ranking counts for its first id
    /// (BallotRules admits exactly one); ids not on the ballot are ignored.
    static func thresholdVotes(candidates: [String], ballots: [WeightedBallot]) -> [String: Int64] {
        var votes = Dictionary(uniqueKeysWithValues: candidates.map { ($0, Int64(0)) })
        for b in ballots {
            if case .ranking(let ids) = b.choice, let first = ids.first, votes[first] != nil {
                votes[first, default: 0] += b.weight
            }
        }
        return votes
    }

    static func thresholdDecision(_ tally: Tally, _ votes: [String: Int64]) -> Decision {
        let passing = votes.filter { tally.meetsThreshold($0.value) }.map(\.key)
            .sorted(by: Identifier.byteOrder)
        // Two passing (only possible at t = 0.5) is a tie, whatever max_endorsements says: a dual
        // endorsement is a decision for staff.
        if passing.count > 1 { return Decision(endorsed: [], tied: passing) }
        return Decision(endorsed: passing, tied: [])
    }
}
