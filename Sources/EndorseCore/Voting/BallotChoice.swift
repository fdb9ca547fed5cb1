/// What one ballot says (voting.md, "Ballots"), and its one mapping to and from JSON and the
/// database's columns: every entry point (HTTP body, ballots.jsonl, `vote cast`, the store) goes
/// through it.
public enum BallotChoice: Hashable, Sendable {
    /// Distinct candidate ids, most preferred first, at least one. irv, stv; threshold (exactly one).
    case ranking([String])
    /// Distinct candidate ids, at least one. approval.
    case approve([String])
    /// A vote against endorsing anyone in this race. All methods.
    case noEndorsement
    /// Present, not voting: counts in turnout, not in cast. All methods.
    case abstain

    /// The JSON keys of the four kinds, in the order they are reported.
    public static let kindKeys = ["ranking", "approve", "no_endorsement", "abstain"]

    /// The kind's name: `ranking`, `approve`, `no_endorsement`, `abstain` (also the JSON key and
    /// the database's `kind`).
    public var kindName: String {
        switch self {
        case .ranking: "ranking"
        case .approve: "approve"
        case .noEndorsement: "no_endorsement"
        case .abstain: "abstain"
        }
    }

    /// The ids a ranking or approval names; none for the other kinds.
    public var candidateIDs: [String] {
        switch self {
        case .ranking(let ids), .approve(let ids): ids
        case .noEndorsement, .abstain: []
        }
    }

    /// The ballot as the JSON of voting.md: `{"ranking": [...]}`, `{"abstain": true}`, ...
    public var json: JSONValue {
        switch self {
        case .ranking(let ids): .object(["ranking": .strings(ids)])
        case .approve(let ids): .object(["approve": .strings(ids)])
        case .noEndorsement: .object(["no_endorsement": .bool(true)])
        case .abstain: .object(["abstain": .bool(true)])
        }
    }

    /// The ballot's columns in the `ballots` table: `ranking` set exactly for a ranking,
    /// `approve` exactly for an approval.
    public var columns: (kind: String, ranking: [String]?, approve: [String]?) {
        switch self {
        case .ranking(let ids): ("ranking", ids, nil)
        case .approve(let ids): ("approve", nil, ids)
        case .noEndorsement, .abstain: (kindName, nil, nil)
        }
    }

    /// The ballot a stored row holds; nil for a `withdrawal` (no ballot) or an unknown kind.
    public init?(kind: String, ranking: [String]?, approve: [String]?) {
        switch kind {
        case "ranking": self = .ranking(ranking ?? [])
        case "approve": self = .approve(approve ?? [])
        case "no_endorsement": self = .noEndorsement
        case "abstain": self = .abstain
        default: return nil
        }
    }

    /// Why the kind part of a JSON object is not a ballot.
    public struct JSONProblem: Error, Hashable, Sendable {
        /// `.invalidBody` for a value of the wrong type, `.invalidBallot` for a ballot that is
        /// well-typed but not one of voting.md's kinds (none, two, a flag set to false).
        public var code: EndorseError.Code
        /// The top-level key at fault (nil when no kind is given).
        public var key: String?
        /// The JSON path at fault (`ranking[1]`), for errors that name a field.
        public var path: String?
        /// What is wrong, to follow the key (`ranking: must be a list of candidate ids`).
        public var message: String

        /// The problem as a sentence of its own (`ranking must be a list of candidate ids`).
        public var sentence: String {
            guard let path, message.hasPrefix("must") else { return message }
            return "\(path) \(message)"
        }
    }

    /// The ballot of a JSON object holding exactly one of `ranking`, `approve` (lists of strings),
    /// `no_endorsement`, `abstain` (`true`). Other keys are the caller's to judge.
    public init(kindOf object: [String: JSONValue]) throws(JSONProblem) {
        let present = Self.kindKeys.filter { object[$0] != nil }
        guard let kind = present.first, let value = object[kind] else {
            throw JSONProblem(code: .invalidBallot, key: nil, path: nil,
                              message: "missing: a ballot has one of \(Self.kindKeys.joined(separator: ", "))")
        }
        if present.count > 1 {
            throw JSONProblem(code: .invalidBallot, key: kind, path: kind,
                              message: "only one of \(present.joined(separator: ", ")) may be given")
        }
        switch kind {
        case "ranking", "approve":
            guard let items = value.arrayValue else {
                throw JSONProblem(code: .invalidBody, key: kind, path: kind, message: "must be a list of candidate ids")
            }
            var ids: [String] = []
            for (i, item) in items.enumerated() {
                guard let id = item.stringValue else {
                    throw JSONProblem(code: .invalidBody, key: kind, path: "\(kind)[\(i)]",
                                      message: "must be a candidate id (a string)")
                }
                ids.append(id)
            }
            self = kind == "ranking" ? .ranking(ids) : .approve(ids)
        default:
            guard let flag = value.boolValue else {
                throw JSONProblem(code: .invalidBody, key: kind, path: kind, message: "must be true")
            }
            guard flag else { throw JSONProblem(code: .invalidBallot, key: kind, path: kind, message: "must be true") }
            self = kind == "abstain" ? .abstain : .noEndorsement
        }
    }
}
