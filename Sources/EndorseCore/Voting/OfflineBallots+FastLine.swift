/// A reader for the usual shape of a ballots.jsonl line, straight from its bytes: one flat
/// object of the known keys, each at most once; plain ASCII strings without escapes; a weight of
/// plain digits in range; ids that follow the id rule for `race` and `org`; `true` for
/// `no_endorsement`/`abstain`; exactly one kind and `org` or `weight`. That is the line of every
/// tool that writes these files, and reading it this way is several times faster than building
/// a `JSONValue` for it. Anything else, including every mistake, is `.unusual`: the general JSON
/// parser then reads the line and reports it (`parseLine`), so both paths accept and refuse the
/// same lines with the same messages.
struct FastLineReader {
    enum Result {
        case line(OfflineBallots.Line)
        /// Well formed, of another race than the one asked for (dropped unread).
        case otherRace
        /// A weight-only ranking of the race, taken by the packer.
        case packed
        case unusual
    }

    /// Keep only this race's lines (nil: keep all).
    let race: String?
    private let raceBytes: [UInt8]?
    private var interner = Interner()
    private var lastRace: (bytes: [UInt8], string: String)?
    /// The id ranges of the line being read (kept to save an allocation per line).
    private var ids: [Range<Int>] = []

    init(race: String?) {
        self.race = race
        raceBytes = race.map { Array($0.utf8) }
    }

    private enum Key: Int, CaseIterable { case race, org, weight, ranking, approve, noEndorsement, abstain }
    private static let keyBytes: [[UInt8]] = ["race", "org", "weight", "ranking", "approve", "no_endorsement",
                                              "abstain"].map { Array($0.utf8) }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    /// Reads `b[start..<end]` (one physical line without its line break).
    mutating func read(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, number: Int) -> Result {
        var none: RankingPacker?
        return read(b, start, end, number: number, packer: &none)
    }

    /// `read`, giving a weight-only ranking line of the race to `packer` when there is one.
    mutating func read(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, number: Int,
                       packer: inout RankingPacker?) -> Result {
        var s = Scanner(b: b, i: start, end: end)
        guard s.take(UInt8(ascii: "{")) else { return .unusual }
        var seen: UInt8 = 0
        var raceRange: Range<Int>?, orgRange: Range<Int>?
        var weight: Int64?
        ids.removeAll(keepingCapacity: true)
        var kind: Key?
        repeat {
            guard let keyRange = s.plainString(), let key = Self.key(b, keyRange) else { return .unusual }
            let bit = UInt8(1) << UInt8(key.rawValue)
            guard seen & bit == 0, s.take(UInt8(ascii: ":")) else { return .unusual }
            seen |= bit
            switch key {
            case .race, .org:
                guard let r = s.plainString(), Self.isIdentifier(b, r) else { return .unusual }
                if key == .race { raceRange = r } else { orgRange = r }
            case .weight:
                guard let w = s.weight() else { return .unusual }
                weight = w
            case .ranking, .approve:
                guard kind == nil, s.take(UInt8(ascii: "[")) else { return .unusual }
                repeat {
                    guard let r = s.plainString() else { return .unusual }
                    ids.append(r)
                } while s.take(UInt8(ascii: ","))
                guard s.take(UInt8(ascii: "]")) else { return .unusual }
                kind = key
            case .noEndorsement, .abstain:
                guard kind == nil, s.literalTrue() else { return .unusual }
                kind = key
            }
        } while s.take(UInt8(ascii: ","))
        guard s.take(UInt8(ascii: "}")), s.atEnd(), let raceRange, let kind,
              orgRange != nil || weight != nil else { return .unusual }

        let raceID: String
        if let raceBytes {
            guard Self.equal(b, raceRange, raceBytes), let race else { return .otherRace }
            if kind == .ranking, orgRange == nil, let weight, packer != nil,
               packer?.add(b, ids, weight: weight) == true {
                return .packed
            }
            raceID = race
        } else {
            raceID = raceString(b, raceRange)
        }
        let choice: BallotChoice
        switch kind {
        case .ranking: choice = .ranking(strings(b))
        case .approve: choice = .approve(strings(b))
        case .noEndorsement: choice = .noEndorsement
        default: choice = .abstain
        }
        let org = orgRange.map { interner.string(b, $0) }
        return .line(OfflineBallots.Line(number: number, race: raceID,
                                         ballot: WeightedBallot(org: org, weight: weight ?? 1, choice: choice),
                                         hasWeight: weight != nil))
    }

