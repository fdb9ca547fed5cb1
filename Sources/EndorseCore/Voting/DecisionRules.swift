/// The outcome of a tally, as a decision records it (voting.md, "Outcome"): the tally's own.
public typealias DecisionOutcome = Tally.Outcome

/// What staff ask `endorse decide` to record.
public struct DecisionRequest: Hashable, Sendable {
    public enum Choice: Hashable, Sendable {
        /// Neither `--endorse` nor `--no-endorsement`: accept the tally's result.
        case accept
        /// `--endorse A,B`, in this order (the slate's order).
        case endorse([String])
        /// `--no-endorsement`.
        case noEndorsement
    }

    public var choice: Choice
    /// `--override`.
    public var override: Bool
    /// `--reason`; blank counts as absent.
    public var reason: String?

    public init(choice: Choice = .accept, override: Bool = false, reason: String? = nil) {
        self.choice = choice
        self.override = override
        self.reason = reason
    }
}

/// The decision to store for a race.
public struct DecisionRecord: Hashable, Sendable {
    /// The tally outcome the decision was made from (never `open`).
    public var outcome: DecisionOutcome
    /// Endorsed candidate ids in slate order; empty for no endorsement.
    public var endorsed: [String]
    /// True when the decision contradicts an `endorsed` or `no_endorsement` outcome.
    public var override: Bool
    /// Trimmed; nil when none was given (allowed only when simply accepting the tally).
    public var reason: String?

    public init(outcome: DecisionOutcome, endorsed: [String], override: Bool, reason: String?) {
        self.outcome = outcome
        self.endorsed = endorsed
        self.override = override
        self.reason = reason
    }
}


/// The decision rules of voting.md ("Decisions"), as a pure function.
public enum DecisionRules {
    /// Checks a request against the tally and returns the decision to store, or throws.
    ///
    /// - Parameters:
    ///   - outcome: the tally's outcome.
    ///   - tallyEndorsed: the tally's `endorsed` ids (any order; stv: the order of election,
    ///     which an accepted stv result keeps).
    ///   - votes: each candidate's votes in the tally (approvals for approval, final-round votes
    ///     for irv); orders an accepted multi-candidate result: votes descending, then id bytes.
    ///   - race: the race (its id and `max_endorsements`).
    ///   - ballot: the candidate ids on the race's ballot snapshot.
    ///   - request: what staff asked for.
    public static func decide(outcome: DecisionOutcome, tallyEndorsed: [String],
                              votes: [String: Int64] = [:], race: Race, ballot: [String],
                              request: DecisionRequest) throws(EndorseError) -> DecisionRecord {
        let reason = request.reason?.trimmingBlanks
        let hasReason = !(reason ?? "").isEmpty
        let storedReason = hasReason ? reason : nil

        let stillOpen = EndorseError(.wrongState, "race \(race.id) is still open; close it before deciding",
                                     at: race.id)
        if outcome == .open { throw stillOpen }
        if case .endorse(let ids) = request.choice {
            try checkIDs(ids, race: race, ballot: ballot)
        }

        switch outcome {
        case .open:
            throw stillOpen
        case .tie, .noQuorum:
            let what = outcome == .tie ? "a tie" : "no quorum"
            if request.choice == .accept {
                throw EndorseError(.choiceRequired,
                    "the tally of race \(race.id) is \(what): choose --endorse IDS or --no-endorsement, with --reason",
                    at: race.id)
            }
            if request.override {
                throw EndorseError(.overrideNotApplicable,
                    "--override is for contradicting an endorsed or no_endorsement outcome; \(what) needs only a choice and --reason",
                    at: race.id)
            }
            guard hasReason else {
                throw EndorseError(.reasonRequired, "deciding \(what) in race \(race.id) needs --reason", at: race.id)
            }
            return DecisionRecord(outcome: outcome, endorsed: chosen(request.choice), override: false,
                                  reason: storedReason)
        case .endorsed, .noEndorsement:
            // stv: the elected in order of election; others: votes descending, then id.
            let result = outcome != .endorsed ? []
                : race.method == .stv ? tallyEndorsed : ordered(tallyEndorsed, by: votes)
            let endorsed: [String]
            let agrees: Bool
            switch request.choice {
            case .accept:
                endorsed = result
                agrees = true
            case .noEndorsement:
                endorsed = []
                agrees = result.isEmpty
            case .endorse(let ids):
                endorsed = ids
                // The same set in another order does not contradict the count.
                agrees = Set(ids) == Set(result) && !result.isEmpty
            }
            if agrees {
                if request.override {
                    throw EndorseError(.overrideNotApplicable,
                        "--override given but the decision agrees with the tally (\(outcome.rawValue)) of race \(race.id)",
                        at: race.id)
                }
                return DecisionRecord(outcome: outcome, endorsed: endorsed, override: false, reason: storedReason)
            }
            let tallySays = outcome == .endorsed ? "endorsed " + result.joined(separator: ",") : "no_endorsement"
            guard request.override else {
                throw EndorseError(.overrideRequired,
                    "the tally of race \(race.id) says \(tallySays); recording anything else needs --override and --reason",
                    at: race.id)
            }
            guard hasReason else {
                throw EndorseError(.reasonRequired, "overriding the tally of race \(race.id) needs --reason", at: race.id)
            }
            return DecisionRecord(outcome: outcome, endorsed: endorsed, override: true, reason: storedReason)
        }
    }

