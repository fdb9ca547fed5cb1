import Testing
@testable import EndorseCore

/// Hand-computed IRV and approval counts (voting.md "Methods" and pinned details).
@Suite struct TallyMethodTests {
    func summary(_ t: Tally) -> [String] {
        t.rounds.map { r in
            let votes = r.votes.sorted { Identifier.byteOrder($0.key, $1.key) }.map { "\($0.key)\($0.value)" }
            return "\(r.number): \(votes.joined(separator: " ")) c\(r.continuingWeight) x\(r.exhaustedWeight) "
                + "-\(r.eliminated ?? "none") \(r.tieBreak?.rawValue ?? "null")"
        }
    }

    @Test func idTieBreakInRoundOne() throws {
        let t = try T.tally(T.input(.irv, ["a", "b", "c"], [T.rank("a", w: 2), T.rank("b", w: 2), T.rank("c", w: 3)], base: .continuing))
        #expect(summary(t) == [
            "1: a2 b2 c3 c7 x0 -b id",
            "2: a2 c3 c5 x2 -none null",
        ])
        #expect(t.winner == "c")
        // 3 of 5 continuing >= 0.5 x 5
        #expect(t.outcome == .endorsed && t.endorsed == ["c"])
    }

    /// A three-way tie narrows over two earlier rounds; exhausted weight accumulates.
    @Test func earlierRoundsNarrowingAmongThree() throws {
        let ballots = [T.rank("a", w: 3), T.rank("b", w: 4), T.rank("c", w: 5), T.rank("d", w: 10),
                       T.rank("x", "a"), T.rank("y", "a"), T.rank("y", "b")]
        let t = try T.tally(T.input(.irv, ["a", "b", "c", "d", "x", "y"], ballots, threshold: "0.6667", base: .continuing))
        #expect(summary(t) == [
            "1: a3 b4 c5 d10 x1 y2 c25 x0 -x null",
            "2: a4 b4 c5 d10 y2 c25 x0 -y null",
            "3: a5 b5 c5 d10 c25 x0 -a earlier_rounds",
            "4: b5 c5 d10 c20 x5 -b earlier_rounds",
            "5: c5 d10 c15 x10 -none null",
        ])
        #expect(t.winner == "d")
        #expect(t.threshold.baseWeight == 15)
        #expect(t.json["threshold"]?["required"] == .number("10.0005"))
        #expect(t.outcome == .noEndorsement && t.endorsed.isEmpty)  // 10 < 0.6667 x 15
        for r in t.rounds { #expect(r.continuingWeight + r.exhaustedWeight == 25) }
    }

    /// Three tied; round 1 keeps two of them; still tied -> the id that sorts last goes.
    @Test func narrowingThenId() throws {
        let ballots = [T.rank("a", w: 3), T.rank("b", w: 3), T.rank("c", w: 4), T.rank("d", w: 12),
                       T.rank("e", "a"), T.rank("e", "b")]
        let t = try T.tally(T.input(.irv, ["a", "b", "c", "d", "e"], ballots))
        #expect(summary(t) == [
            "1: a3 b3 c4 d12 e2 c24 x0 -e null",
            "2: a4 b4 c4 d12 c24 x0 -b id",
            "3: a4 c4 d12 c20 x4 -none null",
        ])
        #expect(t.winner == "d")
    }

    @Test func idOrderIsByUTF8Bytes() throws {
        // "c-10" < "c-9" in byte order, so c-9 sorts last and is eliminated.
        let t = try T.tally(T.input(.irv, ["c-9", "c-10", "w"], [T.rank("c-9"), T.rank("c-10"), T.rank("w", w: 2)]))
        #expect(t.rounds.first?.eliminated == "c-9")
        #expect(t.rounds.first?.tieBreak == .id)
    }

    @Test func zeroVoteCandidatesTakePartAndGoFirst() throws {
        let t = try T.tally(T.input(.irv, ["a", "b", "y", "z"], [T.rank("a", w: 2), T.rank("b", "a", w: 2)]))
        #expect(summary(t) == [
            "1: a2 b2 y0 z0 c4 x0 -z id",
            "2: a2 b2 y0 c4 x0 -y null",
            "3: a2 b2 c4 x0 -b id",
            "4: a4 c4 x0 -none null",
        ])
    }

    @Test func noEndorsementBallotsCountInCastNotInRounds() throws {
        let ballots = [T.rank("a", w: 4), T.rank("b", w: 3), T.noEndorsement(w: 5)]
        let t = try T.tally(T.input(.irv, ["a", "b"], ballots, threshold: "0.5", base: .cast))
        #expect(summary(t) == ["1: a4 b3 c7 x0 -none null"])
        #expect(t.castWeight == 12)
        #expect(t.winner == "a" && t.outcome == .noEndorsement)  // 4 < 6
        // Without any ranking ballot there are no rounds and no winner.
        let none = try T.tally(T.input(.irv, ["a", "b"], [T.noEndorsement(w: 5)]))
        #expect(none.rounds.isEmpty && none.winner == nil && none.outcome == .noEndorsement)
        #expect(none.json["winner"] == .null)
    }

    @Test func exactlyHalfIsNoMajority() throws {
        let t = try T.tally(T.input(.irv, ["a", "b", "c"], [T.rank("a", w: 2), T.rank("b"), T.rank("c", "b")]))
        #expect(summary(t) == [
            "1: a2 b1 c1 c4 x0 -c id",
            "2: a2 b2 c4 x0 -b earlier_rounds",
            "3: a2 c2 x2 -none null",
        ])
        #expect(t.winner == "a")
    }

    @Test func approvalTieAtBoundary() throws {
        let ballots = [T.approve("a", "b", w: 5), T.approve("a", "c", w: 5), T.approve("b", "c", w: 3)]
        let tie = try T.tally(T.input(.approval, ["a", "b", "c"], ballots, maxEndorsements: 2))
        #expect(tie.votes == ["a": 10, "b": 8, "c": 8])
        #expect(tie.outcome == .tie && tie.endorsed == ["a"] && tie.tied == ["b", "c"])
        let all = try T.tally(T.input(.approval, ["a", "b", "c"], ballots, maxEndorsements: 3))
        #expect(all.outcome == .endorsed && all.endorsed == ["a", "b", "c"])
        let one = try T.tally(T.input(.approval, ["a", "b", "c"], ballots, maxEndorsements: 1))
        #expect(one.outcome == .endorsed && one.endorsed == ["a"])
    }

    @Test func approvalOrderAndQualification() throws {
        // approvals: z 10, m 7, a 7, q 2 of C = 12; 0.5 x 12 = 6 -> q does not qualify.
        let ballots = [T.approve("z", "m", "a", w: 7), T.approve("z", "q", w: 2), T.approve("z"),
                       T.noEndorsement(w: 2)]
        let t = try T.tally(T.input(.approval, ["a", "m", "q", "z"], ballots, maxEndorsements: 3))
        #expect(t.votes == ["a": 7, "m": 7, "q": 2, "z": 10])
        #expect(t.outcome == .endorsed && t.endorsed == ["z", "a", "m"])
        // The whole group tied at the boundary, nobody above it.
        let group = try T.tally(T.input(.approval, ["a", "m", "q", "z"], [T.approve("a", "m", "z", w: 4)], maxEndorsements: 2))
        #expect(group.outcome == .tie && group.endorsed == [] && group.tied == ["a", "m", "z"])
    }
}
