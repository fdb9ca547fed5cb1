import EndorseCore

/// The body of `PUT .../ballot` (voting.md): exactly one of `{"ranking": [ids]}`,
/// `{"approve": [ids]}`, `{"no_endorsement": true}`, `{"abstain": true}`. Validated by hand so
/// that unknown fields (an `org`, a `race`) and wrong types are refused naming the field. Checks
/// against the race (kind for the method, empty list, duplicates, ids on the ballot) are the
/// store's (`BallotRules`).
enum BallotBody {
    static let kinds = ["abstain", "approve", "no_endorsement", "ranking"]

    /// The choice, or the `invalid_body` / `invalid_ballot` error with its field.
    static func parse(_ bytes: [UInt8]) -> Result<BallotChoice, EndorseError> {
        switch JSONBody.object(bytes) {
        case .failure(let e): return .failure(e)
        case .success(let object):
            do throws(EndorseError) {
                return .success(try choice(object))
            } catch {
                return .failure(error)
            }
        }
    }

    static func choice(_ object: [String: JSONValue]) throws(EndorseError) -> BallotChoice {
        try JSONBody.refuseUnknown(object, allowed: Set(kinds))
        let present = kinds.filter { object[$0] != nil }
        guard let kind = present.first, let value = object[kind] else {
            throw EndorseError(.invalidBallot, "a ballot has one of: ranking, approve, no_endorsement, abstain")
        }
        if present.count > 1 {
            throw EndorseError(.invalidBallot, "a ballot has only one kind, got \(present.joined(separator: " and "))",
                               at: present[1])
        }
        switch kind {
        case "ranking", "approve":
            guard let items = value.arrayValue else {
                throw EndorseError(.invalidBody, "\(kind) must be a list of candidate ids", at: kind)
            }
            var ids: [String] = []
            for (i, item) in items.enumerated() {
                guard let id = item.stringValue else {
                    throw EndorseError(.invalidBody, "\(kind)[\(i)] must be a candidate id (a string)", at: "\(kind)[\(i)]")
                }
                ids.append(id)
            }
            return kind == "ranking" ? .ranking(ids) : .approve(ids)
        default:
            guard let flag = value.boolValue else {
                throw EndorseError(.invalidBody, "\(kind) must be true", at: kind)
            }
            guard flag else { throw EndorseError(.invalidBallot, "\(kind) must be true", at: kind) }
            return kind == "abstain" ? .abstain : .noEndorsement
        }
    }
}
