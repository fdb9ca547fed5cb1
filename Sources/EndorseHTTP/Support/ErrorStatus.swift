import EndorseCore
import Hummingbird

/// The one table from an `EndorseError.Code` to its HTTP status and api.md error code. A code
/// missing here is a bug: it answers 500 (and is logged), never a guessed 4xx.
enum ErrorStatus {
    /// (status, api.md code, whether the error's location is a JSON path of the body).
    static func of(_ code: EndorseError.Code) -> (HTTPResponse.Status, String, Bool) {
        table[code] ?? (.internalServerError, "internal", false)
    }

    static let table: [EndorseError.Code: (HTTPResponse.Status, String, Bool)] = [
        .invalidBody: (.badRequest, "invalid_body", true),
        .invalidBallot: (.badRequest, "invalid_ballot", true),
        .notOnBallot: (.badRequest, "not_on_ballot", true),
        .invalidInput: (.badRequest, "invalid_body", false),
        .usage: (.badRequest, "invalid_body", false),
        .invalidCycle: (.badRequest, "invalid_body", false),
        .unsupported: (.badRequest, "invalid_body", false),
        .choiceRequired: (.badRequest, "choice_required", false),
        .reasonRequired: (.badRequest, "reason_required", false),
        .overrideRequired: (.badRequest, "override_required", false),
        .overrideNotApplicable: (.badRequest, "override_not_applicable", false),
        .tooManyEndorsements: (.badRequest, "too_many_endorsements", false),
        .duplicateCandidate: (.badRequest, "duplicate_candidate", false),
        .unauthorized: (.unauthorized, "unauthorized", false),
        .forbidden: (.forbidden, "forbidden", false),
        .recused: (.forbidden, "recused", false),
        .orgInactive: (.forbidden, "org_inactive", false),
        .notOnRoster: (.forbidden, "not_on_roster", false),
        .notFound: (.notFound, "not_found", false),
        .raceNotOpen: (.conflict, "race_not_open", false),
        .idempotencyConflict: (.conflict, "idempotency_conflict", false),
        .conflict: (.conflict, "conflict", false),
        .wrongState: (.conflict, "conflict", false),
        .questionnaireClosed: (.conflict, "questionnaire_closed", false),
        .unavailable: (.serviceUnavailable, "unavailable", false),
        .badSignature: (.internalServerError, "internal", false),
        .invalidKey: (.internalServerError, "internal", false),
        .tampered: (.internalServerError, "internal", false),
    ]
}
