import Testing
@testable import EndorseCore

@Suite struct AnswerTests {
    static let yesNo = Question(id: "q-yn", text: "?", kind: .yesNo, planks: [PlankMapping(plank: "p", favors: .yes)])
    static let scale = Question(id: "q-scale", text: "?", kind: .scale(min: 1, max: 5), planks: [PlankMapping(plank: "p", favors: .high)])
    static let choice = Question(id: "q-choice", text: "?", kind: .choice(options: [
        ChoiceOption(id: "moratorium", label: "A moratorium", score: .one),
        ChoiceOption(id: "case-by-case", label: "Case by case", score: Fixed4(units: 5_000)),
        ChoiceOption(id: "expand", label: "Expand", score: .zero),
    ]), planks: [PlankMapping(plank: "p")])
    static let text = Question(id: "q-text", text: "?", kind: .text(maxPoints: 4), planks: [PlankMapping(plank: "p")])

    @Test(arguments: [("yes", true), ("YES", true), (" Yes ", true), ("y", true), ("Y", true), ("true", true),
                      ("TRUE", true), ("\tno\n", false), ("No", false), ("n", false), ("N", false), ("false", false),
                      ("False", false)])
    func yesNoSpellings(cell: String, value: Bool) throws {
        #expect(try Self.yesNo.parseAnswer(cell: cell) == .yesNo(value))
    }

    @Test(arguments: ["", " ", "  \t ", "\r\n"])
    func blankIsUnansweredForEveryKind(cell: String) throws {
        for q in [Self.yesNo, Self.scale, Self.choice, Self.text] {
            #expect(try q.parseAnswer(cell: cell) == nil)
        }
    }

    @Test(arguments: ["yeah", "1", "0", "ja", "yes no", "t"])
    func yesNoRefusals(cell: String) {
        #expect(throws: AnswerProblem.self) { try Self.yesNo.parseAnswer(cell: cell) }
        do {
            _ = try Self.yesNo.parseAnswer(cell: cell)
        } catch {
            #expect(error.code == .notYesNo)
            #expect(error.message.contains("yes, no, y, n, true, false"))
        }
    }

