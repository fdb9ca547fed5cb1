import Testing
@testable import EndorseCore

/// Hand-counted stv tallies (voting.md, stv): the JSON voting.md pins, both arithmetics, the
/// outcome rules and the corners the conformance cases do not reach.
@Suite struct STVCountTests {
    /// 2 seats, W = 12, q = floor(12 / 3) + 1 = 5. a has 7: elected at stage 1, surplus 2 moves
    /// at 2/7 per paper (4 to b, 3 to c); d (1) and then c are excluded; b reaches the quota.
    static let ballots = [T.rank("c-a", "c-b", w: 4), T.rank("c-a", "c-c", w: 3), T.rank("c-b", w: 2),
                          T.rank("c-c", "c-b", w: 2), T.rank("c-d", w: 1)]
    static let candidates = ["c-a", "c-b", "c-c", "c-d"]

    static func input(_ ballots: [WeightedBallot], seats: Int = 2, _ arithmetic: STVArithmetic = .exact,
                      quorum: String = "0", eligible: Int64? = nil, state: RaceState = .closed,
                      candidates: [String] = candidates) -> TallyInput {
        var input = T.input(.stv, candidates, ballots, eligible: eligible, quorum: quorum, state: state)
        input.race = Race(id: "r", name: "R", seats: seats, method: .stv, stvArithmetic: arithmetic)
        return input
    }

    static func votes(_ stage: Tally.Stage) -> [String: String] { stage.votes.mapValues(Tally.Stage.text) }

