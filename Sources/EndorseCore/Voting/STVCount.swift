/// The `stv` method (voting.md): the Scottish STV count (Scottish Local Government Elections
/// Order 2007, rules 45-52) over weighted ranking ballots, generic over its arithmetic
/// (`Rational` for `exact`, `ScottishVotes` for `scottish`).
///
/// Rankings are held as weighted groups (`RankingGroups`, shared with `IRVCount`), and every
/// candidate holds its papers as parcels: groups that share a current value. A group is never
/// split (its papers have one ranking and one value), so a transfer walks the groups of the
/// moved parcels with integer work only, and the arithmetic runs once per (parcel, receiving
/// candidate): one transfer value and one product each. Cost: O(ballots × ranking length) to
/// group, then per stage O(groups moved + skipped preferences) integer steps plus
/// O(parcels moved × candidates) value operations, and O(candidates² + stages × candidates)
/// for the tie rules; a 4-seat Scottish ward counts exactly in a few milliseconds.
struct STVCount<V: STVValue> {
    enum Standing { case continuing, elected, excluded }

    /// Papers held by one candidate that share a value.
    struct Parcel {
        var value: V
        var groups: [Int32]
    }

    let candidates: [String]
    let seats: Int
    let groups: RankingGroups
    let quota: Int64
    let q: V

    var pos: [Int]
    var held: [[Parcel]]
    var votes: [V]
    var standing: [Standing]
    var nonTransferable = V.zero
    /// Every candidate's votes at the end of each stage, for the tie rules.
    var history: [[V]] = []
    var elected: [Int] = []
    /// Elected candidates whose surplus is still to be transferred.
    var pending: [Int] = []
    var stages: [Tally.Stage] = []

    // Scratch space of a transfer: groups and weight bound for each candidate.
    private var bucket: [[Int32]]
    private var bucketWeight: [Int64]

    /// `candidates` must be unique and sorted by UTF-8 bytes (index order is id order). Only
    /// ranking ballots (and `packed` rankings) take part; ids not on the ballot are skipped.
    static func run(candidates: [String], seats: Int, ballots: [WeightedBallot], packed: PackedRankings? = nil,
                    arithmetic: STVArithmetic) -> Tally.STV {
        let (groups, sums) = RankingGroups.of(candidates: candidates, ballots: ballots, packed: packed)
        let total = sums.weight
        let quota = total / Int64(seats + 1) + 1
        // No ranking ballot, no count: nobody is elected on no votes at all.
        var result = Tally.STV(seats: seats, arithmetic: arithmetic, totalWeight: total, quota: quota,
                               elected: [], stages: [])
        guard total > 0, !candidates.isEmpty, seats >= 1 else { return result }
        var count = STVCount(candidates: candidates, seats: seats, groups: groups, quota: quota)
        count.count()
        result.elected = count.elected.map { candidates[$0] }
        result.stages = count.stages
        return result
    }

    private init(candidates: [String], seats: Int, groups: RankingGroups, quota: Int64) {
        self.candidates = candidates
        self.seats = seats
        self.groups = groups
        self.quota = quota
        q = V(whole: quota)
        let k = candidates.count
        pos = groups.starts
        held = Array(repeating: [], count: k)
        votes = Array(repeating: .zero, count: k)
        standing = Array(repeating: .continuing, count: k)
        bucket = Array(repeating: [], count: k)
        bucketWeight = Array(repeating: 0, count: k)
    }

    private mutating func count() {
        // Stage 1: every paper at value 1 for its first preference.
        var firsts = [[Int32]](repeating: [], count: candidates.count)
        var firstWeight = [Int64](repeating: 0, count: candidates.count)
        for g in groups.weights.indices {
            if groups.starts[g] < groups.ends[g] {
                let c = Int(groups.prefs[groups.starts[g]])
                firsts[c].append(Int32(g))
                firstWeight[c] += groups.weights[g]
            } else {
                nonTransferable = nonTransferable + V.one.times(groups.weights[g])
            }
        }
        for c in candidates.indices where !firsts[c].isEmpty {
            held[c] = [Parcel(value: .one, groups: firsts[c])]
            votes[c] = V.one.times(firstWeight[c])
        }
        var done = endStage(.first, candidate: nil, tieBreak: nil)
        while !done {
            if !pending.isEmpty {
                // The largest surplus first (rule 49); equal surpluses are equal votes.
                let (c, tieBreak) = Self.pick(pending, votes, history, most: true)
                pending.removeAll { $0 == c }
                let total = votes[c], surplus = total - q
                let credited = transfer(from: c, surplus: surplus)
                nonTransferable = nonTransferable + (surplus - credited)
                votes[c] = q
                done = endStage(.surplus, candidate: c, tieBreak: tieBreak)
            } else {
                let continuing = candidates.indices.filter { standing[$0] == .continuing }
                let (c, tieBreak) = Self.pick(continuing, votes, history, most: false)
                standing[c] = .excluded
                let moved = votes[c]
                let credited = transfer(from: c, surplus: nil)
                nonTransferable = nonTransferable + (moved - credited)
                votes[c] = .zero
                done = endStage(.exclusion, candidate: c, tieBreak: tieBreak)
            }
        }
    }

