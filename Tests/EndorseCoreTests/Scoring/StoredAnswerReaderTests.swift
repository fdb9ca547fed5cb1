import Testing
@testable import EndorseCore

@Suite struct StoredAnswerReaderTests {
    static let negativeScale = Question(id: "q-neg", text: "?", kind: .scale(min: -3, max: 12),
                                        planks: [PlankMapping(plank: "p", favors: .high)])
    static let questions = [AnswerTests.yesNo, AnswerTests.scale, AnswerTests.choice, AnswerTests.text,
                            negativeScale]

    func read(_ q: Question, _ text: String) -> Answer? {
        Array(text.utf8).withUnsafeBytes { StoredAnswerReader(question: q).answer(storage: $0) }
    }

    @Test func canonicalSpellings() {
        #expect(read(AnswerTests.yesNo, "yes") == .yesNo(true))
        #expect(read(AnswerTests.yesNo, "no") == .yesNo(false))
        #expect(read(AnswerTests.scale, "1") == .scale(1))
        #expect(read(AnswerTests.scale, "5") == .scale(5))
        #expect(read(Self.negativeScale, "-3") == .scale(-3))
        #expect(read(Self.negativeScale, "0") == .scale(0))
        #expect(read(Self.negativeScale, "12") == .scale(12))
        #expect(read(AnswerTests.choice, "case-by-case") == .choice("case-by-case"))
        #expect(read(AnswerTests.text, "Fund it, \"now\".\n") == .text("Fund it, \"now\".\n"))
        #expect(read(AnswerTests.text, "") == nil)
    }

    @Test func nonCanonicalTextFallsBackToTheStringParser() {
        #expect(read(AnswerTests.yesNo, "Y") == .yesNo(true))
        #expect(read(AnswerTests.scale, " 3 ") == .scale(3))
        #expect(read(AnswerTests.scale, "03") == .scale(3))
        #expect(read(Self.negativeScale, "-0") == .scale(0))
        #expect(read(AnswerTests.choice, "EXPAND") == .choice("expand"))
        #expect(read(AnswerTests.scale, "6") == nil)
        #expect(read(AnswerTests.scale, "9999999999999999999999") == nil)
        #expect(read(AnswerTests.yesNo, "maybe") == nil)
        #expect(read(AnswerTests.choice, "") == nil)
    }

    @Test(arguments: ["yes", "no", "YES", "y", "n", "true", " false ", "0", "1", "3", "5", "6", "-1", "-3", "-4",
                      "12", "13", "007", "-0", "+2", "2 ", "1e1", "", " ", "moratorium", "Expand", "expand ",
                      "case-by-case", "other", "é", "-", "--1", "123456789012345678901"])
    func agreesWithAnswerFromStorage(text: String) {
        for q in Self.questions {
            #expect(read(q, text) == q.answer(fromStorage: text), "\(q.id) \(text)")
        }
    }

    @Test func canonicalIntAcceptsOnlyTheShortestForm() {
        func int(_ s: String) -> Int? { Array(s.utf8).withUnsafeBytes { StoredAnswerReader.canonicalInt($0) } }
        #expect(int("0") == 0)
        #expect(int("42") == 42)
        #expect(int("-42") == -42)
        #expect(int("999999999999999999") == 999_999_999_999_999_999)
        #expect(int("1000000000000000000") == nil)
        #expect(int("-0") == nil)
        #expect(int("042") == nil)
        #expect(int("-") == nil)
        #expect(int("") == nil)
        #expect(int("4a") == nil)
    }
}
