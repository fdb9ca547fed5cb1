import EndorseCore
@testable import EndorseHTTP
import Testing

/// Reading a posted ballot form (web.md "Form contract"): the page-form checks only; what a
/// ballot may say stays with `BallotRules`.
@Suite("Ballot form")
struct BallotFormTests {
    static let ids = ["c-a", "c-b", "c-c"]

    func read(_ fields: [(String, String)], _ method: TallyMethod = .irv) -> BallotForm {
        BallotForm(fields.map { (name: $0.0, value: $0.1) }, method: method, candidates: Self.ids)
    }

    @Test("ranks in any field order become the ranking; not ranked is left out")
    func ranking() {
        let f = read([("csrf", "x"), ("rank-c-c", "1"), ("rank-c-a", "2"), ("rank-c-b", ""), ("special", ""), ("action", "review")])
        #expect(f.issues.isEmpty)
        #expect(f.choice == .ranking(["c-c", "c-a"]))
        #expect(read([("rank-c-a", "1")], .stv).choice == .ranking(["c-a"]))
    }

    @Test("a gap is refused on the field after it, a shared rank on each field sharing it")
    func gapAndShared() {
        let gap = read([("rank-c-a", "1"), ("rank-c-b", "3")])
        #expect(gap.choice == nil)
        #expect(gap.issues == [.init(field: "rank-c-b", problem: .gap(2))])
        let gapFirst = read([("rank-c-a", "2")])
        #expect(gapFirst.issues == [.init(field: "rank-c-a", problem: .gap(1))])
        let shared = read([("rank-c-a", "1"), ("rank-c-b", "1"), ("rank-c-c", "2")])
        #expect(shared.choice == nil)
        #expect(shared.issues == [.init(field: "rank-c-a", problem: .sharedRank(1)),
                                  .init(field: "rank-c-b", problem: .sharedRank(1))])
    }

    @Test("ranks out of range, not numbers, or sent twice are refused on their field")
    func badRanks() {
        #expect(read([("rank-c-a", "4")]).issues == [.init(field: "rank-c-a", problem: .badRank)])
        #expect(read([("rank-c-a", "0")]).issues == [.init(field: "rank-c-a", problem: .badRank)])
        #expect(read([("rank-c-a", "one")]).issues == [.init(field: "rank-c-a", problem: .badRank)])
        #expect(read([("rank-c-a", "1"), ("rank-c-a", "2")]).issues == [.init(field: "rank-c-a", problem: .badRank)])
    }

    @Test("a candidate not on the ballot, or a field the form does not have, is refused")
    func hostileFields() {
        #expect(read([("rank-c-zz", "1")]).issues == [.init(field: nil, problem: .notOnBallot("c-zz"))])
        #expect(read([("rank-c-a", "1"), ("org", "org-b")]).issues == [.init(field: nil, problem: .unknownField("org"))])
        #expect(read([("rank-c-a", "1"), ("race", "r2")]).issues == [.init(field: nil, problem: .unknownField("race"))])
        #expect(read([("choice", "c-zz")], .threshold).issues == [.init(field: nil, problem: .notOnBallot("c-zz"))])
        #expect(read([("approve", "c-a")], .irv).issues == [.init(field: nil, problem: .unknownField("approve"))])
        #expect(read([("special", "yes")]).issues == [.init(field: "special", problem: .unknownField("special=yes"))])
    }

    @Test("threshold takes one choice, approval several")
    func choices() {
        #expect(read([("choice", "c-b")], .threshold).choice == .ranking(["c-b"]))
        #expect(read([("choice", "c-b"), ("choice", "c-a")], .threshold).issues
            == [.init(field: "choice", problem: .bothChosen)])
        #expect(read([("approve", "c-a"), ("approve", "c-c")], .approval).choice == .approve(["c-a", "c-c"]))
    }

    @Test("No endorsement and Abstain in every method; never together with candidates; nothing at all is refused")
    func specials() {
        for method in TallyMethod.allCases {
            #expect(read([("special", "no_endorsement")], method).choice == .noEndorsement)
            #expect(read([("special", "abstain")], method).choice == .abstain)
            #expect(read([], method).issues == [.init(field: nil, problem: .nothingChosen)])
        }
        #expect(read([("rank-c-a", "1"), ("special", "abstain")]).issues == [.init(field: "special", problem: .bothChosen)])
        #expect(read([("approve", "c-a"), ("special", "no_endorsement")], .approval).choice == nil)
    }
}
