import PropertyBased
import Testing
@testable import EndorseCore

/// The fast reader of ballots.jsonl lines (`FastLineReader`) must accept and refuse exactly what
/// the general JSON parser does, with the same lines and the same problems.
@Suite struct OfflineFastLineTests {
    /// The usual shapes first, then near misses of every kind.
    static let usual = [
        #"{"org": "org-a", "race": "d-1", "ranking": ["c-a","c-b"]}"#,
        #"{"weight": 3, "race": "d-1", "ranking": ["c-a"]}"#,
        #"{"race":"d-1","weight":1000000000,"approve":["c-a","c-b"]}"#,
        "\t{ \"race\" : \"d-1\" , \"org\" : \"o\" , \"abstain\" : true }  ",
        #"{"race": "d-1", "org": "o", "no_endorsement": true}"#,
        #"{"race": "d-1", "org": "o", "weight": 2, "ranking": ["c-a", "c-long-name-over-15-bytes"]}"#,
        #"{"race": "d-2", "org": "o", "ranking": ["c-a"]}"#,
    ]
    static let unusual = [
        #"{"race": "d-1", "org": "o", "no_endorsement": false}"#,
        #"{"race": "d-1", "weight": 0, "ranking": ["c-a"]}"#,
        #"{"race": "d-1", "weight": 01, "ranking": ["c-a"]}"#,
        #"{"race": "d-1", "weight": 1.5, "ranking": ["c-a"]}"#,
        #"{"race": "d-1", "weight": 1e2, "ranking": ["c-a"]}"#,
        #"{"race": "d-1", "weight": -1, "ranking": ["c-a"]}"#,
        #"{"race": "d-1", "weight": 1000000001, "ranking": ["c-a"]}"#,
        #"{"race": "d-1", "weight": 99999999999999999999, "ranking": ["c-a"]}"#,
        #"{"race": "d-1", "weight": 2, "ranking": []}"#,
        #"{"race": "d-1", "weight": 2, "ranking": ["c-a",]}"#,
        #"{"race": "d-1", "weight": 2, "ranking": ["c-a", 3]}"#,
        #"{"race": "d-1", "weight": 2, "ranking": ["c-\u0061"]}"#,
        #"{"race": "d-1", "weight": 2, "ranking": ["c-ä"]}"#,
        #"{"race": "d-1", "weight": 2, "ranking": "c-a"}"#,
        #"{"race": "D-1", "weight": 2, "ranking": ["c-a"]}"#,
        #"{"race": "-d", "weight": 2, "ranking": ["c-a"]}"#,
        #"{"race": "d-1", "org": "Org", "ranking": ["c-a"]}"#,
        #"{"race": "d-1", "ranking": ["c-a"]}"#,
        #"{"race": "d-1", "org": "o", "ranking": ["c-a"], "approve": ["c-a"]}"#,
        #"{"race": "d-1", "org": "o", "ranking": ["c-a"], "org": "p"}"#,
        #"{"race": "d-1", "org": "o", "ranking": ["c-a"], "extra": 1}"#,
        #"{"race": "d-1", "org": "o", "ranking": ["c-a"]} x"#,
        #"{"race": "d-1", "org": "o", "ranking": ["c-a"],}"#,
        #"{"race": "d-1", "org": "o", "ranking": ["c-a"]"#,
        #"{"org": "o", "ranking": ["c-a"]}"#,
        #"{}"#, #"[]"#, #"nonsense"#, #"{"race": "d-1", "org": "o"}"#,
        "{\"race\": \"d-1\",\r\"org\": \"o\", \"abstain\": true}",
        #"{"race": "d-1", "org": null, "weight": 2, "ranking": ["c-a"]}"#,
        #"{"race": "d-2", "org": "O", "ranking": ["c-a"]}"#,
    ]

