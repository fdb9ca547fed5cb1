/// The `approval` method (voting.md): approvals(c) = weight of approval ballots naming c;
/// qualified iff approvals(c) ≥ t × B; at most m = max_endorsements endorsed, a tie across the
/// m-th/(m+1)-th boundary -> `tie` listing the tied group, those above it endorsed.
extension Tally {
    /// Approvals of every candidate on the ballot, zeros included; ids not on it are ignored.
    static func approvalVotes(candidates: [String], ballots: [WeightedBallot]) -> [String: Int64] {
        var votes = Dictionary(uniqueKeysWithValues: candidates.map { ($0, Int64(0)) })
        for b in ballots {
            guard case .approve(let ids) = b.choice else { continue }
            for id in Set(ids) where votes[id] != nil { votes[id, default: 0] += b.weight }
        }
        return votes
    }

    static func approvalDecision(_ tally: Tally, _ votes: [String: Int64], seats m: Int) -> Decision {
        // Most approvals first, then id bytes: the order of `endorsed` (formats.md).
        let qualified = votes.filter { tally.meetsThreshold($0.value) }.sorted {
            $0.value != $1.value ? $0.value > $1.value : Identifier.byteOrder($0.key, $1.key)
        }
        let m = max(m, 0)
        if qualified.count <= m { return Decision(endorsed: qualified.map(\.key), tied: []) }
        guard m > 0 else { return Decision() }
        let boundary = qualified[m - 1].value
        if qualified[m].value != boundary {
            return Decision(endorsed: qualified.prefix(m).map(\.key), tied: [])
        }
        let above = qualified.filter { $0.value > boundary }.map(\.key)
        let group = qualified.filter { $0.value == boundary }.map(\.key)
        return Decision(endorsed: above, tied: group)
    }
}
