/// The pieces a slate is built from (formats.md, "The slate"). The store loads them; the slate
/// code only arranges them, so the same inputs always give the same bytes.

/// A member organisation as the slate lists it.
public struct SlateMember: Hashable, Sendable {
    public var id: String
    public var name: String
    public init(id: String, name: String) { self.id = id; self.name = name }
}

/// A candidate as the slate shows them.
public struct SlateCandidate: Hashable, Sendable {
    public var id: String
    public var name: String
    /// The name as printed on the ballot; nil or empty -> `name`.
    public var ballotName: String?
    /// nil (an empty cell) -> false.
    public var incumbent: Bool?
    /// nil or empty -> null.
    public var website: String?

    public init(id: String, name: String, ballotName: String? = nil, incumbent: Bool? = nil,
                website: String? = nil) {
        self.id = id
        self.name = name
        self.ballotName = ballotName
        self.incumbent = incumbent
        self.website = website
    }
}

/// The scores stored with a decision, already rounded for output (2 decimals, scoring.md).
public struct SlateScores: Hashable, Sendable {
    /// 0..100, or nil (null) when there is none.
    public var overall: Fixed4?
    /// Plank id -> 0..100, or nil (null) for a plank with no scored question.
    public var planks: [String: Fixed4?]

    public init(overall: Fixed4?, planks: [String: Fixed4?] = [:]) {
        self.overall = overall
        self.planks = planks
    }

    /// From exact decimal text (`"87.5"`, `"100"`, `"66.67"`); nil text is null. Throws on text
    /// that is not a plain decimal with at most 4 fractional digits.
    public init(overallText: String?, planksText: [String: String?]) throws(EndorseError) {
        func parse(_ text: String?, _ what: String) throws(EndorseError) -> Fixed4? {
            guard let text else { return nil }
            guard let v = Fixed4(parsing: text) else {
                throw EndorseError(.invalidInput, "score \(what) is not a decimal number: \(text)")
            }
            return v
        }
        var planks: [String: Fixed4?] = [:]
        for (id, text) in planksText { planks[id] = .some(try parse(text, id)) }
        self.init(overall: try parse(overallText, "overall"), planks: planks)
    }

    var json: JSONValue {
        var p: [String: JSONValue] = [:]
        for (id, v) in planks { p[id] = v.map(JSONValue.fixed4) ?? .null }
        return .object(["overall": overall.map(JSONValue.fixed4) ?? .null, "planks": .object(p)])
    }
}

/// One endorsed candidate of a decision.
public struct SlateEndorsement: Hashable, Sendable {
    public var candidate: String
    public var scores: SlateScores
    /// The candidate's votes / base, 4 decimals (`SlateEndorsement.share(votes:base:)`); nil (null)
    /// when the base is 0 or the method has none (stv).
    public var share: Fixed4?

    public init(candidate: String, scores: SlateScores, share: Fixed4?) {
        self.candidate = candidate
        self.scores = scores
        self.share = share
    }

    /// votes / base to 4 decimals, half away from zero (formats.md); nil when base is 0.
    public static func share(votes: Int64, base: Int64) -> Fixed4? {
        guard base != 0 else { return nil }
        let num = Int128(votes) * 10_000, den = Int128(base)
        let negative = (num < 0) != (den < 0)
        let (a, b) = (num.magnitude, den.magnitude)
        let rounded = (a * 2 + b) / (b * 2)
        let units = Int64(clamping: negative ? -Int128(rounded) : Int128(rounded))
        return Fixed4(units: units)
    }
}

/// A race's decision as the slate shows it.
public struct SlateDecision: Hashable, Sendable {
    /// In the decision's order.
    public var endorsements: [SlateEndorsement]
    public var method: TallyMethod
    /// The tally outcome the decision was made from (never `open`).
    public var outcome: DecisionOutcome
    /// The race's threshold share; nil (null) for stv, where it does not apply.
    public var threshold: Fixed4?
    /// The threshold base; nil (null) for stv.
    public var base: ThresholdBase?
    public var override: Bool
    /// `YYYY-MM-DDTHH:MM:SSZ` (`SlateTime.string(_:)`).
    public var decidedAt: String

    public init(endorsements: [SlateEndorsement], method: TallyMethod, outcome: DecisionOutcome,
                threshold: Fixed4?, base: ThresholdBase?, override: Bool, decidedAt: String) {
        self.endorsements = endorsements
        self.method = method
        self.outcome = outcome
        self.threshold = threshold
        self.base = base
        self.override = override
        self.decidedAt = decidedAt
    }
}

/// One rescinded endorsement (`endorse rescind`).
public struct SlateRescission: Hashable, Sendable {
    public var race: String
    public var candidate: String
    public var reason: String
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var at: String

    public init(race: String, candidate: String, reason: String, at: String) {
        self.race = race
        self.candidate = candidate
        self.reason = reason
        self.at = at
    }

    var json: JSONValue {
        .object(["race": .string(race), "candidate": .string(candidate), "reason": .string(reason),
                 "at": .string(at)])
    }
}
