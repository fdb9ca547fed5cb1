/// A candidate's answer to one question, already checked against the question's domain.
public enum Answer: Hashable, Sendable {
    case yesNo(Bool)
    case scale(Int)
    /// An option id of a choice question.
    case choice(String)
    /// Free text, kept exactly as given.
    case text(String)

    /// The canonical text stored and compared between versions: `yes`/`no`, the integer, the
    /// option id, or the text itself. `Question.answer(fromStorage:)` reads it back.
    public var storageText: String {
        switch self {
        case .yesNo(let b): b ? "yes" : "no"
        case .scale(let v): String(v)
        case .choice(let id): id
        case .text(let t): t
        }
    }
}

/// Why an answer cell or JSON value is not a valid answer to its question.
public struct AnswerProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A yes_no answer that is none of yes/no/y/n/true/false.
        public static let notYesNo = Code("not_yes_no")
        /// A scale answer that is not a whole number.
        public static let notInteger = Code("not_integer")
        /// A scale answer outside min...max.
        public static let outOfRange = Code("out_of_range")
        /// A choice answer naming no option of the question.
        public static let unknownOption = Code("unknown_option")
        /// A JSON value of the wrong type for the question's kind.
        public static let wrongType = Code("wrong_type")
        /// A text answer longer than the question's `max_words`.
        public static let tooManyWords = Code("too_many_words")
        /// A NUL character, which no answer holds (`NULText`).
        public static let containsNUL = Code("contains_nul")
    }

    public var code: Code
    /// A complete sentence fragment for `FILE:LINE: column: problem` and HTTP 400 messages.
    public var message: String
    /// `too_many_words`: the answer's word count and the limit (pages say it in their language).
    public var words: (count: Int, limit: Int)? {
        guard let wordCount, let wordLimit else { return nil }
        return (wordCount, wordLimit)
    }
    private var wordCount: Int?
    private var wordLimit: Int?

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The refusal of a text answer over its word limit, with the count and the limit.
    public static func tooManyWords(_ count: Int, limit: Int) -> AnswerProblem {
        var p = AnswerProblem(.tooManyWords, "\(count) words, more than the limit of \(limit) words")
        p.wordCount = count
        p.wordLimit = limit
        return p
    }

    public var description: String { message }
}

extension Question {
    /// Parses one answers.csv cell (scoring.md, formats.md). Returns nil when the question is
    /// unanswered: an empty cell or one of only whitespace.
    ///
    /// - yes_no: trimmed, case-insensitive `yes`, `no`, `y`, `n`, `true`, `false`;
    /// - scale: a trimmed integer within min...max;
    /// - choice: a trimmed option id (case-insensitive, ids being lower case);
    /// - text: the cell with line endings normalised to LF, within `max_words`.
    public func parseAnswer(cell: String) throws(AnswerProblem) -> Answer? {
        if NULText.contains(cell) { throw AnswerProblem(.containsNUL, NULText.message) }
        let trimmed = Answer.trim(cell)
        if trimmed.isEmpty { return nil }
        switch kind {
        case .yesNo:
            guard let b = Answer.yesNo(trimmed) else {
                throw AnswerProblem(.notYesNo, "\(Answer.quoted(trimmed)) is not yes or no (accepted: yes, no, y, n, true, false)")
            }
            return .yesNo(b)
        case .scale(let min, let max):
            guard let v = Int(trimmed) else {
                throw AnswerProblem(.notInteger, "\(Answer.quoted(trimmed)) is not a whole number on the scale \(min)..\(max)")
            }
            return try scaleAnswer(v, min: min, max: max)
        case .choice(let options):
            return try choiceAnswer(trimmed, options: options)
        case .text:
            let text = Words.normalizingLineEndings(cell)
            if let limit = maxWords {
                let count = Words.count(text)
                if count > limit { throw AnswerProblem.tooManyWords(count, limit: limit) }
            }
            return .text(text)
        }
    }

    /// Parses one member of a `PUT .../answers` body (api.md). JSON `null` is unanswered, and so
    /// is a string that is empty or only whitespace (as a CSV cell).
    ///
    /// - yes_no: `"yes"`/`"no"` (the same lenient spellings as the CSV) or a JSON boolean;
    /// - scale: a JSON integer (no fraction, no exponent);
    /// - choice: the option id as a string;
    /// - text: a string.
    public func parseAnswer(json: JSONValue) throws(AnswerProblem) -> Answer? {
        if json == .null { return nil }
        switch (kind, json) {
        case (.yesNo, .bool(let b)):
            return .yesNo(b)
        case (.yesNo, .string(let s)), (.choice, .string(let s)), (.text, .string(let s)):
            return try parseAnswer(cell: s)
        case (.scale(let min, let max), .number(let text)):
            guard let v = json.int64Value, let i = Int(exactly: v) else {
                throw AnswerProblem(.notInteger, "\(text) is not a whole number on the scale \(min)..\(max)")
            }
            return try scaleAnswer(i, min: min, max: max)
        default:
            throw AnswerProblem(.wrongType, "expected \(expectedJSON), got \(Answer.jsonTypeName(json))")
        }
    }

    /// Reads back `Answer.storageText`. Returns nil when the stored text no longer fits the
    /// question (cannot happen while cycle reloads refuse such edits); callers treat nil as
    /// unanswered, which never helps a candidate.
    public func answer(fromStorage text: String) -> Answer? {
        if case .text = kind { return text.isEmpty ? nil : .text(text) }
        return try? parseAnswer(cell: text)
    }

    /// The JSON type a `PUT .../answers` body must use for this question, for messages.
    var expectedJSON: String {
        switch kind {
        case .yesNo: "\"yes\", \"no\" or a boolean"
        case .scale(let min, let max): "an integer from \(min) to \(max)"
        case .choice: "an option id string"
        case .text: "a string"
        }
    }

    private func scaleAnswer(_ v: Int, min: Int, max: Int) throws(AnswerProblem) -> Answer {
        guard (min...max).contains(v) else {
            throw AnswerProblem(.outOfRange, "\(v) is outside the scale \(min)..\(max)")
        }
        return .scale(v)
    }

    private func choiceAnswer(_ text: String, options: [ChoiceOption]) throws(AnswerProblem) -> Answer {
        if let o = options.first(where: { $0.id == text }) { return .choice(o.id) }
        let lower = text.lowercased()
        if let o = options.first(where: { $0.id == lower }) { return .choice(o.id) }
        let valid = options.map(\.id).joined(separator: ", ")
        throw AnswerProblem(.unknownOption, "\(Answer.quoted(text)) is not an option (valid: \(valid))")
    }
}

extension Answer {
    /// Drops leading and trailing whitespace (any Unicode whitespace, newlines included).
    static func trim(_ s: String) -> String {
        guard let first = s.firstIndex(where: { !$0.isWhitespace }),
              let last = s.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(s[first...last])
    }

    /// The lenient yes/no spellings of scoring.md, on already trimmed text.
    static func yesNo(_ trimmed: String) -> Bool? {
        switch trimmed.lowercased() {
        case "yes", "y", "true": true
        case "no", "n", "false": false
        default: nil
        }
    }

    static func quoted(_ s: String) -> String {
        let short = s.count > 40 ? String(s.prefix(40)) + "…" : s
        return "\"\(short)\""
    }

    static func jsonTypeName(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
