/// Rankings stored flat as candidate indices, identical short ones summed into weighted groups:
/// what the irv and stv counts run on. An open-addressing table over the flat storage avoids one
/// array allocation per ballot; each slot keeps the upper half of its group's hash beside the
/// group, so a probe reads one table entry and looks at a group only when the hash matches.
///
/// Only rankings of up to `summedLength` names are looked up: those are the ones that repeat
/// (a bullet vote, a party's pair); longer ones are nearly all distinct, and probing a table of a
/// million of them costs a cache miss each for nothing. Grouping never changes a count (a group
/// is papers with one ranking and one value), only how much work it takes.
struct RankingGroups: Hashable, Sendable {
    static let summedLength = 4
    var prefs: [Int32] = []
    var starts: [Int] = []
    var ends: [Int] = []
    var weights: [Int64] = []
    /// Per slot: hash >> 32 in the upper half, group index + 1 in the lower (0 = empty);
    /// a power of two, at most half full.
    private var table: [UInt64]
    private var scratch: [Int32] = []
    /// `stamp[c] == ballot` when candidate c is already in the ranking being added.
    private var stamp: [Int] = []
    private var ballot = 0
    /// The table no longer matches `prefs` (after `renumber`); re-filed before the next add.
    private var stale = false
    /// Groups in the table (the short rankings).
    private var filed = 0

    /// `expected`: about how many rankings will be added, to size the storage once.
    init(expected: Int = 0) {
        // Short rankings are a fraction of the lines; the table doubles if they are more.
        var size = 1 << 12
        while size < expected / 2 { size *= 2 }
        table = [UInt64](repeating: 0, count: size)
        starts.reserveCapacity(expected)
        ends.reserveCapacity(expected)
        weights.reserveCapacity(expected)
        prefs.reserveCapacity(expected * 4)
    }

    /// The groups of `packed` (renumbered to `candidates`) and of the ranking ballots, and how
    /// many ranking ballots (lines) and how much weight went in.
    static func of(candidates: [String], ballots: [WeightedBallot],
                   packed: PackedRankings?) -> (RankingGroups, total: (ballots: Int, weight: Int64)) {
        var groups = packed?.groups(numberedAs: candidates) ?? RankingGroups(expected: ballots.count)
        var lines = packed?.lines ?? 0
        var weight = packed?.totalWeight ?? 0
        let index = CandidateIndex(candidates)
        for b in ballots {
            if case .ranking(let ids) = b.choice {
                groups.add(ids, weight: b.weight, index: index)
                lines += 1
                weight += b.weight
            }
        }
        return (groups, (lines, weight))
    }

    /// Adds one ballot: ids not in `index` and repeats are skipped.
    mutating func add(_ ids: [String], weight: Int64, index: CandidateIndex) {
        if stamp.count < index.count { stamp += [Int](repeating: 0, count: index.count - stamp.count) }
        ballot += 1
        scratch.removeAll(keepingCapacity: true)
        for id in ids {
            if let i = index.lookup(id), stamp[Int(i)] != ballot {
                stamp[Int(i)] = ballot
                scratch.append(i)
            }
        }
        addScratch(weight)
    }

    /// Adds a ranking of distinct candidate indices.
    mutating func add(ranking: ArraySlice<Int32>, weight: Int64) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: ranking)
        addScratch(weight)
    }

    private mutating func addScratch(_ weight: Int64) {
        guard scratch.count <= Self.summedLength else {
            append(weight)
            return
        }
        if stale { rebuildTable(size: table.count) }
        let h = Self.hash(scratch[...])
        let tag = h & 0xFFFF_FFFF_0000_0000
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while table[slot] != 0 {
            let entry = table[slot]
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let g = Int(entry & 0xFFFF_FFFF) - 1
                if Self.sameRanking(prefs, starts[g], ends[g], scratch) {
                    weights[g] += weight
                    return
                }
            }
            slot = (slot + 1) & mask
        }
        table[slot] = tag | UInt64(weights.count + 1)
        append(weight)
        filed += 1
        if filed * 2 > table.count { rebuildTable(size: table.count * 2) }
    }

    /// A new group of the ranking in `scratch`.
    private mutating func append(_ weight: Int64) {
        starts.append(prefs.count)
        prefs.append(contentsOf: scratch)
        ends.append(prefs.count)
        weights.append(weight)
    }

    /// Gives every candidate index a new number (`map[old]`); the groups are re-filed only if
    /// another ranking is added.
    mutating func renumber(_ map: [Int32]) {
        for i in prefs.indices { prefs[i] = map[Int(prefs[i])] }
        stamp = []
        stale = true
    }

    /// FNV-1a over the indices, then a multiply-xorshift mix.
    static func hash(_ ranking: ArraySlice<Int32>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in ranking { h = (h ^ UInt64(UInt32(bitPattern: i))) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }

    /// `prefs[start..<end] == ranking`, without the generic slice comparison.
    @inline(__always)
    static func sameRanking(_ prefs: [Int32], _ start: Int, _ end: Int, _ ranking: [Int32]) -> Bool {
        guard end - start == ranking.count else { return false }
        var i = start, j = 0
        while i < end {
            if prefs[i] != ranking[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    /// A slot's position comes from the lower hash bits, which the entry does not keep, so the
    /// groups are hashed again.
    private mutating func rebuildTable(size: Int) {
        stale = false
        table = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for g in weights.indices where ends[g] - starts[g] <= Self.summedLength {
            let h = Self.hash(prefs[starts[g]..<ends[g]])
            var slot = Int(truncatingIfNeeded: h) & mask
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(g + 1)
        }
    }
}
