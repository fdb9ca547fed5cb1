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

    /// `candidates` sorted by `precedes`. Sorts small keys rather than the values (a score is a
    /// large struct; moving 100,000 of them through a merge sort cost more than scoring them):
    /// races ranked once, overall as its 64-bit numerator and denominator, the first 8 bytes of
    /// the id; the full values decide only where those are equal or do not fit.
    static func sorted(_ candidates: [CandidateScore]) -> [CandidateScore] {
        var rank: [String: Int] = [:]
        for race in Set(candidates.map(\.race)).sorted(by: Identifier.byteOrder) { rank[race] = rank.count }
        let keys = candidates.map { SortKey($0, race: rank[$0.race] ?? 0) }
        let order = candidates.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            if a.race != b.race { return a.race < b.race }
            if a.overall == .small && b.overall == .small {
                let x = Int128(a.num) * Int128(b.den), y = Int128(b.num) * Int128(a.den)
                if x != y { return x > y }
            } else if a.overall != .small || b.overall != .small {
                switch (candidates[i].overall, candidates[j].overall) {
                case let (x?, y?) where x != y: return x > y
                case (.some, nil): return true
                case (nil, .some): return false
                default: break
                }
            }
            if a.idPrefix != b.idPrefix { return a.idPrefix < b.idPrefix }
            return Identifier.byteOrder(candidates[i].id, candidates[j].id)
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

/// What `ScoreReport.sorted` compares first, all plain integers.
private struct SortKey {
    enum Overall { case small, other }
    var race: Int
    var overall: Overall
    var num: Int64 = 0
    var den: Int64 = 1
    /// The id's first 8 bytes, big-endian, zero-padded: ids have no NUL byte, so a shorter id
    /// sorts before its extensions and different prefixes order as the ids do.
    var idPrefix: UInt64 = 0

    init(_ c: CandidateScore, race: Int) {
        self.race = race
        if let o = c.overall, case .small(let n, let d) = o.storage {
            overall = .small; num = n; den = d
        } else {
            overall = .other
        }
        var shift: UInt64 = 56
        for b in c.id.utf8.prefix(8) { idPrefix |= UInt64(b) << shift; shift &-= 8 }
    }
}
