import Testing
@testable import EndorseCore

@Suite("CycleDiff")
struct CycleDiffTests {
    static let base = Cycle(
        id: "c", name: "C", electionDate: "2026-11-03", coalition: Coalition(name: "Co"),
        races: [Race(id: "d1", name: "D1", method: .irv),
                Race(id: "al", name: "At large", seats: 3, method: .approval)],
        platform: [Plank(id: "p1", title: "P1", weight: .one), Plank(id: "p2", title: "P2", weight: .one)],
        questionnaire: [
            Question(id: "q-yn", text: "?", kind: .yesNo, planks: [PlankMapping(plank: "p1", favors: .yes)]),
            Question(id: "q-sc", text: "?", kind: .scale(min: 1, max: 5),
                     planks: [PlankMapping(plank: "p1", favors: .high)]),
            Question(id: "q-ch", text: "?", kind: .choice(options: [
                ChoiceOption(id: "a", label: "A", score: .one),
                ChoiceOption(id: "b", label: "B", score: .zero)]), planks: [PlankMapping(plank: "p2")]),
            Question(id: "q-tx", text: "?", kind: .text(maxPoints: 4), planks: [PlankMapping(plank: "p2")]),
        ])

    @Test("an identical cycle has no changes")
    func identical() {
        #expect(CycleDiff(from: Self.base, to: Self.base).isEmpty)
    }

    @Test("names, texts, weights, rules, labels, option scores and new items are harmless")
    func harmless() {
        var new = Self.base
        new.name = "Renamed"
        new.rules.quorum = Fixed4(units: 2_500)
        new.races[0].name = "District One"
        new.races[0].maxEndorsements = 2
        new.races[0].threshold = .one
        new.platform[0].weight = Fixed4(integer: 5)
        new.platform.append(Plank(id: "p3", title: "P3", weight: .one))
        new.questionnaire[0].text = "Reworded?"
        new.questionnaire[0].planks = [PlankMapping(plank: "p3", weight: Fixed4(integer: 2), favors: .no)]
        new.questionnaire[2].kind = .choice(options: [
            ChoiceOption(id: "a", label: "Relabelled", score: Fixed4(units: 5_000)),
            ChoiceOption(id: "b", label: "B", score: .zero),
            ChoiceOption(id: "c", label: "New", score: .one)])
        new.races.append(Race(id: "d2", name: "D2", method: .threshold))
        #expect(CycleDiff(from: Self.base, to: new).changes == [])
    }

    @Test("removed planks, races and questions are listed")
    func removals() {
        var new = Self.base
        new.platform.removeFirst()
        new.races.removeLast()
        new.questionnaire.remove(at: 1)
        let diff = CycleDiff(from: Self.base, to: new)
        #expect(diff.changes == [
            .init(subject: .plank, id: "p1", removed: true),
            .init(subject: .race, id: "al", removed: true),
            .init(subject: .question, id: "q-sc", removed: true),
        ])
        #expect(diff.removedPlanks == ["p1"])
        #expect(diff.affectedRaces == ["al"])
        #expect(diff.affectedQuestions == ["q-sc"])
        #expect(diff.changes.map(\.description) == ["plank p1 removed", "race al removed", "question q-sc removed"])
    }

    @Test("a race's method or seats changing is listed")
    func raceChanges() {
        var new = Self.base
        new.races[0].method = .threshold
        new.races[1].seats = 2
        new.races[1].method = .stv
        let diff = CycleDiff(from: Self.base, to: new)
        #expect(diff.affectedRaces == ["d1", "al"])
        #expect(diff.changes.map(\.description) == [
            "race d1: method irv -> threshold", "race al: method approval -> stv, seats 3 -> 2"])
    }

    @Test("an stv race's arithmetic changing is listed; a method change already covers it")
    func stvArithmeticChanges() {
        var old = Self.base
        old.races[1].method = .stv
        var new = old
        new.races[1].stvArithmetic = .scottish
        let diff = CycleDiff(from: old, to: new)
        #expect(diff.affectedRaces == ["al"])
        #expect(diff.changes.map(\.description) == ["race al: stv_arithmetic exact -> scottish"])
        new.races[1].method = .approval
        #expect(CycleDiff(from: old, to: new).changes.map(\.description) == ["race al: method stv -> approval"])
    }

    @Test("a question's kind, scale, removed options or max_points changing is listed")
    func questionChanges() {
        var new = Self.base
        new.questionnaire[0].kind = .choice(options: [ChoiceOption(id: "yes", label: "Yes", score: .one)])
        new.questionnaire[1].kind = .scale(min: 0, max: 5)
        new.questionnaire[2].kind = .choice(options: [ChoiceOption(id: "b", label: "B", score: .zero)])
        new.questionnaire[3].kind = .text(maxPoints: 5)
        let diff = CycleDiff(from: Self.base, to: new)
        #expect(diff.affectedQuestions == ["q-yn", "q-sc", "q-ch", "q-tx"])
        #expect(diff.changes.map(\.description) == [
            "question q-yn: kind yes_no -> choice", "question q-sc: scale 1..5 -> 0..5",
            "question q-ch: options removed: a", "question q-tx: max_points 4 -> 5"])
    }
}
