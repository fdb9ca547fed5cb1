/// One election for which the coalition endorses: the parsed and validated cycle file (cycle.md).
///
/// Build one with `CycleFile.parse` (which validates everything); the memberwise initialisers exist
/// for tests and for the store, which reloads what it saved.
public struct Cycle: Hashable, Sendable {
    public var id: String
    public var name: LocalizedText
    /// `YYYY-MM-DD`.
    public var electionDate: String
    /// An OCD division id, optional.
    public var jurisdiction: String?
    public var coalition: Coalition
    public var rules: Rules
    public var races: [Race]
    public var platform: [Plank]
    public var questionnaire: [Question]
    /// After it, candidates' answers can no longer change (web.md); nil: no deadline.
    public var questionnaireCloses: OffsetDateTime?
    /// Whose answers the voter guide shows.
    public var publishAnswers: PublishAnswers

    public init(id: String, name: LocalizedText, electionDate: String, jurisdiction: String? = nil,
                coalition: Coalition, rules: Rules = Rules(), races: [Race], platform: [Plank],
                questionnaire: [Question], questionnaireCloses: OffsetDateTime? = nil,
                publishAnswers: PublishAnswers = .endorsed) {
        self.id = id
        self.name = name
        self.electionDate = electionDate
        self.jurisdiction = jurisdiction
        self.coalition = coalition
        self.rules = rules
        self.races = races
        self.platform = platform
        self.questionnaire = questionnaire
        self.questionnaireCloses = questionnaireCloses
        self.publishAnswers = publishAnswers
    }

    /// The languages of the cycle's display texts, default first; empty when every display text
    /// is a plain string (the file's validation makes every map name the same languages).
    public var languages: [String] {
        if !name.languages.isEmpty { return name.languages }
        for t in races.map(\.name) + platform.flatMap({ [$0.title] + ($0.section.map { [$0] } ?? []) })
            + questionnaire.map(\.text) where !t.languages.isEmpty { return t.languages }
        for q in questionnaire {
            if case .choice(let options) = q.kind, let o = options.first(where: { !$0.label.languages.isEmpty }) {
                return o.label.languages
            }
        }
        return []
    }

    /// Whether answers may still change at `unixMicroseconds` (always, without a deadline).
    public func questionnaireIsOpen(atUnixMicroseconds now: Int64) -> Bool {
        guard let closes = questionnaireCloses else { return true }
        return now < closes.unixMicroseconds
    }

    public func race(_ id: String) -> Race? { races.first { $0.id == id } }
    public func plank(_ id: String) -> Plank? { platform.first { $0.id == id } }
    public func question(_ id: String) -> Question? { questionnaire.first { $0.id == id } }

    /// The rules in force for one race: the cycle's, with the race's overrides applied.
    public func rules(for race: Race) -> Rules {
        var r = rules
        if let q = race.quorum { r.quorum = q }
        if let t = race.threshold { r.threshold = t }
        if let b = race.thresholdBase { r.thresholdBase = b }
        return r
    }
}

public struct Coalition: Hashable, Sendable {
    public var name: String
    public var url: String?
    public init(name: String, url: String? = nil) { self.name = name; self.url = url }
}

/// Cycle-wide rules (cycle.md `rules:`). Defaults apply to keys the file leaves out.
public struct Rules: Hashable, Sendable {
    public var requireComplete: Bool
    /// 0..100.
    public var minOverallScore: Fixed4
    /// Share of eligible weight that must cast a ballot, 0..1.
    public var quorum: Fixed4
    public var quorumStrict: Bool
    /// Share needed to endorse, 0.5..1.
    public var threshold: Fixed4
    public var thresholdBase: ThresholdBase
    public var resultsSealed: Bool

    public init(requireComplete: Bool = true, minOverallScore: Fixed4 = .zero,
                quorum: Fixed4 = Fixed4(units: 5_000), quorumStrict: Bool = false,
                threshold: Fixed4 = Fixed4(units: 6_667), thresholdBase: ThresholdBase = .cast,
                resultsSealed: Bool = true) {
        self.requireComplete = requireComplete
        self.minOverallScore = minOverallScore
        self.quorum = quorum
        self.quorumStrict = quorumStrict
        self.threshold = threshold
        self.thresholdBase = thresholdBase
        self.resultsSealed = resultsSealed
    }
}

