/// The tally JSON of voting.md (`endorse tally --format json`, `GET .../tally`).
extension Tally {
    /// Every key of voting.md's example is always present; optional values are `null`. irv has
    /// `"votes": null` at the top level (its counts are in `rounds`); threshold and approval have
    /// `"rounds": []` and `"votes"` over every candidate on the ballot, zeros included. stv adds
    /// `quota` and `elected`, has its stages in `rounds`, and `"threshold": null`.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "cycle": .string(cycle),
            "race": .string(race),
            "method": .string(method.rawValue),
            "state": .string(state.rawValue),
            "eligible_weight": .int(eligibleWeight),
            "turnout_weight": .int(turnoutWeight),
            "cast_weight": .int(castWeight),
            "abstain_weight": .int(abstainWeight),
            "no_endorsement_weight": .int(noEndorsementWeight),
            "recused": .strings(recused),
            "quorum": .object([
                "share": .fixed4(quorum.share),
                "required": .number(Fixed4.format(units: quorum.requiredUnits, fractionDigits: 4)),
                "met": .bool(quorum.met),
            ]),
            "threshold": .object([
                "share": .fixed4(threshold.share),
                "base": .string(threshold.base.rawValue),
                "base_weight": .int(threshold.baseWeight),
                "required": .number(Fixed4.format(units: threshold.requiredUnits, fractionDigits: 4)),
            ]),
            "rounds": .array(rounds.map(\.json)),
            "votes": votes.map { .object($0.mapValues { .int($0) }) } ?? .null,
            "outcome": .string(outcome.rawValue),
            "endorsed": .strings(endorsed),
            "tied": .strings(tied),
            "winner": .optional(winner),
        ]
        if let stv {
            // voting.md: stages in `rounds`, plus `quota` and `elected`; the threshold does
            // not apply to stv, so it is null rather than a figure nothing was compared with.
            object["rounds"] = .array(stv.stages.map(\.json))
            object["quota"] = .int(stv.quota)
            object["elected"] = .strings(stv.elected)
            object["threshold"] = .null
        }
        return .object(object)
    }
}

extension Tally.Round {
    public var json: JSONValue {
        .object([
            "round": .int(number),
            "votes": .object(votes.mapValues { .int($0) }),
            "continuing_weight": .int(continuingWeight),
            "exhausted_weight": .int(exhaustedWeight),
            "eliminated": .optional(eliminated),
            "tie_break": .optional(tieBreak?.rawValue),
        ])
    }
}
