import EndorseCore

/// What `endorse_write_ballots` (sql/004) answered for one item, decoded once from its row.
enum BallotOutcome: Sendable {
    /// Written: the new version.
    case written(WrittenBallot)
    /// A live idempotency key of the same request: the ballot it answered; nothing written.
    case replay(status: Int, ballot: WrittenBallot, choice: BallotChoice)
    /// Another item of this org was in the batch: send it again.
    case again
    /// The caller's race entry is out of date: reload it and send again.
    case stale
    /// Refused; nothing written.
    case refused(BallotRefusal, org: String?, raceState: String?)

    /// The row, decoded; an outcome this build does not know is an error.
    init(_ row: BallotWriterStatement.Row) throws {
        let w = WrittenBallot(org: row.org ?? "", actor: row.actor ?? "", version: row.version ?? 0,
                              recordedAt: row.recordedAt ?? "", replaced: row.replaced ?? false,
                              status: row.status ?? 201)
        switch row.outcome {
        case "ok": self = .written(w)
        case "replay":
            guard let choice = BallotChoice(kind: row.kind ?? "", ranking: row.ranking, approve: row.approve) else {
                throw EndorseError(.unavailable, "endorse_write_ballots replayed a ballot of kind \(row.kind ?? "nil")")
            }
            var replayed = w
            replayed.replaced = row.status == 200
            self = .replay(status: row.status ?? 200, ballot: replayed, choice: choice)
        case "again": self = .again
        case "stale": self = .stale
        default:
            guard let refusal = BallotRefusal(rawValue: row.outcome) else {
                throw EndorseError(.unavailable, "endorse_write_ballots answered \(row.outcome)")
            }
            self = .refused(refusal, org: row.org, raceState: row.raceState)
        }
    }
}

/// A ballot version as written.
struct WrittenBallot: Hashable, Sendable {
    var org: String
    var actor: String
    var version: Int
    /// ISO-8601 UTC with microseconds.
    var recordedAt: String
    /// True when it replaced (or withdrew) a current ballot.
    var replaced: Bool
    /// 201 for a first ballot, 200 for a replacement (HTTP).
    var status: Int
}

/// Why the writer refused a ballot. Owns the one mapping from the database's answer to the
/// error every entry point reports (same code and message from the CLI, the API and an import).
enum BallotRefusal: String, Sendable, CaseIterable {
    case unauthorized, forbidden
    case idempotencyConflict = "conflict"
    case noCycle = "no_cycle"
    case noRace = "not_found"
    case raceNotOpen = "race_not_open"
    case invalidBody = "invalid_body"
    case unknownOrg = "unknown_org"
    case notOnRoster = "not_on_roster"
    case recused
    case orgInactive = "org_inactive"
    case noBallot = "no_ballot"
    case expired

    /// The error for `item`, refused in `race` of `cycle`.
    func error(for item: BallotWrite, org: String?, cycle: String, race: String, raceState: String?) -> EndorseError {
        let org = org ?? item.namedOrg ?? ""
        switch self {
        case .unauthorized: return EndorseError(.unauthorized, "a valid bearer token is required")
        case .forbidden: return EndorseError(.forbidden, "this token does not have the right to do this")
        case .idempotencyConflict:
            return EndorseError(.idempotencyConflict, "this Idempotency-Key was used with another path or body")
        case .noCycle: return EndorseError(.notFound, "no such cycle", at: cycle)
        case .noRace: return VotingStore.noRace(race, cycle: cycle)
        case .raceNotOpen: return VotingStore.notOpen(race: race, state: raceState ?? "closed")
        case .invalidBody:
            return item.refusal ?? EndorseError(.invalidBallot, "the ballot was refused", at: race)
        case .unknownOrg: return EndorseError(.notFound, "no member org \(org)", at: org)
        case .notOnRoster:
            return EndorseError(.notOnRoster,
                                "org \(org) is not on the roster of race \(race) (it joined after the race opened)", at: org)
        case .recused: return EndorseError(.recused, "org \(org) is recused from race \(race)", at: org)
        case .orgInactive: return EndorseError(.orgInactive, "org \(org) is inactive and does not vote", at: org)
        case .noBallot: return EndorseError(.notFound, "org \(org) has no ballot in race \(race) to withdraw", at: org)
        case .expired:
            return EndorseError(.unavailable, "the ballot was not written: its request ran out of time; try again", at: race)
        }
    }
}
