extension ScoreReport {
    /// `json.canonicalBytes`, written directly: the same bytes without building a `JSONValue`
    /// tree and sorting each candidate's keys (at 100,000 candidates that was a fifth of
    /// `endorse score --format json`). Keys are written in canonical (UTF-8 byte) order.
    public var canonicalJSONBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + candidates.count * 256)
        out.append(contentsOf: #"{"candidates":["#.utf8)
        var plankOrder = PlankOrder()
        for (i, c) in candidates.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            c.writeJSON(into: &out, plankOrder: &plankOrder)
        }
        out.append(contentsOf: #"],"cycle":"#.utf8)
        JSONValue.writeString(cycle, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// The canonical order of a candidate's plank ids, kept while consecutive candidates have the
/// same planks (they all do within one cycle).
struct PlankOrder {
    private var ids: [String] = []
    /// Positions into `ids` in byte order of the id; for a repeated id only its last position
    /// (a JSON object keeps one value per key, the last one assigned).
    private(set) var order: [Int] = []

    mutating func update(_ planks: [PlankScore]) {
        if planks.count == ids.count && zip(planks, ids).allSatisfy({ $0.plank == $1 }) { return }
        ids = planks.map(\.plank)
        var last: [String: Int] = [:]
        for (i, id) in ids.enumerated() { last[id] = i }
        order = last.values.sorted { Identifier.byteOrder(ids[$0], ids[$1]) }
    }
}

extension CandidateScore {
    /// `json.canonicalBytes` appended to `out`.
    func writeJSON(into out: inout [UInt8], plankOrder: inout PlankOrder) {
        out.append(contentsOf: #"{"eligible":"#.utf8)
        out.append(contentsOf: (eligible ? "true" : "false").utf8)
        out.append(contentsOf: #","id":"#.utf8)
        JSONValue.writeString(id, into: &out)
        out.append(contentsOf: #","missing":"#.utf8)
        CandidateScore.writeStrings(missing, into: &out)
        out.append(contentsOf: #","overall":"#.utf8)
        CandidateScore.writeNumber(overall, into: &out)
        out.append(contentsOf: #","planks":{"#.utf8)
        plankOrder.update(planks)
        for (n, p) in plankOrder.order.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(planks[p].plank, into: &out)
            out.append(UInt8(ascii: ":"))
            CandidateScore.writeNumber(planks[p].score, into: &out)
        }
        out.append(contentsOf: #"},"provisional":"#.utf8)
        out.append(contentsOf: (provisional ? "true" : "false").utf8)
        out.append(contentsOf: #","race":"#.utf8)
        JSONValue.writeString(race, into: &out)
        out.append(contentsOf: #","reasons":"#.utf8)
        CandidateScore.writeStrings(reasons, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    private static func writeStrings(_ strings: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, s) in strings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(s, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `number(score)` written: rounded to 2 decimals, or null.
    private static func writeNumber(_ score: Rational?, into out: inout [UInt8]) {
        if let score { out.append(contentsOf: score.rounded(fractionDigits: 2).utf8) } else {
            out.append(contentsOf: "null".utf8)
        }
    }
}
