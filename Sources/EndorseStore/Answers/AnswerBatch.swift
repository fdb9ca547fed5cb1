import EndorseCore
import NIOCore

/// Where a set of answers came from (`answers.source`).
public enum AnswerSource: String, Sendable, Hashable {
    /// answers.csv (`answers import`).
    case `import`
    /// `PUT .../answers`.
    case api
    /// The candidate's own questionnaire page.
    case web
}

/// Complete answer rows of some candidates, ready for `AnswerWrite`: every listed candidate's
/// current answers are replaced by the answers added for it (a question without one becomes
/// unanswered), like one row of answers.csv. The answers travel as COPY text-format chunks
/// (`candidate\tquestion\tvalue\n`), so 4,000,000 imported cells cost no more than a \copy.
struct AnswerBatch: Sendable {
    /// Candidates whose answers are replaced, in the order given.
    private(set) var candidates: [String] = []
    private(set) var chunks: [ByteBuffer] = []
    private var chunk = ByteBuffer()
    static let chunkSize = 1 << 20

    init() {
        chunk.reserveCapacity(Self.chunkSize)
    }

    /// One candidate's complete row: `answers` by question (nil or absent: unanswered).
    init(candidate: String, answers: [String: Answer?]) {
        self.init()
        addCandidate(candidate)
        for (question, answer) in answers.sorted(by: { $0.key < $1.key }) {
            if let answer { add(candidate: candidate, question: question, answer) }
        }
    }

    /// Lists a candidate whose answers the batch replaces.
    mutating func addCandidate(_ id: String) { candidates.append(id) }

    /// One non-empty answer of a listed candidate.
    mutating func add(candidate: String, question: String, _ answer: Answer) {
        Self.appendCopyField(candidate, to: &chunk)
        chunk.writeInteger(UInt8(ascii: "\t"))
        Self.appendCopyField(question, to: &chunk)
        chunk.writeInteger(UInt8(ascii: "\t"))
        Self.appendCopyField(answer.storageText, to: &chunk)
        chunk.writeInteger(UInt8(ascii: "\n"))
        if chunk.readableBytes >= Self.chunkSize {
            chunks.append(chunk)
            chunk = ByteBuffer()
            chunk.reserveCapacity(Self.chunkSize)
        }
    }

    /// Every chunk, the partly filled last one included.
    var copyChunks: [ByteBuffer] { chunk.readableBytes > 0 ? chunks + [chunk] : chunks }

    /// Writes `text` escaped for COPY's text format (backslash, tab, newline, carriage return).
    static func appendCopyField(_ text: String, to buffer: inout ByteBuffer) {
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\\"): buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): buffer.writeBytes([UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: buffer.writeInteger(b)
            }
        }
    }
}
