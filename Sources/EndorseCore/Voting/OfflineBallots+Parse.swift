/// Line-by-line parsing of ballots.jsonl into `OfflineBallots.Line`s and problems.
extension OfflineBallots {
    static let knownKeys = Set(["race", "org", "weight"] + BallotChoice.kindKeys)

    /// Parses every non-blank line of every race. Never throws: bad lines become problems.
    public static func parse(_ bytes: [UInt8]) -> (lines: [Line], problems: [Problem]) {
        var lines: [Line] = []
        var problems: [Problem] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var number = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            number += 1
            var text = bytes[start..<end]
            if text.last == 0x0D { text = text.dropLast() }
            if !text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                switch parseLine(Array(text), number: number) {
                case .success(let line): lines.append(line)
                case .failure(let found): problems.append(contentsOf: found.problems)
                }
            }
            if end == bytes.count { break }
            start = end + 1
        }
        return (lines, problems)
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
