extension ScoringEngine {
    /// The failing eligibility conditions, in scoring.md order; empty means eligible.
    ///
    /// Every comparison is on unrounded exact values, and a score exactly at its minimum passes.
    /// A null overall skips `below_min_overall`, a null plank skips its dealbreaker.
    func eligibilityReasons(withdrawn: Bool, incomplete: Bool, pending: Bool, overall: Rational?,
                            planks scores: [PlankScore]) -> [String] {
        var reasons: [String] = []
        if withdrawn { reasons.append(EligibilityReason.withdrawn) }
        if incomplete && rules.requireComplete { reasons.append(EligibilityReason.incomplete) }
        if pending { reasons.append(EligibilityReason.pendingReview) }
        if let overall, overall < minOverall { reasons.append(EligibilityReason.belowMinOverall) }
        for (p, plank) in planks.enumerated() {
            if let min = plank.minScore, let score = scores[p].score, score < min {
                reasons.append(EligibilityReason.dealbreaker(plank.id))
            }
        }
        return reasons
    }
}

/// The reason strings of scoring.md, as they appear in `CandidateScore.reasons` and JSON.
public enum EligibilityReason {
    public static let withdrawn = "withdrawn"
    public static let incomplete = "incomplete"
    public static let pendingReview = "pending_review"
    public static let belowMinOverall = "below_min_overall"
    public static func dealbreaker(_ plank: String) -> String { "dealbreaker:" + plank }
}
