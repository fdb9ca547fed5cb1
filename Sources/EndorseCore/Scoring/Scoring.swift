/// What scoring needs to know about one candidate (scoring.md): current answers and the latest
/// review of each reviewer of each text answer.
public struct CandidateAnswers: Hashable, Sendable {
    public var id: String
    public var race: String
    public var withdrawn: Bool
    /// Question id -> current answer. A question absent here is unanswered.
    public var answers: [String: Answer]
    /// Text question id -> the latest review of each reviewer (see `Review.latestPerReviewer`).
    public var reviews: [String: [Review]]

    public init(id: String, race: String, withdrawn: Bool = false, answers: [String: Answer] = [:],
                reviews: [String: [Review]] = [:]) {
        self.id = id
        self.race = race
        self.withdrawn = withdrawn
        self.answers = answers
        self.reviews = reviews
    }
}

/// One plank's score for a candidate, 0...100, or nil when every question feeding it is pending.
public struct PlankScore: Hashable, Sendable {
    public var plank: String
    public var score: Rational?

    public init(plank: String, score: Rational?) {
        self.plank = plank
        self.score = score
    }
}

/// A candidate's scores and eligibility, unrounded; round only for output.
public struct CandidateScore: Hashable, Sendable {
    public var id: String
    public var race: String
    /// 0...100; nil when no plank has a score.
    public var overall: Rational?
    /// Every plank of the platform, in platform (file) order.
    public var planks: [PlankScore]
    /// True while a text answer awaits its first review: the scores may still change.
    public var provisional: Bool
    public var eligible: Bool
    /// Failing eligibility conditions in scoring.md order: `withdrawn`, `incomplete`,
    /// `pending_review`, `below_min_overall`, `dealbreaker:<plank id>`...
    public var reasons: [String]
    /// Unanswered question ids in questionnaire order (listed whether or not
    /// `require_complete` is set).
    public var missing: [String]

    public init(id: String, race: String, overall: Rational?, planks: [PlankScore], provisional: Bool,
                eligible: Bool, reasons: [String], missing: [String]) {
        self.id = id
        self.race = race
        self.overall = overall
        self.planks = planks
        self.provisional = provisional
        self.eligible = eligible
        self.reasons = reasons
        self.missing = missing
    }

    /// The score of one plank; nil when the plank is null or unknown.
    public func plank(_ id: String) -> Rational? {
        planks.first { $0.plank == id }?.score ?? nil
    }
}

/// Scores candidates against one cycle exactly as scoring.md says.
///
/// `init` turns the cycle into a plan once: per plank a common integer denominator, so that the
/// usual terms (yes_no, scale, choice) add up as plain `Int64`s, and rational arithmetic happens
/// only once per plank and for reviewed text answers. Planks whose terms would not fit in 64 bits
/// (absurd weights) are summed as `Rational`s instead; both paths give the same exact values.
public struct ScoringEngine: Sendable {
    public let cycleID: String
    let rules: Rules
    let planks: [PlankPlan]
    let questions: [QuestionPlan]
    let positions: [String: Int]
    /// Sum of all plank weights, the overall denominator when no plank is null.
    let totalPlankWeight: Rational
    let hasSlowPlank: Bool
    let minOverall: Rational

    public init(cycle: Cycle) {
        cycleID = cycle.id
        rules = cycle.rules
        minOverall = Rational(cycle.rules.minOverallScore)
        let plan = ScoringEngine.plan(cycle)
        planks = plan.planks
        questions = plan.questions
        var positions: [String: Int] = [:]
        for (i, q) in cycle.questionnaire.enumerated() where positions[q.id] == nil { positions[q.id] = i }
        self.positions = positions
        totalPlankWeight = plan.planks.reduce(Rational.zero) { $0 + $1.weight }
        hasSlowPlank = plan.planks.contains { $0.denominator == nil }
    }

    /// The question ids in questionnaire order: the positions `score(id:race:withdrawn:answers:reviews:)`
    /// expects.
    public var questionIDs: [String] { questions.map(\.id) }

    /// The position of a question in the questionnaire.
    public func position(ofQuestion id: String) -> Int? { positions[id] }

    /// Scores one candidate.
    public func score(_ c: CandidateAnswers) -> CandidateScore {
        score(id: c.id, race: c.race, withdrawn: c.withdrawn,
              answer: { c.answers[questions[$0].id] },
              reviews: { c.reviews[questions[$0].id] ?? [] })
    }

    /// Scores one candidate from answers by questionnaire position, which avoids hashing question
    /// ids: `answers[i]` and `reviews[i]` belong to `questionIDs[i]` (missing positions count as
    /// unanswered / unreviewed).
    public func score(id: String, race: String, withdrawn: Bool, answers: [Answer?],
                      reviews: [[Review]]) -> CandidateScore {
        score(id: id, race: race, withdrawn: withdrawn,
              answer: { $0 < answers.count ? answers[$0] : nil },
              reviews: { $0 < reviews.count ? reviews[$0] : [] })
    }

    /// Scores many candidates into a report, sorted as scoring.md says.
    public func report(_ candidates: [CandidateAnswers]) -> ScoreReport {
        ScoreReport(cycle: cycleID, candidates: candidates.map(score))
    }
}