    private mutating func strings(_ b: UnsafeBufferPointer<UInt8>) -> [String] {
        var out: [String] = []
        out.reserveCapacity(ids.count)
        for r in ids { out.append(interner.string(b, r)) }
        return out
    }

    private mutating func raceString(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        if let last = lastRace, Self.equal(b, r, last.bytes) { return last.string }
        let s = String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
        lastRace = (Array(b[r]), s)
        return s
    }

    private static func key(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Key? {
        for key in Key.allCases where equal(b, r, keyBytes[key.rawValue]) { return key }
        return nil
    }

    static func equal(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ bytes: [UInt8]) -> Bool {
        guard r.count == bytes.count else { return false }
        var j = 0
        for i in r {
            if b[i] != bytes[j] { return false }
            j += 1
        }
        return true
    }

    /// `[a-z0-9][a-z0-9-]{0,62}` (Identifier.isValid) on bytes.
    static func isIdentifier(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        guard (1...63).contains(r.count) else { return false }
        for i in r {
            let c = b[i]
            let alnum = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
            if !(alnum || (c == 0x2D && i != r.lowerBound)) { return false }
        }
        return true
    }

    /// A cursor over one line; whitespace between tokens is spaces and tabs (a CR or anything
    /// else makes the line unusual).
    struct Scanner {
        let b: UnsafeBufferPointer<UInt8>
        var i: Int
        let end: Int

        mutating func space() {
            while i < end && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        }

        mutating func take(_ c: UInt8) -> Bool {
            space()
            guard i < end, b[i] == c else { return false }
            i += 1
            return true
        }

        mutating func atEnd() -> Bool {
            space()
            return i == end
        }

        /// A string of printable ASCII without escapes; its contents' range.
        mutating func plainString() -> Range<Int>? {
            space()
            guard i < end, b[i] == FastLineReader.quote else { return nil }
            var j = i + 1
            while j < end {
                let c = b[j]
                if c == FastLineReader.quote { break }
                if c == FastLineReader.backslash || c < 0x20 || c > 0x7E { return nil }
                j += 1
            }
            guard j < end else { return nil }
            defer { i = j + 1 }
            return (i + 1)..<j
        }

        /// 1...maxWeight as plain digits (no sign, leading zero, fraction or exponent: a number
        /// followed by anything but a separator fails at the next token).
        mutating func weight() -> Int64? {
            space()
            var v: Int64 = 0, digits = 0
            while i < end, b[i] >= 0x30, b[i] <= 0x39 {
                if digits == 0 && b[i] == 0x30 { return nil }
                v = v * 10 + Int64(b[i] - 0x30)
                digits += 1
                i += 1
                if digits > 10 { return nil }
            }
            guard digits > 0, v <= OfflineBallots.maxWeight else { return nil }
            return v
        }

        mutating func literalTrue() -> Bool {
            space()
            guard i + 4 <= end, b[i] == 0x74, b[i + 1] == 0x72, b[i + 2] == 0x75, b[i + 3] == 0x65 else { return false }
            i += 4
            return true
        }
    }

    /// Strings for the ids of a file, made once each: a file names few distinct ids many times,
    /// and an id over 15 bytes would otherwise cost an allocation every time.
    struct Interner {
        private var table = IDTable()
        private static let limit = 1 << 16

        mutating func string(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
            let slice = UnsafeBufferPointer(rebasing: b[r])
            if let k = table.index(bytes: slice) { return table.ids[k] }
            guard table.count < Self.limit else { return String(decoding: slice, as: UTF8.self) }
            let k = table.insert(bytes: slice)
            return table.ids[k]
        }
    }
}
