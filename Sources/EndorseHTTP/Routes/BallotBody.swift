import EndorseCore

/// The body of `PUT .../ballot` (voting.md): exactly one of `{"ranking": [ids]}`,
/// `{"approve": [ids]}`, `{"no_endorsement": true}`, `{"abstain": true}` (`BallotChoice`'s JSON
/// mapping), and nothing else: unknown fields (an `org`, a `race`) are refused naming the field.
/// Checks against the race (kind for the method, empty list, duplicates, ids on the ballot) are
/// `BallotRules`, applied by the store's ballot writer.
enum BallotBody {
    /// The choice, or the `invalid_body` / `invalid_ballot` error with its field.
    static func parse(_ bytes: [UInt8]) -> Result<BallotChoice, EndorseError> {
        switch JSONBody.object(bytes) {
        case .failure(let e): return .failure(e)
        case .success(let object):
            do throws(EndorseError) {
                try JSONBody.refuseUnknown(object, allowed: Set(BallotChoice.kindKeys))
                return .success(try choice(object))
            } catch {
                return .failure(error)
            }
        }
    }

    static func choice(_ object: [String: JSONValue]) throws(EndorseError) -> BallotChoice {
        do {
            return try BallotChoice(kindOf: object)
        } catch {
            throw EndorseError(error.code, error.sentence, at: error.path)
        }
    }
}
