@testable import EndorseCore

/// A small hand-built cycle: three races in a non-sorted file order, two planks, two candidates.
enum SlateFixture {
    static let cycle = Cycle(
        id: "t-2026", name: "Test 2026", electionDate: "2026-11-03", jurisdiction: nil,
        coalition: Coalition(name: "Test Coalition", url: "https://example.org"),
        races: [
            Race(id: "district-2", name: "District 2", seats: 2, method: .approval),
            Race(id: "district-1", name: "District 1", division: "ocd-division/x/d1", method: .irv),
            Race(id: "district-3", name: "District 3", method: .threshold),
            Race(id: "district-4", name: "District 4", method: .irv),
        ],
        platform: [
            Plank(id: "funding", title: "Full funding", section: "Schools", weight: .one),
            Plank(id: "special-ed", title: "Special ed", weight: .one),
        ],
        questionnaire: [])

    static func f(_ text: String) -> Fixed4 { Fixed4(parsing: text) ?? .zero }

    static let ana = SlateCandidate(id: "c-ana-ruiz", name: "Ana Ruiz", ballotName: "ANA RUIZ")
    static let bo = SlateCandidate(id: "c-bo", name: "Bo Chen", ballotName: "", incumbent: true,
                                   website: "https://bo.example/")

    static let district1 = SlateDecision(
        endorsements: [SlateEndorsement(
            candidate: "c-ana-ruiz",
            scores: SlateScores(overall: f("87.5"), planks: ["funding": f("100"), "special-ed": f("75")]),
            share: f("0.7419"))],
        method: .irv, outcome: .endorsed, threshold: f("0.6667"), base: .cast, override: false,
        decidedAt: "2026-09-30T22:10:00Z")

    static let district2 = SlateDecision(
        endorsements: [SlateEndorsement(
            candidate: "c-bo",
            scores: SlateScores(overall: f("66.67"), planks: ["funding": f("66.67"), "special-ed": nil]),
            share: f("0.5"))],
        method: .approval, outcome: .tie, threshold: f("0.5"), base: .eligible, override: false,
        decidedAt: "2026-09-30T22:20:00Z")

    static let district3 = SlateDecision(
        endorsements: [], method: .threshold, outcome: .noQuorum, threshold: f("0.6667"), base: .cast,
        override: false, decidedAt: "2026-09-30T22:30:00Z")

    static func content(rescissions: [SlateRescission] = [],
                        decisions: [String: SlateDecision]? = nil) -> SlateContent {
        SlateContent(
            cycle: cycle,
            members: [SlateMember(id: "org-b", name: "B Union"), SlateMember(id: "org-a", name: "A Parents")],
            candidates: [bo, ana],
            decisions: decisions ?? ["district-1": district1, "district-2": district2, "district-3": district3],
            rescissions: rescissions)
    }
}