    @Test func scaleCells() throws {
        #expect(try Self.scale.parseAnswer(cell: "1") == .scale(1))
        #expect(try Self.scale.parseAnswer(cell: " 5 ") == .scale(5))
        #expect(try Self.scale.parseAnswer(cell: "3") == .scale(3))
        #expect(throws: AnswerProblem(.outOfRange, "7 is outside the scale 1..5")) {
            try Self.scale.parseAnswer(cell: "7")
        }
        #expect(throws: AnswerProblem(.outOfRange, "0 is outside the scale 1..5")) {
            try Self.scale.parseAnswer(cell: "0")
        }
        #expect(throws: AnswerProblem(.notInteger, "\"3.5\" is not a whole number on the scale 1..5")) {
            try Self.scale.parseAnswer(cell: "3.5")
        }
        #expect(throws: AnswerProblem.self) { try Self.scale.parseAnswer(cell: "three") }
    }

    @Test func choiceCells() throws {
        #expect(try Self.choice.parseAnswer(cell: "case-by-case") == .choice("case-by-case"))
        #expect(try Self.choice.parseAnswer(cell: " expand ") == .choice("expand"))
        #expect(try Self.choice.parseAnswer(cell: "Moratorium") == .choice("moratorium"))
        #expect(throws: AnswerProblem(.unknownOption,
                                      "\"ban\" is not an option (valid: moratorium, case-by-case, expand)")) {
            try Self.choice.parseAnswer(cell: "ban")
        }
    }

    @Test func textIsKeptAsGiven() throws {
        #expect(try Self.text.parseAnswer(cell: "  Restorative circles.\n") == .text("  Restorative circles.\n"))
    }

    @Test func jsonBodies() throws {
        #expect(try Self.yesNo.parseAnswer(json: .string("yes")) == .yesNo(true))
        #expect(try Self.yesNo.parseAnswer(json: .string("N")) == .yesNo(false))
        #expect(try Self.yesNo.parseAnswer(json: .bool(true)) == .yesNo(true))
        #expect(try Self.yesNo.parseAnswer(json: .bool(false)) == .yesNo(false))
        #expect(try Self.scale.parseAnswer(json: .number("4")) == .scale(4))
        #expect(try Self.choice.parseAnswer(json: .string("expand")) == .choice("expand"))
        #expect(try Self.text.parseAnswer(json: .string("Circles")) == .text("Circles"))
        for q in [Self.yesNo, Self.scale, Self.choice, Self.text] {
            #expect(try q.parseAnswer(json: .null) == nil)
        }
        #expect(try Self.text.parseAnswer(json: .string("   ")) == nil)
    }

    @Test func jsonWrongTypesNameTheExpectedType() {
        #expect(throws: AnswerProblem(.wrongType, "expected \"yes\", \"no\" or a boolean, got a number")) {
            try Self.yesNo.parseAnswer(json: .number("1"))
        }
        #expect(throws: AnswerProblem(.wrongType, "expected an integer from 1 to 5, got a string")) {
            try Self.scale.parseAnswer(json: .string("3"))
        }
        #expect(throws: AnswerProblem(.wrongType, "expected an option id string, got an array")) {
            try Self.choice.parseAnswer(json: .array([]))
        }
        #expect(throws: AnswerProblem(.wrongType, "expected a string, got a boolean")) {
            try Self.text.parseAnswer(json: .bool(true))
        }
        #expect(throws: AnswerProblem(.notInteger, "3.0 is not a whole number on the scale 1..5")) {
            try Self.scale.parseAnswer(json: .number("3.0"))
        }
        #expect(throws: AnswerProblem(.outOfRange, "6 is outside the scale 1..5")) {
            try Self.scale.parseAnswer(json: .number("6"))
        }
        #expect(throws: AnswerProblem(.unknownOption, "\"ban\" is not an option (valid: moratorium, case-by-case, expand)")) {
            try Self.choice.parseAnswer(json: .string("ban"))
        }
    }

    @Test func storageRoundTrips() throws {
        let cases: [(Question, Answer, String)] = [
            (Self.yesNo, .yesNo(true), "yes"), (Self.yesNo, .yesNo(false), "no"),
            (Self.scale, .scale(4), "4"), (Self.choice, .choice("case-by-case"), "case-by-case"),
            (Self.text, .text(" Circles\n"), " Circles\n"),
        ]
        for (q, answer, text) in cases {
            #expect(answer.storageText == text)
            #expect(q.answer(fromStorage: text) == answer)
        }
        #expect(Self.scale.answer(fromStorage: "9") == nil)
        #expect(Self.choice.answer(fromStorage: "gone") == nil)
    }

    @Test func reviewValidation() throws {
        try Self.text.validateReview(points: 0)
        try Self.text.validateReview(points: 4)
        #expect(throws: EndorseError(.invalidInput, "5 points is outside 0..4 for question q-text", at: "q-text")) {
            try Self.text.validateReview(points: 5)
        }
        #expect(throws: EndorseError.self) { try Self.text.validateReview(points: -1) }
        #expect(throws: EndorseError(.invalidInput, "question q-scale is a scale question; only text answers are reviewed",
                                     at: "q-scale")) {
            try Self.scale.validateReview(points: 1)
        }
        #expect(throws: EndorseError.self) { try Self.yesNo.validateReview(points: 0) }
    }

    @Test func latestReviewPerReviewer() {
        let ordered = [Review(reviewer: "ana", points: 1), Review(reviewer: "bo", points: 2),
                       Review(reviewer: "ana", points: 4), Review(reviewer: "cy", points: 0),
                       Review(reviewer: "bo", points: 3)]
        #expect(Review.latestPerReviewer(ordered) == [Review(reviewer: "ana", points: 4),
                                                      Review(reviewer: "bo", points: 3),
                                                      Review(reviewer: "cy", points: 0)])
        #expect(Review.latestPerReviewer([]) == [])
    }
}
