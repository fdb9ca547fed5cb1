/// Pure checks of one ballot against its race (voting.md, "Ballots"): the kind fits the method,
/// lists are non-empty and free of duplicates, every id is on the race's ballot. State, roster
/// and recusal checks belong to whoever holds them (the store).
public enum BallotRules {
    /// Throws `.notOnBallot` for an id not on `ballot`, `.invalidBallot` for anything else.
    public static func validate(_ choice: BallotChoice, method: TallyMethod,
                                ballot: Set<String>) throws(EndorseError) {
        let ids: [String]
        switch choice {
        case .noEndorsement, .abstain:
            return
        case .ranking(let list):
            guard method != .approval else {
                throw EndorseError(.invalidBallot, "an approval race takes an \"approve\" list, not a ranking")
            }
            if method == .threshold && list.count > 1 {
                throw EndorseError(.invalidBallot,
                                   "a threshold race takes a ranking of exactly one candidate, got \(list.count)")
            }
            ids = list
        case .approve(let list):
            guard method == .approval else {
                throw EndorseError(.invalidBallot,
                                   "a\(method == .irv || method == .stv ? "n" : "") \(method.rawValue) race takes a \"ranking\", not an approval list")
            }
            ids = list
        }
        guard !ids.isEmpty else {
            throw EndorseError(.invalidBallot, "the \(choice.kindName) list is empty")
        }
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted {
            throw EndorseError(.invalidBallot, "\(id) appears more than once in the \(choice.kindName) list")
        }
        for id in ids where !ballot.contains(id) {
            throw EndorseError(.notOnBallot, "\(id) is not on the race's ballot")
        }
    }
}
