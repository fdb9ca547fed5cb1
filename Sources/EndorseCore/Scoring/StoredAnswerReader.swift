/// Reads stored answers (`Answer.storageText`) straight from UTF-8 bytes, for scoring a whole
/// cycle: 4,000,000 answers are read back per `endorse score` at 100,000 candidates.
///
/// Stored values are canonical (`yes`/`no`, the integer in shortest form, the option id), so the
/// common case is a byte comparison against a few precomputed spellings, with no `String` made.
/// Anything else goes through `Question.answer(fromStorage:)`, so the result is always exactly
/// what that function returns for the same text.
public struct StoredAnswerReader: Sendable {
    public let question: Question
    /// Canonical spellings and their answers (yes_no, choice).
    private let spellings: [([UInt8], Answer)]

    public init(question: Question) {
        self.question = question
        switch question.kind {
        case .yesNo:
            spellings = [(Array("yes".utf8), .yesNo(true)), (Array("no".utf8), .yesNo(false))]
        case .choice(let options):
            spellings = options.map { (Array($0.id.utf8), .choice($0.id)) }
        case .scale, .text:
            spellings = []
        }
    }

    /// The answer stored as `bytes` (UTF-8); nil when unanswered or not valid for the question.
    public func answer(storage bytes: UnsafeRawBufferPointer) -> Answer? {
        switch question.kind {
        case .text:
            return bytes.isEmpty ? nil : .text(String(decoding: bytes, as: UTF8.self))
        case .yesNo, .choice:
            for (spelling, answer) in spellings where spelling.count == bytes.count {
                if spelling.withUnsafeBytes({ $0.elementsEqual(bytes) }) { return answer }
            }
        case .scale(let min, let max):
            if let v = StoredAnswerReader.canonicalInt(bytes), v >= min, v <= max { return .scale(v) }
        }
        return question.answer(fromStorage: String(decoding: bytes, as: UTF8.self))
    }

    /// An integer in the shortest form `String(Int)` writes (`-` only before a non-zero value,
    /// no leading zeros, at most 18 digits); nil for any other text.
    static func canonicalInt(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        var negative = false
        if bytes.count > 1, bytes[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        let digits = bytes.count - i
        guard digits >= 1, digits <= 18 else { return nil }
        if bytes[i] == UInt8(ascii: "0") && (digits > 1 || negative) { return nil }
        var v = 0
        while i < bytes.count {
            let d = bytes[i] &- UInt8(ascii: "0")
            guard d <= 9 else { return nil }
            v = v * 10 + Int(d)
            i += 1
        }
        return negative ? -v : v
    }
}