    /// Moves every paper `c` holds to its next continuing preference: at the paper's value
    /// (exclusion), or at its transfer value (surplus). Returns the votes credited; the rest of
    /// what moved is non-transferable.
    private mutating func transfer(from c: Int, surplus: V?) -> V {
        let parcels = Self.mergedByValue(held[c])
        held[c] = []
        let total = votes[c]
        var credited = V.zero
        var touched: [Int] = []
        for parcel in parcels {
            let value = surplus.map { V.transferValue(parcel.value, surplus: $0, total: total) } ?? parcel.value
            touched.removeAll(keepingCapacity: true)
            for group in parcel.groups {
                let g = Int(group)
                let end = groups.ends[g]
                var p = pos[g] + 1
                while p < end && standing[Int(groups.prefs[p])] != .continuing { p += 1 }
                pos[g] = p
                guard p < end else { continue }
                let d = Int(groups.prefs[p])
                if bucket[d].isEmpty { touched.append(d) }
                bucket[d].append(group)
                bucketWeight[d] += groups.weights[g]
            }
            for d in touched {
                let amount = value.times(bucketWeight[d])
                votes[d] = votes[d] + amount
                credited = credited + amount
                held[d].append(Parcel(value: value, groups: bucket[d]))
                bucket[d] = []
                bucketWeight[d] = 0
            }
        }
        return credited
    }

    /// Parcels of equal value joined, so that each value is computed with once.
    static func mergedByValue(_ parcels: [Parcel]) -> [Parcel] {
        guard parcels.count > 1 else { return parcels }
        var out: [Parcel] = []
        var slot: [V: Int] = [:]
        for p in parcels {
            if let i = slot[p.value] {
                out[i].groups.append(contentsOf: p.groups)
            } else {
                slot[p.value] = out.count
                out.append(p)
            }
        }
        return out
    }

    /// Elects who reached the quota, then applies the last-seats rule, and records the stage.
    /// Returns true when the count is over.
    private mutating func endStage(_ action: Tally.Stage.Action, candidate: Int?,
                                   tieBreak: Tally.TieBreak?) -> Bool {
        history.append(votes)
        var electedNow: [Int] = []
        let reached = candidates.indices.filter { standing[$0] == .continuing && votes[$0] >= q }
        for c in Self.descending(reached, votes, history) where elected.count < seats {
            standing[c] = .elected
            elected.append(c)
            electedNow.append(c)
            // At exactly the quota there is no surplus and no stage of its own.
            if votes[c] > q { pending.append(c) }
        }
        var done = elected.count >= seats
        let continuing = candidates.indices.filter { standing[$0] == .continuing }
        if !done && continuing.count <= seats - elected.count {
            // Before any further transfer: the continuing candidates fill the seats left.
            for c in Self.descending(continuing, votes, history) {
                standing[c] = .elected
                elected.append(c)
                electedNow.append(c)
            }
            done = true
        }
        var shown: [String: Rational] = [:]
        for c in candidates.indices where standing[c] != .excluded {
            shown[candidates[c]] = votes[c].rational
        }
        stages.append(Tally.Stage(number: stages.count + 1, action: action,
                                  candidate: candidate.map { candidates[$0] }, votes: shown,
                                  nonTransferable: nonTransferable.rational,
                                  elected: electedNow.map { candidates[$0] }, tieBreak: tieBreak))
        return done
    }

    /// The candidate with the most (or fewest) votes now; a tie is narrowed by the earlier
    /// stages, most recent first, keeping the most (fewest) votes in each; still tied -> the id
    /// that sorts first (most) or last (fewest). `history.last` is the current stage.
    static func pick(_ among: [Int], _ votes: [V], _ history: [[V]], most: Bool) -> (Int, Tally.TieBreak?) {
        guard let best = most ? among.map({ votes[$0] }).max() : among.map({ votes[$0] }).min() else {
            preconditionFailure("STV pick among no candidates")
        }
        var tied = among.filter { votes[$0] == best }
        if tied.count == 1 { return (tied[0], nil) }
        var stage = history.count - 2
        while tied.count > 1 && stage >= 0 {
            let counts = history[stage]
            let values = tied.map { counts[$0] }
            let keep = (most ? values.max() : values.min()) ?? best
            tied = tied.filter { counts[$0] == keep }
            stage -= 1
        }
        if tied.count == 1 { return (tied[0], .earlierRounds) }
        // Indices follow id byte order.
        return (most ? tied.min() ?? tied[0] : tied.max() ?? tied[0], .id)
    }

    /// Most votes first; equal votes in the order of the surplus rule.
    static func descending(_ among: [Int], _ votes: [V], _ history: [[V]]) -> [Int] {
        var rest = among
        var out: [Int] = []
        while !rest.isEmpty {
            let (c, _) = pick(rest, votes, history, most: true)
            out.append(c)
            rest.removeAll { $0 == c }
        }
        return out
    }
}
