/// The scores of a cycle's candidates, in the order of scoring.md: race id (UTF-8 byte order),
/// then unrounded overall descending (null last), then candidate id (byte order).
public struct ScoreReport: Hashable, Sendable {
    public var cycle: String
    public var candidates: [CandidateScore]

    /// Sorts `candidates`.
    public init(cycle: String, candidates: [CandidateScore]) {
        self.cycle = cycle
        self.candidates = ScoreReport.sorted(candidates)
    }

    /// `candidates` sorted by `precedes`. Sorts positions rather than the values (a score is a
    /// large struct, and moving 100,000 of them through a merge sort costs more than scoring),
    /// with races ranked once so that most comparisons are between integers.
    static func sorted(_ candidates: [CandidateScore]) -> [CandidateScore] {
        var rank: [String: Int] = [:]
        for race in Set(candidates.map(\.race)).sorted(by: Identifier.byteOrder) { rank[race] = rank.count }
        let races = candidates.map { rank[$0.race] ?? 0 }
        let overall = candidates.map(\.overall)
        let order = candidates.indices.sorted { i, j in
            if races[i] != races[j] { return races[i] < races[j] }
            switch (overall[i], overall[j]) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return Identifier.byteOrder(candidates[i].id, candidates[j].id)
            }
        }
        return order.map { candidates[$0] }
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
