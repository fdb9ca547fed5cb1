import PropertyBased
import Testing
@testable import EndorseCore

/// Properties of the stv count (voting.md) over random weighted profiles (swift-property-based:
/// a failure prints the shrunk profile and the seed that reproduces it).
@Suite struct STVPropertyTests {
    static let ids = ["c-a", "c-b", "c-c", "c-d", "c-e", "c-f"]

    /// A ranking ballot: weight 1-6, the candidates in random order cut to 1-6 names.
    static let ballot = zip(Gen.int64(in: 1...6), Gen.shuffled(ids), Gen.int(in: 1...6)).map { w, order, n in
        WeightedBallot(org: nil, weight: w, choice: .ranking(Array(order.prefix(n))))
    }
    static let profile = ballot.array(of: 1...30)

    static func stv(_ ballots: [WeightedBallot], seats: Int, _ arithmetic: STVArithmetic,
                    candidates: [String] = ids) throws -> Tally {
        let race = Race(id: "r", name: "R", seats: seats, method: .stv, stvArithmetic: arithmetic)
        let total = ballots.reduce(Int64(0)) { $0 + $1.weight }
        return try Tally.tally(TallyInput(cycle: "c", race: race, rules: Rules(quorum: .zero), state: .closed,
                                          candidates: candidates, eligibleWeight: total, ballots: ballots))
    }

    @Test(arguments: STVArithmetic.allCases)
    func oneSeatElectsTheIRVWinner(_ arithmetic: STVArithmetic) async {
        await propertyCheck(count: 300, input: Self.profile) { ballots in
            let irv = try T.tally(T.input(.irv, Self.ids, ballots))
            let stv = try Self.stv(ballots, seats: 1, arithmetic)
            #expect(stv.stv?.elected == [try #require(irv.winner)])
        }
    }

    @Test(arguments: STVArithmetic.allCases)
    func ballotOrderDoesNotMatter(_ arithmetic: STVArithmetic) async {
        await propertyCheck(count: 200, input: Self.profile, Gen.int(in: 1...4), Gen.int(in: 0...1000)) { ballots, seats, seed in
            var rng = SeededRandom(seed: UInt64(seed))
            let a = try Self.stv(ballots, seats: seats, arithmetic)
            let b = try Self.stv(ballots.shuffled(using: &rng), seats: seats, arithmetic,
                                 candidates: Self.ids.shuffled(using: &rng))
            #expect(a.json == b.json)
        }
    }

    /// One seat: the count is exclusions of whole papers only, and v ≥ floor(W/2) + 1 iff
    /// 2v > W, which scaling keeps; so × n elects the same. (Several seats: see
    /// `scalingWeightsCanChangeAMultiSeatResult` in STVCountTests.)
    @Test func multiplyingEveryWeightElectsTheSameForOneSeat() async {
        await propertyCheck(count: 200, input: Self.profile, Gen.int64(in: 2...50)) { ballots, n in
            let scaled = ballots.map { WeightedBallot(org: $0.org, weight: $0.weight * n, choice: $0.choice) }
            let a = try Self.stv(ballots, seats: 1, .exact)
            let b = try Self.stv(scaled, seats: 1, .exact)
            #expect(a.stv?.elected == b.stv?.elected)
            #expect(a.stv?.stages.map(\.candidate) == b.stv?.stages.map(\.candidate))
        }
    }

    /// A ballot of weight w is w ballot papers (voting.md), in both arithmetics: `scottish`
    /// truncates per paper, so w × trunc5(...) is what w separate papers carry.
    @Test(arguments: STVArithmetic.allCases)
    func aWeightIsThatManyPapers(_ arithmetic: STVArithmetic) async {
        await propertyCheck(count: 150, input: Self.profile, Gen.int(in: 1...4)) { ballots, seats in
            let papers = ballots.flatMap { b in (0..<b.weight).map { _ in WeightedBallot(org: nil, weight: 1, choice: b.choice) } }
            let a = try Self.stv(ballots, seats: seats, arithmetic)
            let b = try Self.stv(papers, seats: seats, arithmetic)
            #expect(a.json == b.json)
        }
    }

    /// Every stage: the votes of the candidates not excluded plus the non-transferable total are
    /// W, exactly, in both arithmetics; non-transferable never decreases.
    @Test(arguments: STVArithmetic.allCases)
    func everyStageSumsToW(_ arithmetic: STVArithmetic) async {
        await propertyCheck(count: 300, input: Self.profile, Gen.int(in: 1...5)) { ballots, seats in
            let w = Rational(Int(ballots.reduce(Int64(0)) { $0 + $1.weight }))
            let count = try #require(try Self.stv(ballots, seats: seats, arithmetic).stv)
            var last = Rational.zero
            for stage in count.stages {
                let sum = stage.votes.values.reduce(stage.nonTransferable, +)
                #expect(sum == w, "stage \(stage.number)")
                #expect(stage.nonTransferable >= last, "stage \(stage.number)")
                last = stage.nonTransferable
            }
            #expect(count.elected.count == min(seats, Self.ids.count))
            #expect(Set(count.elected).count == count.elected.count)
        }
    }
}
