/// Line-by-line parsing of ballots.jsonl into `OfflineBallots.Line`s and problems.
extension OfflineBallots {
    static let knownKeys = Set(["race", "org", "weight"] + BallotChoice.kindKeys)

    /// Parses every non-blank line of every race. Never throws: bad lines become problems.
    public static func parse(_ bytes: [UInt8]) -> (lines: [Line], problems: [Problem]) {
        parse(bytes, race: nil)
    }

    /// `parse`, keeping only the lines of `race` when given (lines of other races are checked
    /// and dropped).
    static func parse(_ bytes: [UInt8], race: String?) -> (lines: [Line], problems: [Problem]) {
        var lines: [Line] = []
        let problems = parse(bytes, race: race) { lines.append($0); return nil }
        return (lines, problems)
    }

    /// Reads the lines in file order and hands each well-formed line of `race` (every race when
    /// nil) to `each`, which may refuse it with a problem. Returns the problems, in line order.
    /// Lines of the usual shape go through `FastLineReader`, the rest through `parseLine`.
    static func parse(_ bytes: [UInt8], race: String?, each: (Line) -> Problem?) -> [Problem] {
        var none: RankingPacker?
        return bytes.withUnsafeBufferPointer { parse($0, race: race, packer: &none, each: each) }
    }

    /// `packer` (with `race` only) takes the race's weight-only ranking lines it can check.
    static func parse(_ b: UnsafeBufferPointer<UInt8>, race: String?, packer: inout RankingPacker?,
                      each: (Line) -> Problem?) -> [Problem] {
        var problems: [Problem] = []
        var reader = FastLineReader(race: race)
        do {
            var start = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var number = 0
            while start <= b.count {
                var end = start
                while end < b.count && b[end] != 0x0A { end += 1 }
                number += 1
                var stop = end
                if stop > start && b[stop - 1] == 0x0D { stop -= 1 }
                var blank = true
                for i in start..<stop where b[i] != 0x20 && b[i] != 0x09 {
                    blank = false
                    break
                }
                if !blank {
                    switch reader.read(b, start, stop, number: number, packer: &packer) {
                    case .line(let line):
                        if let problem = each(line) { problems.append(problem) }
                    case .otherRace, .packed:
                        break
                    case .unusual:
                        switch parseLine(Array(b[start..<stop]), number: number) {
                        case .success(let line):
                            if race == nil || line.race == race, let problem = each(line) { problems.append(problem) }
                        case .failure(let found):
                            problems.append(contentsOf: found.problems)
                        }
                    }
                }
                if end == b.count { break }
                start = end + 1
            }
        }
        return problems
    }

    struct LineProblems: Error { var problems: [Problem] }

    static func parseLine(_ bytes: [UInt8], number: Int) -> Result<Line, LineProblems> {
        var problems: [Problem] = []
        func bad(_ column: String, _ message: String) {
            problems.append(Problem(line: number, column: column, message: message))
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            return .failure(LineProblems(problems: [Problem(line: number, column: "json",
                                                            message: "not JSON: \(error.description)")]))
        }
        guard let object = value.objectValue else {
            return .failure(LineProblems(problems: [Problem(line: number, column: "json",
                                                            message: "a line must be one JSON object")]))
        }
        if let path = value.pathOfNUL() {
            let key = String(path.prefix { $0 != "[" && $0 != "." })
            return .failure(LineProblems(problems: [Problem(line: number, column: key, message: NULText.message)]))
        }
        for key in object.keys.sorted(by: Identifier.byteOrder) where !knownKeys.contains(key) {
            bad(key, "unknown key (expected race, org, weight and one of \(BallotChoice.kindKeys.joined(separator: ", ")))")
        }
        var race = ""
        switch object["race"] {
        case .string(let s) where Identifier.isValid(s): race = s
        case nil: bad("race", "missing")
        default: bad("race", "must be a race id matching \(Identifier.rule)")
        }
        var org: String?
        switch object["org"] {
        case nil: break
        case .string(let s) where Identifier.isValid(s): org = s
        default: bad("org", "must be an org id matching \(Identifier.rule)")
        }
        var weight: Int64 = 1
        if let w = object["weight"] {
            if let v = w.int64Value, v >= 1, v <= maxWeight {
                weight = v
            } else {
                bad("weight", "must be a whole number from 1 to \(maxWeight)")
            }
        } else if org == nil && object["org"] == nil {
            bad("org", "a line needs an org or a weight")
        }
        var choice: BallotChoice?
        do {
            choice = try BallotChoice(kindOf: object)
        } catch {
            bad(error.key ?? "kind", error.message)
        }
        guard problems.isEmpty, let choice else { return .failure(LineProblems(problems: problems)) }
        return .success(Line(number: number, race: race,
                             ballot: WeightedBallot(org: org, weight: weight, choice: choice),
                             hasWeight: object["weight"] != nil))
    }
}
