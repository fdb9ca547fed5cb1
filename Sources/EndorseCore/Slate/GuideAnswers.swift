/// The candidates' answers a published voter guide shows (cycle.md `publish_answers`), fixed when
/// the slate version is published: with `endorsed`, the endorsed candidates'; with `all`, every
/// candidate who had answered (not withdrawn); with `none`, nobody's. Stored beside the version
/// as canonical JSON, so every process renders the same guide from it.
public struct GuideAnswers: Hashable, Sendable {
    public var mode: PublishAnswers
    /// Per race in cycle order: endorsed candidates first (slate order), then the others in
    /// score order (scoring.md).
    public var candidates: [Candidate]

    /// One candidate as the guide shows them.
    public struct Candidate: Hashable, Sendable {
        public var id: String
        public var race: String
        public var name: String
        public var ballotName: String
        public var incumbent: Bool
        public var website: String?
        /// Endorsed in this version of the slate.
        public var endorsed: Bool
        /// The overall score, 2 decimals (scoring JSON), nil when no plank has a score.
        public var overall: String?
        /// Plank id -> score text (2 decimals), nil for a plank without a score.
        public var planks: [String: String?]
        /// Question id -> stored value (yes/no, the integer, the option id, the text).
        public var answers: [String: String]

        public init(id: String, race: String, name: String, ballotName: String, incumbent: Bool,
                    website: String?, endorsed: Bool, overall: String?, planks: [String: String?],
                    answers: [String: String]) {
            self.id = id
            self.race = race
            self.name = name
            self.ballotName = ballotName
            self.incumbent = incumbent
            self.website = website
            self.endorsed = endorsed
            self.overall = overall
            self.planks = planks
            self.answers = answers
        }
    }

    public init(mode: PublishAnswers, candidates: [Candidate]) {
        self.mode = mode
        self.candidates = candidates
    }

    /// The stored form.
    public var json: JSONValue {
        .object([
            "publish_answers": .string(mode.rawValue),
            "candidates": .array(candidates.map { c in
                .object([
                    "id": .string(c.id), "race": .string(c.race), "name": .string(c.name),
                    "ballot_name": .string(c.ballotName), "incumbent": .bool(c.incumbent),
                    "website": .optional(c.website), "endorsed": .bool(c.endorsed),
                    "overall": c.overall.map(JSONValue.number) ?? .null,
                    "planks": .object(c.planks.mapValues { $0.map(JSONValue.number) ?? .null }),
                    "answers": .object(c.answers.mapValues(JSONValue.string)),
                ])
            }),
        ])
    }

    /// Reads the stored form; nil when it is not one.
    public init?(json: JSONValue) {
        guard let modeText = json["publish_answers"]?.stringValue, let mode = PublishAnswers(rawValue: modeText),
              let list = json["candidates"]?.arrayValue else { return nil }
        var candidates: [Candidate] = []
        for c in list {
            guard let id = c["id"]?.stringValue, let race = c["race"]?.stringValue,
                  let name = c["name"]?.stringValue else { return nil }
            let planks = (c["planks"]?.objectValue ?? [:]).mapValues { value -> String? in
                if case .number(let n) = value { return n }
                return nil
            }
            var overall: String?
            if case .number(let n)? = c["overall"] { overall = n }
            candidates.append(Candidate(
                id: id, race: race, name: name, ballotName: c["ballot_name"]?.stringValue ?? name,
                incumbent: c["incumbent"]?.boolValue ?? false, website: c["website"]?.stringValue,
                endorsed: c["endorsed"]?.boolValue ?? false, overall: overall, planks: planks,
                answers: (c["answers"]?.objectValue ?? [:]).compactMapValues(\.stringValue)))
        }
        self.init(mode: mode, candidates: candidates)
    }
}
