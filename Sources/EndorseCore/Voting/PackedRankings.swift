/// Ranking lines of an offline file that carry a weight and no org, already checked and grouped
/// by ranking as they were read: the shape a city's cast-vote records take. No line refers to
/// another (only org lines replace each other), so a tally needs only their sums per ranking,
/// and a million of them cost no ballot, id string or array each.
public struct PackedRankings: Sendable {
    var groups: RankingGroups
    /// The ids the groups' indices stand for.
    var candidates: [String]
    /// Lines packed.
    public internal(set) var lines: Int
    /// Their total weight.
    public internal(set) var totalWeight: Int64

    public static let empty = PackedRankings(groups: RankingGroups(), candidates: [], lines: 0, totalWeight: 0)

    /// One ballot per distinct ranking, weights summed, in order of first appearance.
    public var ballots: [WeightedBallot] {
        groups.weights.indices.map { g in
            let ids = groups.prefs[groups.starts[g]..<groups.ends[g]].map { candidates[Int($0)] }
            return WeightedBallot(org: nil, weight: groups.weights[g], choice: .ranking(ids))
        }
    }

    /// The ids the packed lines name.
    var named: [String] { candidates }

    /// The groups with indices into `order`, which holds every id the groups name.
    func groups(numberedAs order: [String]) -> RankingGroups {
        guard order != candidates else { return groups }
        let index = CandidateIndex(order)
        var copy = groups
        copy.renumber(candidates.map { index.lookup($0) ?? -1 })
        return copy
    }
}

extension PackedRankings: Hashable {
    public static func == (a: PackedRankings, b: PackedRankings) -> Bool {
        a.lines == b.lines && a.totalWeight == b.totalWeight && Set(a.ballots) == Set(b.ballots)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(lines)
        hasher.combine(totalWeight)
    }
}

/// Packs weight-only ranking lines while the file is read (`FastLineReader`): ids are found by
/// their bytes, checked as `BallotRules` checks a ranking of an irv or stv race (non-empty, no
/// repeats, every id on the race's ballot), and the ranking goes into its group. A line it
/// cannot take is read the general way, which reports it.
struct RankingPacker {
    private var ids: IDTable
    /// No candidates file: every id is on the ballot.
    private let open: Bool
    private var groups: RankingGroups
    private var stamp: [Int]
    private var mark = 0
    private var ranking: [Int32] = []
    private var lines = 0
    private var total: Int64 = 0

    /// `candidates`: the race's ballot (sorted, unique), or nil to take every id named.
    init(candidates: [String]?, expected: Int) {
        ids = IDTable()
        for id in candidates ?? [] { _ = ids.insert(id) }
        open = candidates == nil
        groups = RankingGroups(expected: expected)
        stamp = [Int](repeating: 0, count: ids.count)
    }

    /// Packs one line whose ranking ids are `b[r]` for each range; false (nothing packed) when
    /// the ranking is empty, repeats an id, or names one not on the ballot.
    mutating func add(_ b: UnsafeBufferPointer<UInt8>, _ ranges: [Range<Int>], weight: Int64) -> Bool {
        guard !ranges.isEmpty else { return false }
        mark += 1
        ranking.removeAll(keepingCapacity: true)
        for r in ranges {
            let bytes = UnsafeBufferPointer(rebasing: b[r])
            guard let i = open ? ids.insert(bytes: bytes) : ids.index(bytes: bytes) else { return false }
            if i == stamp.count { stamp.append(0) }
            guard stamp[i] != mark else { return false }
            stamp[i] = mark
            ranking.append(Int32(i))
        }
        groups.add(ranking: ranking[...], weight: weight)
        lines += 1
        total += weight
        return true
    }

    /// The packed lines; indices stand for the ids in the order they were first seen (or of the
    /// candidates given).
    func finish() -> PackedRankings {
        PackedRankings(groups: groups, candidates: ids.ids, lines: lines, totalWeight: total)
    }
}
