import Testing
@testable import EndorseCore

/// Hand-computed cases for the weights, quorum, base and outcome rules of voting.md.
@Suite struct TallyRulesTests {
    /// voting.md's own example, byte for byte.
    @Test func specExampleJSONBytes() throws {
        let race = Race(id: "district-1", name: "District 1", method: .irv)
        let input = TallyInput(
            cycle: "sample-2026", race: race,
            rules: Rules(quorum: T.f("0.5"), threshold: T.f("0.6667"), thresholdBase: .cast),
            state: .closed, candidates: ["c-b", "c-a", "c-c"], eligibleWeight: 40, recused: ["org-x"],
            ballots: [T.rank("c-a", w: 14), T.rank("c-b", w: 9), T.rank("c-c", "c-a", w: 4),
                      T.rank("c-c", "c-b", w: 1), T.noEndorsement(w: 3), T.abstain(w: 2)])
        let tally = try Tally.tally(input)
        let expected = #"{"abstain_weight":2,"cast_weight":31,"cycle":"sample-2026","eligible_weight":40,"endorsed":[],"method":"irv","no_endorsement_weight":3,"outcome":"no_endorsement","quorum":{"met":true,"required":20,"share":0.5},"race":"district-1","recused":["org-x"],"rounds":[{"continuing_weight":28,"eliminated":"c-c","exhausted_weight":0,"round":1,"tie_break":null,"votes":{"c-a":14,"c-b":9,"c-c":5}},{"continuing_weight":28,"eliminated":null,"exhausted_weight":0,"round":2,"tie_break":null,"votes":{"c-a":18,"c-b":10}}],"state":"closed","threshold":{"base":"cast","base_weight":31,"required":20.6677,"share":0.6667},"tied":[],"turnout_weight":33,"votes":null,"winner":"c-a"}"#
        #expect(tally.json.canonicalString == expected)
        #expect(tally.share(of: "c-a") == "0.5806")  // 18 / 31 = 0.58064...
        #expect(tally.share(of: "c-c") == "0.1613")  // last continuing in round 1: 5 / 31
    }

    @Test(arguments: [
        // (T, E, quorum, strict, met, required)
        (Int64(20), Int64(40), "0.5", false, true, "20"),
        (20, 40, "0.5", true, false, "20"),
        (21, 40, "0.5", true, true, "20"),
        (19, 40, "0.5", false, false, "20"),
        (20, 41, "0.5", false, false, "20.5"),
        (21, 41, "0.5", true, true, "20.5"),
        (1, 3, "0.3333", false, true, "0.9999"),
        (0, 0, "0", false, false, "0"),
    ])
    func quorum(turnout: Int64, eligible: Int64, q: String, strict: Bool, met: Bool, required: String) throws {
        let ballots = turnout > 0 ? [T.rank("a", w: turnout)] : []
        let tally = try T.tally(T.input(.irv, ["a"], ballots, eligible: eligible, quorum: q, strict: strict))
        #expect(tally.quorum.met == met)
        #expect(tally.json["quorum"]?["required"] == .number(required))
        #expect(tally.outcome == (met ? .endorsed : .noQuorum))
    }

    @Test func weightsAndBases() throws {
        let ballots = [T.rank("a", w: 5), T.rank("b", w: 3), T.noEndorsement(w: 2), T.abstain(w: 4)]
        let cast = try T.tally(T.input(.threshold, ["a", "b"], ballots, eligible: 20, base: .cast))
        #expect(cast.turnoutWeight == 14 && cast.castWeight == 10 && cast.abstainWeight == 4)
        #expect(cast.noEndorsementWeight == 2 && cast.eligibleWeight == 20)
        #expect(cast.threshold.baseWeight == 10)
        #expect(cast.outcome == .endorsed && cast.endorsed == ["a"])  // 5 >= 0.5 x 10
        let eligible = try T.tally(T.input(.threshold, ["a", "b"], ballots, eligible: 20, base: .eligible))
        #expect(eligible.threshold.baseWeight == 20)
        #expect(eligible.outcome == .noEndorsement)  // 5 < 10
        // continuing for non-irv methods is C.
        let cont = try T.tally(T.input(.threshold, ["a", "b"], ballots, eligible: 20, base: .continuing))
        #expect(cont.threshold.baseWeight == 10)
        // irv: the final round's continuing weight (no-endorsement ballots not in rounds).
        let irvBallots = [T.rank("a", w: 5), T.rank("b", w: 3), T.rank("c", w: 1), T.noEndorsement(w: 2)]
        let irv = try T.tally(T.input(.irv, ["a", "b", "c"], irvBallots, base: .continuing))
        #expect(irv.rounds.map(\.continuingWeight) == [9])  // a 5 > 4.5 in round 1
        #expect(irv.threshold.baseWeight == 9)
        #expect(irv.castWeight == 11)
    }

