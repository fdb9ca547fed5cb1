/// The scores of a cycle's candidates, in the order of scoring.md: race id (UTF-8 byte order),
/// then unrounded overall descending (null last), then candidate id (byte order).
public struct ScoreReport: Hashable, Sendable {
    public var cycle: String
    public var candidates: [CandidateScore]

    /// Sorts `candidates`.
    public init(cycle: String, candidates: [CandidateScore]) {
        self.cycle = cycle
        self.candidates = candidates.sorted(by: ScoreReport.precedes)
    }

    /// The sort order of scoring.md.
    public static func precedes(_ a: CandidateScore, _ b: CandidateScore) -> Bool {
        if a.race != b.race { return Identifier.byteOrder(a.race, b.race) }
        switch (a.overall, b.overall) {
        case let (x?, y?) where x != y: return x > y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return Identifier.byteOrder(a.id, b.id)
        }
    }

    /// `endorse score --format json`: `{"cycle", "candidates": [...]}`.
    public var json: JSONValue {
        .object(["cycle": .string(cycle), "candidates": .array(candidates.map(\.json))])
    }

    /// The human table: race, candidate, overall, eligible, reasons.
    public var table: String {
        var t = TextTable(["race", "candidate", "overall", "eligible", "reasons"],
                          alignments: [.left, .left, .right, .left, .left])
        for c in candidates {
            let overall = c.overall.map { $0.rounded(fractionDigits: 2) + (c.provisional ? "*" : "") } ?? "-"
            t.append([c.race, c.id, overall, c.eligible ? "yes" : "no", c.reasons.joined(separator: ", ")])
        }
        var text = t.render()
        if candidates.contains(where: \.provisional) { text += "* provisional: a text answer awaits review\n" }
        return text
    }
}

extension CandidateScore {
    /// One candidate of the scoring JSON; scores rounded to 2 decimals, half away from zero.
    public var json: JSONValue {
        var planks: [String: JSONValue] = [:]
        for p in self.planks { planks[p.plank] = CandidateScore.number(p.score) }
        return .object([
            "id": .string(id),
            "race": .string(race),
            "overall": CandidateScore.number(overall),
            "provisional": .bool(provisional),
            "planks": .object(planks),
            "eligible": .bool(eligible),
            "reasons": .strings(reasons),
            "missing": .strings(missing),
        ])
    }

    /// A score as a JSON number rounded to 2 decimals (shortest form), or null.
    public static func number(_ score: Rational?) -> JSONValue {
        score.map { .number($0.rounded(fractionDigits: 2)) } ?? .null
    }
}
