/// A refused operation: what went wrong and where, with the process exit code it maps to.
///
/// Printed by the CLI as `error: <message> (<location>)` (formats.md) and by the HTTP service as
/// `{"error": {"code": ..., "message": ...}}`.
public struct EndorseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidInput = Code("invalid_input")
        public static let invalidCycle = Code("invalid_cycle")
        public static let invalidBallot = Code("invalid_ballot")
        public static let notOnBallot = Code("not_on_ballot")
        public static let notFound = Code("not_found")
        public static let wrongState = Code("wrong_state")
        public static let raceNotOpen = Code("race_not_open")
        public static let recused = Code("recused")
        public static let conflict = Code("conflict")
        public static let badSignature = Code("bad_signature")
        public static let usage = Code("usage")
        public static let unavailable = Code("unavailable")
        public static let tampered = Code("tampered")
        public static let unsupported = Code("unsupported")
        /// A request body that is malformed, of the wrong type or with an unknown field (api.md).
        public static let invalidBody = Code("invalid_body")
        /// The org is inactive on the race's roster snapshot: it neither votes nor counts.
        public static let orgInactive = Code("org_inactive")
        /// The org is not on the race's roster snapshot (added after the race opened).
        public static let notOnRoster = Code("not_on_roster")
        /// A decision needs an explicit choice (`tie`, `no_quorum`).
        public static let choiceRequired = Code("choice_required")
        /// The operation needs a reason.
        public static let reasonRequired = Code("reason_required")
        /// A decision contradicting the tally needs `--override`.
        public static let overrideRequired = Code("override_required")
        /// `--override` where nothing is overridden.
        public static let overrideNotApplicable = Code("override_not_applicable")
        /// More endorsements than the race's `max_endorsements`.
        public static let tooManyEndorsements = Code("too_many_endorsements")
        /// A candidate named twice in a decision.
        public static let duplicateCandidate = Code("duplicate_candidate")
        /// A key file that is not a usable signify key.
        public static let invalidKey = Code("invalid_key")
        /// An `Idempotency-Key` already bound to another path or body (api.md).
        public static let idempotencyConflict = Code("idempotency_conflict")
        /// No valid bearer token or access link (api.md: 401).
        public static let unauthorized = Code("unauthorized")
        /// A known caller without the right (api.md: 403).
        public static let forbidden = Code("forbidden")
        /// Answers after the cycle's `questionnaire_closes` (web.md).
        public static let questionnaireClosed = Code("questionnaire_closed")

        /// Every code endorse uses; each has one HTTP status (EndorseHTTP's status table).
        public static let all: [Code] = [
            invalidInput, invalidCycle, invalidBallot, notOnBallot, notFound, wrongState, raceNotOpen, recused,
            conflict, badSignature, usage, unavailable, tampered, unsupported, invalidBody, orgInactive, notOnRoster,
            choiceRequired, reasonRequired, overrideRequired, overrideNotApplicable, tooManyEndorsements,
            duplicateCandidate, invalidKey, idempotencyConflict, unauthorized, forbidden, questionnaireClosed,
        ]
    }

    public var code: Code
    public var message: String
    /// The file and path, or the id concerned.
    public var location: String?
    /// Further lines (e.g. every bad row of an import), printed before the summary line.
    public var details: [String]

    public init(_ code: Code, _ message: String, at location: String? = nil, details: [String] = []) {
        self.code = code
        self.message = message
        self.location = location
        self.details = details
    }

    /// The exit code of formats.md: 1 refused, 2 usage, 3 database unreachable or missing server.
    public var exitCode: Int32 {
        switch code {
        case .usage: 2
        case .unavailable: 3
        default: 1
        }
    }

    /// `<message> (<location>)`, as printed after `error: `.
    public var description: String {
        if let location { return "\(message) (\(location))" }
        return message
    }
}