    /// What the general parser alone makes of the lines (1-based numbers, blank lines skipped).
    static func reference(_ lines: [String], race: String?) -> ([OfflineBallots.Line], [OfflineBallots.Problem]) {
        var out: [OfflineBallots.Line] = [], problems: [OfflineBallots.Problem] = []
        for (i, text) in lines.enumerated() where !text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            switch OfflineBallots.parseLine(Array(text.utf8), number: i + 1) {
            case .success(let line): if race == nil || line.race == race { out.append(line) }
            case .failure(let found): problems += found.problems
            }
        }
        return (out, problems)
    }

    static func expectSame(_ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(lines.joined(separator: "\n").utf8)
        for race in [nil, "d-1"] as [String?] {
            let fast = OfflineBallots.parse(bytes, race: race)
            let (refLines, refProblems) = reference(lines, race: race)
            #expect(fast.lines == refLines, "race \(race ?? "any")", sourceLocation: sourceLocation)
            #expect(fast.problems == refProblems, "race \(race ?? "any")", sourceLocation: sourceLocation)
        }
    }

    @Test func bothReadersAgreeOnEveryLine() {
        Self.expectSame(Self.usual + Self.unusual)
        #expect(OfflineBallots.parse(Array(Self.unusual.joined(separator: "\n").utf8)).problems.count >= 20)
    }

    /// Not vacuous: the usual lines do take the fast path, the others do not.
    @Test func theFastReaderTakesTheUsualLinesOnly() {
        var reader = FastLineReader(race: "d-1")
        for (n, text) in (Self.usual + Self.unusual).enumerated() {
            let bytes = Array(text.utf8)
            let result = bytes.withUnsafeBufferPointer { reader.read($0, 0, $0.count, number: n + 1) }
            switch result {
            case .line(let line): #expect(n < Self.usual.count && line.race == "d-1", "\(text)")
            case .otherRace: #expect(text.contains("\"d-2\"") && n < Self.usual.count, "\(text)")
            case .unusual: #expect(n >= Self.usual.count, "\(text)")
            case .packed: Issue.record("packed without a packer: \(text)")
            }
        }
    }

    /// irv and stv pack weight-only ranking lines as they are read: the tally is the one of
    /// every line as its own ballot, and a packed line that is wrong is reported like any other.
    @Test(arguments: [TallyMethod.irv, .stv])
    func packedLinesCountAndAreCheckedLikeAnyOther(method: TallyMethod) throws {
        let race = Race(id: "d-1", name: "D", seats: method == .stv ? 2 : 1, method: method)
        let cycle = Cycle(id: "cy", name: "Cy", electionDate: "2026-11-03", coalition: Coalition(name: "C"),
                          races: [race], platform: [], questionnaire: [])
        var rng = SeededRandom(seed: 11)
        let ids = ["c-a", "c-b", "c-c", "c-d", "c-long-name-over-15-bytes"]
        var lines: [String] = []
        for i in 0..<400 {
            let ranking = ids.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)).map { "\"\($0)\"" }
            let who = i % 10 == 0 ? #""org": "o-\#(i % 30)""# : #""weight": \#(Int.random(in: 1...9, using: &rng))"#
            lines.append(#"{\#(who), "race": "d-1", "ranking": [\#(ranking.joined(separator: ", "))]}"#)
        }
        lines.append(#"{"org": "o-x", "race": "d-1", "no_endorsement": true}"#)
        let bytes = Array(lines.joined(separator: "\n").utf8)
        for candidates in [nil, ids] as [[String]?] {
            let loaded = try OfflineBallots.load(bytes, file: "b.jsonl", race: race, candidates: candidates)
            #expect(loaded.packed.lines == 360)
            let packed = try Tally.tally(TallyInput.offline(cycle: cycle, race: race, loaded: loaded))
            let plain = try Tally.tally(TallyInput.offline(cycle: cycle, race: race, candidates: loaded.candidates,
                                                           ballots: loaded.allBallots))
            #expect(packed.json == plain.json)
            #expect(packed.turnoutWeight == plain.turnoutWeight)
        }
        let bad = [#"{"weight": 2, "race": "d-1", "ranking": ["c-a", "c-a"]}"#,
                   #"{"weight": 2, "race": "d-1", "ranking": ["c-q"]}"#,
                   #"{"weight": 2, "race": "d-1", "ranking": []}"#]
        let error = try #require(throws: EndorseError.self) {
            try OfflineBallots.load(Array((lines + bad).joined(separator: "\n").utf8), file: "b.jsonl", race: race,
                                    candidates: ids)
        }
        #expect(error.details == ["b.jsonl:402: ranking: c-a appears more than once in the ranking list",
                                  "b.jsonl:403: ranking: c-q is not on the race's ballot",
                                  "b.jsonl:404: ranking: the ranking list is empty"])
    }

    /// Random edits of usual lines (a byte dropped, doubled or replaced by a JSON-ish one):
    /// whatever the line becomes, both readers agree.
    @Test func randomEditsReadTheSameByBothReaders() async {
        let alphabet = Array(#"{}[]":, \-0123456789abcdeftruxyz."#.utf8) + [0x09, 0xC3, 0xA4]
        let edit = zip(Gen.int(in: 0..<Self.usual.count), Gen.int(in: 0...200), Gen.int(in: 0...2),
                       Gen.int(in: 0..<alphabet.count))
        await propertyCheck(count: 2_000, input: edit.array(of: 1...12)) { edits in
            var lines: [String] = []
            for (which, at, how, with) in edits {
                var bytes = Array(Self.usual[which].utf8)
                let i = at % bytes.count
                switch how {
                case 0: bytes.remove(at: i)
                case 1: bytes.insert(bytes[i], at: i)
                default: bytes[i] = alphabet[with]
                }
                lines.append(String(decoding: bytes, as: UTF8.self))
            }
            Self.expectSame(lines)
        }
    }
}
