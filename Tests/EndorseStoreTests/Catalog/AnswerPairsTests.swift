import EndorseCore
@testable import EndorseStore
import NIOCore
import Testing

/// The binary `text[][]` reader behind `Store.scores` (PostgreSQL array send format).
@Suite struct AnswerPairsTests {
    static func array(_ pairs: [(String, String)]) -> ByteBuffer {
        var b = ByteBuffer()
        b.writeInteger(Int32(pairs.isEmpty ? 0 : 2)); b.writeInteger(Int32(0)); b.writeInteger(UInt32(25))
        if !pairs.isEmpty {
            b.writeInteger(Int32(pairs.count)); b.writeInteger(Int32(1))
            b.writeInteger(Int32(2)); b.writeInteger(Int32(1))
        }
        for (q, v) in pairs {
            for s in [q, v] { b.writeInteger(Int32(s.utf8.count)); b.writeString(s) }
        }
        return b
    }

    func read(_ buffer: ByteBuffer) throws -> [[String]] {
        var out: [[String]] = []
        try buffer.withUnsafeReadableBytes { bytes in
            try Store.forEachPair(in: bytes) {
                out.append([String(decoding: $0, as: UTF8.self), String(decoding: $1, as: UTF8.self)])
            }
        }
        return out
    }

    @Test func pairsInOrder() throws {
        #expect(try read(Self.array([("q-1", "yes"), ("q-tx", "a, \"b\"\nc"), ("q-é", "")]))
                == [["q-1", "yes"], ["q-tx", "a, \"b\"\nc"], ["q-é", ""]])
        #expect(try read(Self.array([])) == [])
    }

    @Test func refusesNullsShortDataAndOtherShapes() {
        var withNull = Self.array([("q-1", "yes")])
        withNull.moveWriterIndex(to: withNull.writerIndex - 3 - 4)
        withNull.writeInteger(Int32(-1))
        #expect(throws: EndorseError.self) { try read(withNull) }
        var short = Self.array([("q-1", "yes")])
        short.moveWriterIndex(to: short.writerIndex - 1)
        #expect(throws: EndorseError.self) { try read(short) }
        var oneDim = ByteBuffer()
        for v: Int32 in [1, 0, 25, 1, 1] { oneDim.writeInteger(v) }
        oneDim.writeInteger(Int32(1)); oneDim.writeString("x")
        #expect(throws: EndorseError.self) { try read(oneDim) }
    }
}