    @Test func exactCountAndItsJSON() throws {
        let t = try T.tally(Self.input(Self.ballots))
        let stv = try #require(t.stv)
        #expect(stv.quota == 5)
        #expect(stv.elected == ["c-a", "c-b"])
        #expect(stv.stages.map(\.action) == [.first, .surplus, .exclusion, .exclusion])
        #expect(stv.stages.map(\.candidate) == [nil, "c-a", "c-d", "c-c"])
        #expect(stv.stages[1].votes["c-b"] == Rational(numerator: 22, denominator: 7))
        #expect(Self.votes(stv.stages[1]) == ["c-a": "5", "c-b": "3.14286", "c-c": "2.85714", "c-d": "1"])
        #expect(Self.votes(stv.stages[3]) == ["c-a": "5", "c-b": "5.14286"])
        #expect(stv.stages[3].nonTransferable == Rational(numerator: 13, denominator: 7))
        #expect(t.outcome == .endorsed)
        #expect(t.endorsed == ["c-a", "c-b"])

        let json = t.json
        #expect(json["method"] == .string("stv"))
        #expect(json["quota"] == .number("5"))
        #expect(json["elected"] == .strings(["c-a", "c-b"]))
        #expect(json["winner"] == .null)
        #expect(json["votes"] == .null)
        #expect(json["threshold"] == .null)
        #expect(json["rounds"]?.arrayValue?.count == 4)
        #expect(json["rounds"]?.arrayValue?[1] == .object([
            "round": .number("2"), "action": .string("surplus"), "candidate": .string("c-a"),
            "votes": .object(["c-a": .number("5"), "c-b": .number("3.14286"), "c-c": .number("2.85714"),
                              "c-d": .number("1")]),
            "non_transferable": .number("0"), "elected": .array([]), "tie_break": .null,
        ]))
        #expect(json["rounds"]?.arrayValue?[3]["non_transferable"] == .number("1.85714"))
        #expect(json["rounds"]?.arrayValue?[0]["elected"] == .strings(["c-a"]))
    }

    /// `scottish`: trunc5(2/7) = 0.28571 a paper; 7 papers carry 1.99997 and the 0.00003 left
    /// over is non-transferable.
    @Test func scottishTruncatesEachPaper() throws {
        let t = try T.tally(Self.input(Self.ballots, .scottish))
        let stv = try #require(t.stv)
        #expect(stv.elected == ["c-a", "c-b"])
        #expect(Self.votes(stv.stages[1]) == ["c-a": "5", "c-b": "3.14284", "c-c": "2.85713", "c-d": "1"])
        #expect(Tally.Stage.text(stv.stages[1].nonTransferable) == "0.00003")
        #expect(Self.votes(stv.stages[3]) == ["c-a": "5", "c-b": "5.14284"])
        #expect(Tally.Stage.text(stv.stages[3].nonTransferable) == "1.85716")
    }

    @Test func displayRoundsHalfAwayFromZeroToFiveDecimals() {
        #expect(Tally.Stage.text(Rational(numerator: 1, denominator: 200_000)) == "0.00001")
        #expect(Tally.Stage.text(Rational(numerator: 1, denominator: 300_000)) == "0")
        #expect(Tally.Stage.text(Rational(numerator: 2, denominator: 3)) == "0.66667")
        #expect(Tally.Stage.text(Rational(numerator: 25, denominator: 2)) == "12.5")
    }

    /// No-endorsement and abstention ballots count in T and C, not in W (the quota).
    @Test func onlyRankingBallotsMakeTheQuota() throws {
        let t = try T.tally(Self.input(Self.ballots + [T.noEndorsement(w: 9), T.abstain(w: 3)]))
        #expect(t.stv?.quota == 5)
        #expect(t.castWeight == 21)
        #expect(t.noEndorsementWeight == 9)
        #expect(t.stv?.elected == ["c-a", "c-b"])
    }

    @Test func noRankingBallotElectsNobody() throws {
        let t = try T.tally(Self.input([T.noEndorsement(w: 4)]))
        #expect(t.stv == Tally.STV(seats: 2, arithmetic: .exact, totalWeight: 0, quota: 1, elected: [], stages: []))
        #expect(t.outcome == .noEndorsement)
        #expect(t.json["rounds"] == .array([]))
    }

    /// Quorum applies (the count is still shown); the threshold does not.
    @Test func quorumAppliesButTheThresholdDoesNot() throws {
        let short = try T.tally(Self.input(Self.ballots, quorum: "0.5", eligible: 30))
        #expect(short.outcome == .noQuorum)
        #expect(short.endorsed.isEmpty)
        #expect(short.stv?.elected == ["c-a", "c-b"])
        // c-b is elected with 5.14 of 12 papers, far below any threshold share.
        var input = Self.input(Self.ballots)
        input.rules.threshold = .one
        #expect(try T.tally(input).endorsed == ["c-a", "c-b"])
        #expect(try T.tally(Self.input(Self.ballots, state: .open)).outcome == .open)
    }

    /// A candidate at exactly the quota has no surplus stage; fewer candidates than seats are
    /// all elected at stage 1.
    @Test func exactlyAtQuotaAndFewerCandidatesThanSeats() throws {
        let t = try T.tally(Self.input([T.rank("c-a", "c-b", w: 5), T.rank("c-b", w: 4), T.rank("c-c", w: 3)],
                                          candidates: ["c-a", "c-b", "c-c"]))
        // W = 12, q = 5: a at exactly 5 is elected with no surplus; b (4) vs c (3): c excluded.
        #expect(t.stv?.stages.map(\.action) == [.first, .exclusion])
        #expect(t.stv?.elected == ["c-a", "c-b"])
        let few = try T.tally(Self.input([T.rank("c-b", w: 1), T.rank("c-a", w: 3)], seats: 3, candidates: ["c-a", "c-b"]))
        #expect(few.stv?.stages.count == 1)
        #expect(few.stv?.elected == ["c-a", "c-b"])
    }

    /// The Order's quota floor(W / (k + 1)) + 1 is not proportional to W, so a surplus is not
    /// either: multiplying every weight by 8 changes who takes the last of 3 seats here. W = 7,
    /// q = 2: a's surplus 2 of 4 moves at 1/2, and b and f end tied at 1.5 (b excluded on the
    /// earlier stage). × 8: W = 56, q = 15 (not 16): a's surplus 17 of 32 moves at 17/32, and b
    /// ends ahead of f (13.25 against 12.75).
    @Test func scalingWeightsCanChangeAMultiSeatResult() throws {
        let ballots = [T.rank("c-a", "c-f", "c-b", "c-c", w: 3), T.rank("c-c", "c-b", "c-f", "c-d", "c-e", w: 3),
                       T.rank("c-a", "c-d", "c-e", "c-b", "c-c", w: 1)]
        let ids = ["c-a", "c-b", "c-c", "c-d", "c-e", "c-f"]
        let once = try T.tally(Self.input(ballots, seats: 3, candidates: ids))
        let scaled = ballots.map { WeightedBallot(org: nil, weight: $0.weight * 8, choice: $0.choice) }
        let eight = try T.tally(Self.input(scaled, seats: 3, candidates: ids))
        #expect(once.stv?.elected == ["c-a", "c-c", "c-f"])
        #expect(once.stv?.stages.last?.tieBreak == .earlierRounds)
        #expect(eight.stv?.elected == ["c-a", "c-c", "c-b"])
    }
}