    /// Rescinding one endorsement (`endorse rescind`): the new decision to store, which keeps the
    /// outcome and override of the current one, drops `candidate` and carries the rescission's
    /// reason. Rescinding the only endorsement leaves none (`no_endorsement` on the slate).
    public static func rescind(_ current: DecisionRecord?, race: String, candidate: String,
                               reason: String?) throws(EndorseError) -> DecisionRecord {
        guard let current else {
            throw EndorseError(.wrongState, "race \(race) has no decision to rescind", at: race)
        }
        guard current.endorsed.contains(candidate) else {
            throw EndorseError(.notFound, "candidate \(candidate) is not endorsed in race \(race)", at: race)
        }
        guard let reason = reason?.trimmingBlanks, !reason.isEmpty else {
            throw EndorseError(.reasonRequired, "rescinding an endorsement needs --reason", at: race)
        }
        return DecisionRecord(outcome: current.outcome, endorsed: current.endorsed.filter { $0 != candidate },
                              override: current.override, reason: reason)
    }

    /// Orders endorsed ids as an accepted tally puts them on the slate: votes descending, then id
    /// (UTF-8 bytes).
    public static func ordered(_ ids: [String], by votes: [String: Int64]) -> [String] {
        ids.sorted { a, b in
            let va = votes[a] ?? 0, vb = votes[b] ?? 0
            return va != vb ? va > vb : Identifier.byteOrder(a, b)
        }
    }

    static func chosen(_ choice: DecisionRequest.Choice) -> [String] {
        if case .endorse(let ids) = choice { return ids }
        return []
    }

    static func checkIDs(_ ids: [String], race: Race, ballot: [String]) throws(EndorseError) {
        guard !ids.isEmpty else {
            throw EndorseError(.invalidInput, "--endorse needs at least one candidate id", at: race.id)
        }
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted {
            throw EndorseError(.duplicateCandidate, "candidate \(id) is named twice in --endorse", at: race.id)
        }
        let onBallot = Set(ballot)
        for id in ids where !onBallot.contains(id) {
            throw EndorseError(.notOnBallot, "candidate \(id) is not on the ballot of race \(race.id)", at: race.id)
        }
        if ids.count > race.maxEndorsements {
            throw EndorseError(.tooManyEndorsements,
                "race \(race.id) allows at most \(race.maxEndorsements) endorsement(s); \(ids.count) given",
                at: race.id)
        }
    }
}

fileprivate extension String {
    /// Without leading and trailing spaces, tabs and newlines.
    var trimmingBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: blank).reversed().drop(while: blank).reversed())
    }
}
