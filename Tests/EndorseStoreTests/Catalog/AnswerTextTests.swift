import EndorseCore
@testable import EndorseStore
import Testing

/// The reader of a candidate's answers as `AnswerStore.scores` receives them: `question SP length SP
/// value` repeated, the length counted in characters (or bytes on a SQL_ASCII server).
@Suite struct AnswerTextTests {
    func read(_ text: [UInt8], lengthInBytes: Bool = false) throws -> [[String]] {
        var out: [[String]] = []
        try text.withUnsafeBytes { bytes in
            try AnswerStore.forEachAnswer(in: bytes, lengthInBytes: lengthInBytes) {
                out.append([String(decoding: $0, as: UTF8.self), String(decoding: $1, as: UTF8.self)])
            }
        }
        return out
    }

    @Test func answersInOrder() throws {
        // "é" and "€" are one character each (2 and 3 bytes); "1 2" holds a space and digits.
        let text = Array("q-1 3 yesq-tx 13 a, \"b\"\né€ 1 2q-e 0 q-9 1 é".utf8)
        #expect(try read(text) == [["q-1", "yes"], ["q-tx", "a, \"b\"\né€ 1 2"], ["q-e", ""], ["q-9", "é"]])
        #expect(try read([]) == [])
    }

    @Test func byteLengthsOnSQLASCII() throws {
        #expect(try read(Array("q-1 2 éq-2 1 x".utf8), lengthInBytes: true) == [["q-1", "é"], ["q-2", "x"]])
    }

    @Test(arguments: ["q-1", "q-1 ", "q-1 3", "q-1 3 ye", "q-1 x yes", " 3 yes", "q-1  yes", "q-1 3yes"])
    func refusesMalformedText(_ text: String) {
        #expect(throws: EndorseError.self) { try read(Array(text.utf8)) }
    }
}
