import Testing
@testable import EndorseCore

/// Seeded random properties of the tally (reproducible: the seed is the test argument).
@Suite struct TallyPropertyTests {
    static let seeds: [UInt64] = Array(1...40)

    func randomBallots(_ rng: inout SeededRandom, method: TallyMethod, candidates: [String]) -> [WeightedBallot] {
        (0..<Int.random(in: 1...25, using: &rng)).map { i in
            let w = Int64.random(in: 1...6, using: &rng)
            let roll = Int.random(in: 0..<10, using: &rng)
            if roll == 0 { return WeightedBallot(org: "o\(i)", weight: w, choice: .abstain) }
            if roll == 1 { return WeightedBallot(org: "o\(i)", weight: w, choice: .noEndorsement) }
            let n = method == .threshold ? 1 : Int.random(in: 1...candidates.count, using: &rng)
            let ids = Array(candidates.shuffled(using: &rng).prefix(n))
            return WeightedBallot(org: "o\(i)", weight: w, choice: method == .approval ? .approve(ids) : .ranking(ids))
        }
    }

    func candidates(_ rng: inout SeededRandom) -> [String] {
        (0..<Int.random(in: 1...6, using: &rng)).map { "c-\($0 * 3)" }
    }

    @Test(arguments: seeds) func shufflingBallotsNeverChangesTheTally(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        for method in [TallyMethod.irv, .threshold, .approval] {
            let cands = candidates(&rng)
            let ballots = randomBallots(&rng, method: method, candidates: cands)
            let a = try T.tally(T.input(method, cands, ballots, maxEndorsements: 2))
            let b = try T.tally(T.input(method, cands.shuffled(using: &rng), ballots.shuffled(using: &rng), maxEndorsements: 2))
            #expect(a.json == b.json)
        }
    }

    @Test(arguments: seeds) func weightEqualsDuplicatedUnitBallots(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        for method in [TallyMethod.irv, .threshold, .approval] {
            let cands = candidates(&rng)
            let ballots = randomBallots(&rng, method: method, candidates: cands)
            let units = ballots.flatMap { b in (0..<b.weight).map { _ in WeightedBallot(org: nil, weight: 1, choice: b.choice) } }
            let a = try T.tally(T.input(method, cands, ballots, maxEndorsements: 2))
            let b = try T.tally(T.input(method, cands, units, maxEndorsements: 2))
            #expect(a.json == b.json)
        }
    }

    @Test(arguments: seeds) func aMajorityIsNeverEliminated(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let cands = candidates(&rng) + ["m"]
        var ballots = randomBallots(&rng, method: .irv, candidates: cands)
        let ranked = ballots.reduce(Int64(0)) { if case .ranking = $1.choice { return $0 + $1.weight }; return $0 }
        ballots.append(T.rank("m", w: ranked + 1))  // more than half of every round's continuing weight
        let t = try T.tally(T.input(.irv, cands, ballots.shuffled(using: &rng)))
        #expect(t.winner == "m")
        #expect(t.rounds.allSatisfy { $0.eliminated != "m" })
        for round in t.rounds {
            for (id, v) in round.votes where v > round.continuingWeight - v { #expect(round.eliminated != id) }
        }
    }

    @Test(arguments: seeds) func shareExactlyAtThresholdEndorsesOneUnitLessDoesNot(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let t = Int64.random(in: 5_000...10_000, using: &rng)
        let base = Int64.random(in: 1...5_000, using: &rng)
        let needed = (t * base + 9_999) / 10_000  // ceil(t x B)
        let threshold = Fixed4(units: t).description
        for method in [TallyMethod.threshold, .irv, .approval] {
            func run(_ v: Int64) throws -> Tally {
                let vote = method == .approval ? T.approve("a", w: v) : T.rank("a", w: v)
                let ballots = [vote] + (base > v ? [T.noEndorsement(w: base - v)] : [])
                return try T.tally(T.input(method, ["a"], ballots, threshold: threshold, base: .cast))
            }
            #expect(try run(needed).outcome == .endorsed)
            if needed > 1 { #expect(try run(needed - 1).outcome == .noEndorsement) }
        }
    }
}
