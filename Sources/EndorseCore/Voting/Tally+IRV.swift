/// The `irv` method (voting.md), counted the classic efficient way: identical rankings are
/// aggregated into weighted groups of small integer indices, each continuing candidate keeps a
/// pile of the groups it currently holds, and an elimination moves only the eliminated
/// candidate's pile. Cost: O(ballots × ranking length) to build, then O(total ranking length of
/// the groups moved) over all rounds.
struct IRVCount {
    var rounds: [Tally.Round] = []
    var winner: String?
    /// The final round's continuing weight (0 without any round): base `continuing`.
    var finalContinuingWeight: Int64 { rounds.last?.continuingWeight ?? 0 }

    /// `candidates` must be unique and sorted by UTF-8 bytes, so that the id that sorts last is
    /// the highest index. Non-ranking ballots take no part; ids not on the ballot are skipped.
    /// `packed`: ranking lines already grouped (offline files).
    static func run(candidates: [String], ballots: [WeightedBallot], packed: PackedRankings? = nil) -> IRVCount {
        var count = IRVCount()
        let (groups, total) = RankingGroups.of(candidates: candidates, ballots: ballots, packed: packed)
        guard total.ballots > 0, !candidates.isEmpty else { return count }
        count.count(candidates: candidates, groups: groups)
        return count
    }

    private mutating func count(candidates: [String], groups g: RankingGroups) {
        let k = candidates.count
        var continuing = [Bool](repeating: true, count: k)
        var alive = k
        var votes = [Int64](repeating: 0, count: k)
        var piles = [[Int32]](repeating: [], count: k)
        var pos = g.starts
        var exhausted: Int64 = 0
        var total: Int64 = 0
        for i in g.weights.indices {
            total += g.weights[i]
            if pos[i] < g.ends[i] {
                let c = Int(g.prefs[pos[i]])
                votes[c] += g.weights[i]
                piles[c].append(Int32(i))
            } else {
                exhausted += g.weights[i]
            }
        }
        var history: [[Int64]] = []
        while alive > 0 {
            history.append(votes)
            let cont = total - exhausted
            var round = Tally.Round(number: history.count, votes: [:], continuingWeight: cont,
                                    exhaustedWeight: exhausted, eliminated: nil, tieBreak: nil)
            var top = -1
            var fewest = Int64.max
            for c in 0..<k where continuing[c] {
                round.votes[candidates[c]] = votes[c]
                if top < 0 || votes[c] > votes[top] { top = c }
                fewest = min(fewest, votes[c])
            }
            // A majority of the round's continuing weight (strictly more than half), or alone.
            if alive == 1 || votes[top] > cont - votes[top] {
                rounds.append(round)
                winner = candidates[top]
                return
            }
            var tied = (0..<k).filter { continuing[$0] && votes[$0] == fewest }
            if tied.count > 1 {
                // Narrow by earlier rounds, most recent first: keep the fewest in each.
                var r = history.count - 2
                while tied.count > 1 && r >= 0 {
                    let counts = history[r]
                    let least = tied.map { counts[$0] }.min() ?? 0
                    tied = tied.filter { counts[$0] == least }
                    r -= 1
                }
                round.tieBreak = tied.count == 1 ? .earlierRounds : .id
            }
            // Still tied: the id that sorts last (the highest index) is eliminated.
            let out = tied.max() ?? top
            round.eliminated = candidates[out]
            rounds.append(round)

            continuing[out] = false
            alive -= 1
            for group in piles[out] {
                let i = Int(group)
                var p = pos[i] + 1
                while p < g.ends[i] && !continuing[Int(g.prefs[p])] { p += 1 }
                pos[i] = p
                if p < g.ends[i] {
                    let c = Int(g.prefs[p])
                    votes[c] += g.weights[i]
                    piles[c].append(group)
                } else {
                    exhausted += g.weights[i]
                }
            }
            piles[out] = []
            votes[out] = 0
        }
    }
}

/// Candidate id -> index, hashing the UTF-8 bytes directly: several times faster than
/// `[String: Int32]` for the millions of lookups of a big count.
struct CandidateIndex {
    private let ids: [[UInt8]]
    /// Index + 1 per slot, 0 = empty; a power of two at least 4 × the candidates.
    private var table: [Int32]

    init(_ candidates: [String]) {
        ids = candidates.map { Array($0.utf8) }
        var size = 16
        while size < candidates.count * 4 { size *= 2 }
        table = [Int32](repeating: 0, count: size)
        for (i, bytes) in ids.enumerated() {
            var slot = Self.hash(bytes) & (size - 1)
            while table[slot] != 0 { slot = (slot + 1) & (size - 1) }
            table[slot] = Int32(i + 1)
        }
    }

    static func hash<C: Collection<UInt8>>(_ bytes: C) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    func lookup(_ id: String) -> Int32? {
        var id = id
        return id.withUTF8 { lookup(bytes: $0) }
    }

    func lookup(bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let mask = table.count - 1
        var slot = Self.hash(bytes) & mask
        while table[slot] != 0 {
            let i = Int(table[slot]) - 1
            if sameBytes(ids[i], bytes) { return Int32(i) }
            slot = (slot + 1) & mask
        }
        return nil
    }

    var count: Int { ids.count }
}

extension Tally {
    /// The IRV winner is endorsed iff its final-round votes reach t × B.
    static func irvDecision(_ tally: Tally, _ count: IRVCount) -> Decision {
        guard let winner = count.winner, let votes = count.rounds.last?.votes[winner],
              tally.meetsThreshold(votes) else { return Decision() }
        return Decision(endorsed: [winner], tied: [])
    }
}

/// Whether `a` holds exactly `b`'s bytes (ids are short: a plain loop beats the generic
/// `elementsEqual`).
@inline(__always)
func sameBytes(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBufferPointer { a in
        for i in 0..<b.count where a[i] != b[i] { return false }
        return true
    }
}