    @Test func thresholdExactlyAtRequiredEndorsesOneUnitLessDoesNot() throws {
        let at = try T.tally(T.input(.threshold, ["a"], [T.rank("a", w: 6), T.noEndorsement(w: 4)], threshold: "0.6"))
        #expect(at.json["threshold"]?["required"] == .number("6"))
        #expect(at.outcome == .endorsed && at.endorsed == ["a"])
        let below = try T.tally(T.input(.threshold, ["a"], [T.rank("a", w: 5), T.noEndorsement(w: 5)], threshold: "0.6"))
        #expect(below.outcome == .noEndorsement && below.endorsed.isEmpty)
        // 0.6667 x 3 = 2.0001: 2 of 3 is not enough.
        let twoThirds = try T.tally(T.input(.threshold, ["a"], [T.rank("a", w: 2), T.noEndorsement()], threshold: "0.6667"))
        #expect(twoThirds.json["threshold"]?["required"] == .number("2.0001"))
        #expect(twoThirds.outcome == .noEndorsement)
    }

    @Test func thresholdTieAtOneHalf() throws {
        let tally = try T.tally(T.input(.threshold, ["b", "a", "c"], [T.rank("b", w: 5), T.rank("a", w: 5)],
                                        maxEndorsements: 2))
        #expect(tally.outcome == .tie)
        #expect(tally.endorsed == [])
        #expect(tally.tied == ["a", "b"])
        #expect(tally.winner == nil && tally.rounds.isEmpty)
        #expect(tally.json["votes"] == .object(["a": .int(5), "b": .int(5), "c": .int(0)]))
        #expect(tally.json["rounds"] == .array([]))
    }

    @Test func baseZeroEndorsesNobody() throws {
        let t = try T.tally(T.input(.threshold, ["a"], [T.abstain(w: 3)]))
        #expect(t.threshold.baseWeight == 0 && t.quorum.met)
        #expect(t.outcome == .noEndorsement && t.share(of: "a") == nil)
        let ap = try T.tally(T.input(.approval, ["a"], [T.abstain(w: 3)], base: .cast))
        #expect(ap.outcome == .noEndorsement)
        // A winner exists but the base (eligible) is 0 because E = 0: no quorum either.
        let irv = try T.tally(T.input(.irv, ["a"], [T.rank("a")], eligible: 0, base: .eligible))
        #expect(irv.winner == "a" && irv.outcome == .noQuorum && irv.endorsed.isEmpty)
    }

    @Test func outcomeOrder() throws {
        let winning = [T.rank("a", w: 3)]
        // open before everything, even with a clear winner; endorsed/tied then empty.
        let open = try T.tally(T.input(.irv, ["a"], winning, state: .open))
        #expect(open.outcome == .open && open.endorsed.isEmpty && open.winner == "a")
        // no_quorum before tie.
        let tie = [T.rank("a", w: 5), T.rank("b", w: 5)]
        let nq = try T.tally(T.input(.threshold, ["a", "b"], tie, eligible: 100, quorum: "0.5"))
        #expect(nq.outcome == .noQuorum && nq.tied.isEmpty && nq.endorsed.isEmpty)
        let t = try T.tally(T.input(.threshold, ["a", "b"], tie, eligible: 20, quorum: "0.5"))
        #expect(t.outcome == .tie)
        // decided counts like closed.
        let decided = try T.tally(T.input(.irv, ["a"], winning, state: .decided))
        #expect(decided.outcome == .endorsed && decided.endorsed == ["a"])
    }

    @Test func shareRoundsHalfAwayFromZero() throws {
        // 1 / 32 = 0.03125 -> 0.0313; 23 / 31 = 0.74193... -> 0.7419; 31 / 31 -> 1.
        let t = try T.tally(T.input(.approval, ["a", "b", "c"],
                                    [T.approve("a", w: 1), T.approve("b", w: 23), T.approve("b", "c", w: 8)],
                                    maxEndorsements: 3))
        #expect(t.castWeight == 32)
        #expect(t.share(of: "a") == "0.0313")
        #expect(t.share(of: "b") == "0.9688")  // 31 / 32 = 0.96875
        #expect(t.share(of: "zz") == nil)
    }

    /// stv is counted (STVCountTests has the rules): one candidate, one seat, elected at stage 1.
    @Test func stvIsCounted() throws {
        let t = try Tally.tally(T.input(.stv, ["a"], [T.rank("a")]))
        #expect(t.stv?.elected == ["a"])
        #expect(t.endorsed == ["a"])
        #expect(t.share(of: "a") == nil)
    }

    @Test func recusedSortedByBytes() throws {
        let t = try T.tally(T.input(.irv, ["a"], [T.rank("a")], recused: ["org-2", "org-10"]))
        #expect(t.json["recused"] == .strings(["org-10", "org-2"]))
    }
}
