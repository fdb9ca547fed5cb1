extension ScoreReport {
    /// `json.canonicalBytes`, written directly: the same bytes without building a `JSONValue`
    /// tree and sorting each candidate's keys (at 100,000 candidates that was a fifth of
    /// `endorse score --format json`). Keys are written in canonical (UTF-8 byte) order.
    public var canonicalJSONBytes: [UInt8] {
        var writer = ScoreJSONWriter()
        writer.out.reserveCapacity(64 + candidates.count * 256)
        writer.out.append(contentsOf: #"{"candidates":["#.utf8)
        for (i, c) in candidates.enumerated() {
            if i > 0 { writer.out.append(UInt8(ascii: ",")) }
            writer.write(c)
        }
        writer.out.append(contentsOf: #"],"cycle":"#.utf8)
        writer.string(cycle)
        writer.out.append(UInt8(ascii: "}"))
        return writer.out
    }
}

/// Writes `CandidateScore.json` canonically. Keeps what repeats from one candidate to the next:
/// the planks' key order and key bytes, and the text of scores already written.
struct ScoreJSONWriter {
    var out: [UInt8] = []
    private var plankIDs: [String] = []
    /// Positions into `plankIDs` in byte order of the id; for a repeated id only its last
    /// position (a JSON object keeps one value per key, the last one assigned).
    private var plankOrder: [Int] = []
    /// `"id":` for each position in `plankOrder`.
    private var plankKeys: [[UInt8]] = []
    /// The text of scores by rounded units (hundredths), 0...100.00.
    private var numbers: [[UInt8]?] = Array(repeating: nil, count: 10_001)

    mutating func write(_ c: CandidateScore) {
        out.append(contentsOf: #"{"eligible":"#.utf8)
        out.append(contentsOf: (c.eligible ? "true" : "false").utf8)
        out.append(contentsOf: #","id":"#.utf8)
        string(c.id)
        out.append(contentsOf: #","missing":"#.utf8)
        strings(c.missing)
        out.append(contentsOf: #","overall":"#.utf8)
        number(c.overall)
        out.append(contentsOf: #","planks":{"#.utf8)
        updatePlanks(c.planks)
        for (n, p) in plankOrder.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: plankKeys[n])
            number(c.planks[p].score)
        }
        out.append(contentsOf: #"},"provisional":"#.utf8)
        out.append(contentsOf: (c.provisional ? "true" : "false").utf8)
        out.append(contentsOf: #","race":"#.utf8)
        string(c.race)
        out.append(contentsOf: #","reasons":"#.utf8)
        strings(c.reasons)
        out.append(UInt8(ascii: "}"))
    }

    private mutating func updatePlanks(_ planks: [PlankScore]) {
        if planks.count == plankIDs.count && zip(planks, plankIDs).allSatisfy({ $0.plank == $1 }) { return }
        plankIDs = planks.map(\.plank)
        var last: [String: Int] = [:]
        for (i, id) in plankIDs.enumerated() { last[id] = i }
        plankOrder = last.values.sorted { Identifier.byteOrder(plankIDs[$0], plankIDs[$1]) }
        plankKeys = plankOrder.map { p in
            var key: [UInt8] = []
            JSONValue.writeString(plankIDs[p], into: &key)
            key.append(UInt8(ascii: ":"))
            return key
        }
    }

    /// `JSONValue.string(s)`; strings with nothing to escape (every id) are copied as they are.
    mutating func string(_ s: String) {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
        } else {
            JSONValue.writeString(s, into: &out)
        }
    }

    private mutating func strings(_ strings: [String]) {
        out.append(UInt8(ascii: "["))
        for (i, s) in strings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(s)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `CandidateScore.number(score)`: rounded to 2 decimals (shortest form), or null.
    private mutating func number(_ score: Rational?) {
        guard let score else { out.append(contentsOf: "null".utf8); return }
        if let units = score.hundredths, units >= 0, units < numbers.count {
            let i = Int(units)
            if numbers[i] == nil { numbers[i] = Array(score.rounded(fractionDigits: 2).utf8) }
            if let text = numbers[i] { out.append(contentsOf: text) }
        } else {
            out.append(contentsOf: score.rounded(fractionDigits: 2).utf8)
        }
    }
}

extension Rational {
    /// The value in hundredths, rounded half away from zero as `rounded(fractionDigits: 2)`
    /// rounds (equal hundredths give equal text); nil when not stored in 64 bits.
    var hundredths: Int128? {
        guard case .small(let n, let d) = storage else { return nil }
        let (q, r) = (Int128(n.magnitude) * 100).quotientAndRemainder(dividingBy: Int128(d))
        let units = 2 * r >= Int128(d) ? q + 1 : q
        return n < 0 ? -units : units
    }
}
