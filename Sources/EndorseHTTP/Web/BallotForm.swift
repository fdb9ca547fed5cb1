import EndorseCore

/// A ballot form as posted (web.md "Form contract"), read into a `BallotChoice`: irv/stv one
/// select `rank-<id>` per candidate (`1`..`n` or empty), threshold radio `choice`, approval
/// checkboxes `approve`, and in every method radio `special` (`no_endorsement`, `abstain`).
/// Only what a form can get wrong is checked here (a gap, a shared rank, a field the form does
/// not have, nothing or two things chosen); what a ballot may say is `BallotRules`, which the
/// store runs on the result.
struct BallotForm: Equatable {
    enum Problem: Equatable {
        /// No candidate and no "No endorsement" / "Abstain".
        case nothingChosen
        /// Candidates and "No endorsement" / "Abstain" both.
        case bothChosen
        /// Two or more candidates at this rank.
        case sharedRank(Int)
        /// Nobody at this rank, but someone below it.
        case gap(Int)
        /// A rank that is not a whole number from 1 to the number of candidates.
        case badRank
        /// A candidate id that is not on this race's ballot.
        case notOnBallot(String)
        /// A field this form does not have (or a value `special` does not take).
        case unknownField(String)
    }

    /// A problem and the form field it belongs to (`rank-<id>`, `choice`, `approve`, `special`),
    /// nil for the form as a whole.
    struct Issue: Equatable {
        var field: String?
        var problem: Problem
    }

    /// The ballot, when the form reads as one.
    var choice: BallotChoice?
    var issues: [Issue] = []
    /// What was sent, to show the form again: ranks by candidate id, chosen ids, special.
    var ranks: [String: String] = [:]
    var picked: [String] = []
    var special = ""

    static let commonFields: Set<String> = ["csrf", "action", "special"]

    /// Reads `fields` for a race counted by `method` with `candidates` (ids, ballot order).
    init(_ fields: [(name: String, value: String)], method: TallyMethod, candidates: [String]) {
        let onBallot = Set(candidates)
        for (name, value) in fields {
            if Self.commonFields.contains(name) {
                if name == "special" { special = value }
                continue
            }
            switch method {
            case .irv where name.hasPrefix("rank-"), .stv where name.hasPrefix("rank-"):
                let id = String(name.dropFirst(5))
                guard onBallot.contains(id) else { issues.append(Issue(field: nil, problem: .notOnBallot(id))); continue }
                if ranks[id] != nil { issues.append(Issue(field: name, problem: .badRank)); continue }
                ranks[id] = value
            case .threshold where name == "choice", .approval where name == "approve":
                guard !value.isEmpty else { continue }
                guard onBallot.contains(value) else { issues.append(Issue(field: nil, problem: .notOnBallot(value))); continue }
                picked.append(value)
            default:
                issues.append(Issue(field: nil, problem: .unknownField(name)))
            }
        }
        if !["", "no_endorsement", "abstain"].contains(special) {
            issues.append(Issue(field: "special", problem: .unknownField("special=\(special)")))
        }
        if method == .threshold, picked.count > 1 { issues.append(Issue(field: "choice", problem: .bothChosen)) }
        let ranking = method == .irv || method == .stv ? readRanking(candidates) : picked
        guard issues.isEmpty else { return }
        switch (ranking.isEmpty, special) {
        case (true, ""): issues.append(Issue(field: nil, problem: .nothingChosen))
        case (false, "no_endorsement"), (false, "abstain"):
            issues.append(Issue(field: "special", problem: .bothChosen))
        case (true, "no_endorsement"): choice = .noEndorsement
        case (true, _): choice = .abstain
        default: choice = method == .approval ? .approve(ranking) : .ranking(ranking)
        }
    }

    /// The ranked ids, most preferred first; gaps, shared and malformed ranks as issues.
    private mutating func readRanking(_ candidates: [String]) -> [String] {
        var byRank: [Int: [String]] = [:]
        for id in candidates {
            guard let text = ranks[id], !text.isEmpty else { continue }
            guard let rank = Int(text), (1...candidates.count).contains(rank) else {
                issues.append(Issue(field: "rank-\(id)", problem: .badRank))
                continue
            }
            byRank[rank, default: []].append(id)
        }
        for (rank, ids) in byRank.sorted(by: { $0.key < $1.key }) where ids.count > 1 {
            for id in ids { issues.append(Issue(field: "rank-\(id)", problem: .sharedRank(rank))) }
        }
        let top = byRank.keys.max() ?? 0
        if let missing = (1..<max(top, 1)).first(where: { byRank[$0] == nil }),
           let next = (missing...top).first(where: { byRank[$0] != nil }) {
            for id in byRank[next] ?? [] { issues.append(Issue(field: "rank-\(id)", problem: .gap(missing))) }
        }
        return byRank.sorted { $0.key < $1.key }.flatMap(\.value)
    }
}