public enum ThresholdBase: String, Hashable, Sendable, CaseIterable {
    case cast, eligible, continuing
}

public enum TallyMethod: String, Hashable, Sendable, CaseIterable {
    case irv, threshold, approval, stv
}

/// How an stv race counts transfer values (cycle.md `stv_arithmetic`, voting.md).
public enum STVArithmetic: String, Hashable, Sendable, CaseIterable {
    /// Every value an exact fraction (the default).
    case exact
    /// Each paper's new value truncated to 5 decimals when it is transferred, the loss
    /// non-transferable: the Scottish Local Government Elections Order 2007.
    case scottish
}

public struct Race: Hashable, Sendable {
    public var id: String
    public var name: LocalizedText
    public var division: String?
    public var seats: Int
    public var method: TallyMethod
    /// Defaults to `seats`; more than `seats` allows a dual endorsement.
    public var maxEndorsements: Int
    public var quorum: Fixed4?
    public var threshold: Fixed4?
    public var thresholdBase: ThresholdBase?
    /// stv only (`exact` for every other method, where it has no effect).
    public var stvArithmetic: STVArithmetic

    public init(id: String, name: LocalizedText, division: String? = nil, seats: Int = 1,
                method: TallyMethod, maxEndorsements: Int? = nil, quorum: Fixed4? = nil,
                threshold: Fixed4? = nil, thresholdBase: ThresholdBase? = nil,
                stvArithmetic: STVArithmetic = .exact) {
        self.id = id
        self.name = name
        self.division = division
        self.seats = seats
        self.method = method
        self.maxEndorsements = maxEndorsements ?? seats
        self.quorum = quorum
        self.threshold = threshold
        self.thresholdBase = thresholdBase
        self.stvArithmetic = stvArithmetic
    }
}

/// One point of the coalition platform.
public struct Plank: Hashable, Sendable {
    public var id: String
    public var title: LocalizedText
    public var section: LocalizedText?
    /// > 0, relative importance in the overall score.
    public var weight: Fixed4
    /// Optional dealbreaker: a plank score below it makes the candidate ineligible.
    public var minScore: Fixed4?

    public init(id: String, title: LocalizedText, section: LocalizedText? = nil, weight: Fixed4,
                minScore: Fixed4? = nil) {
        self.id = id
        self.title = title
        self.section = section
        self.weight = weight
        self.minScore = minScore
    }
}

public struct Question: Hashable, Sendable {
    public var id: String
    public var text: LocalizedText
    public var kind: QuestionKind
    /// At least one.
    public var planks: [PlankMapping]
    /// Text questions only: the most words a candidate's answer may have (cycle.md `max_words`).
    public var maxWords: Int?

    public init(id: String, text: LocalizedText, kind: QuestionKind, planks: [PlankMapping],
                maxWords: Int? = nil) {
        self.id = id
        self.text = text
        self.kind = kind
        self.planks = planks
        self.maxWords = maxWords
    }
}

public enum QuestionKind: Hashable, Sendable {
    case yesNo
    case scale(min: Int, max: Int)
    case choice(options: [ChoiceOption])
    case text(maxPoints: Int)

    /// The kind's name in the cycle file: `yes_no`, `scale`, `choice`, `text`.
    public var name: String {
        switch self {
        case .yesNo: "yes_no"
        case .scale: "scale"
        case .choice: "choice"
        case .text: "text"
        }
    }
}

public struct ChoiceOption: Hashable, Sendable {
    public var id: String
    public var label: LocalizedText
    /// In [0, 1].
    public var score: Fixed4
    public init(id: String, label: LocalizedText, score: Fixed4) {
        self.id = id
        self.label = label
        self.score = score
    }
}

/// A question feeding one plank.
public struct PlankMapping: Hashable, Sendable {
    public var plank: String
    /// > 0, relative weight inside the plank; default 1.
    public var weight: Fixed4
    /// Required for yes_no (`yes`/`no`) and scale (`high`/`low`); nil for choice and text.
    public var favors: Favors?

    public init(plank: String, weight: Fixed4 = .one, favors: Favors? = nil) {
        self.plank = plank
        self.weight = weight
        self.favors = favors
    }
}

public enum Favors: String, Hashable, Sendable {
    case yes, no, high, low
}

/// Whose answers the voter guide shows (cycle.md `publish_answers`).
public enum PublishAnswers: String, Hashable, Sendable, CaseIterable {
    case endorsed, all, none
}
