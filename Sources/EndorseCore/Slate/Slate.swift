import Crypto
import Foundation

/// The slate's content: everything but `published_at`, `version` and `previous_sha256`
/// (formats.md, pinned details). Publishing compares contents to decide whether anything changed.
public struct SlateContent: Hashable, Sendable {
    public var cycle: Cycle
    /// Sorted by id on output.
    public var members: [SlateMember]
    /// Every candidate a decision names (others are ignored).
    public var candidates: [SlateCandidate]
    /// Race id -> its current decision; a race without one is `pending`.
    public var decisions: [String: SlateDecision]
    /// Every rescission of the cycle so far.
    public var rescissions: [SlateRescission]

    public init(cycle: Cycle, members: [SlateMember], candidates: [SlateCandidate],
                decisions: [String: SlateDecision], rescissions: [SlateRescission] = []) {
        self.cycle = cycle
        self.members = members
        self.candidates = candidates
        self.decisions = decisions
        self.rescissions = rescissions
    }

    /// The content as a JSON object (the slate without its three publication members).
    ///
    /// Throws when a decision names an unknown race or candidate, names a candidate twice, or
    /// records an `open` outcome.
    public func json() throws(EndorseError) -> JSONValue {
        var candidateByID: [String: SlateCandidate] = [:]
        for c in candidates { candidateByID[c.id] = c }
        for raceID in decisions.keys where cycle.race(raceID) == nil {
            throw EndorseError(.notFound, "a decision names race \(raceID), which is not in cycle \(cycle.id)", at: raceID)
        }
        for r in rescissions where cycle.race(r.race) == nil {
            throw EndorseError(.notFound, "a rescission names race \(r.race), which is not in cycle \(cycle.id)", at: r.race)
        }
        for (raceID, d) in decisions where !SlateTime.isValid(d.decidedAt) {
            throw EndorseError(.invalidInput, "decided_at \(d.decidedAt) is not YYYY-MM-DDTHH:MM:SSZ", at: raceID)
        }
        for r in rescissions where !SlateTime.isValid(r.at) {
            throw EndorseError(.invalidInput, "rescission time \(r.at) is not YYYY-MM-DDTHH:MM:SSZ", at: r.race)
        }
        var races: [JSONValue] = []
        for race in cycle.races {
            races.append(try raceJSON(race, candidateByID))
        }
        let members = self.members.sorted { Identifier.byteOrder($0.id, $1.id) }
            .map { JSONValue.object(["id": .string($0.id), "name": .string($0.name)]) }
        let platform = cycle.platform.map {
            JSONValue.object(["id": .string($0.id), "title": .string($0.title.default),
                              "section": .optional($0.section?.default)])
        }
        let rescinded = rescissions.sorted {
            ($0.at, $0.race, $0.candidate) < ($1.at, $1.race, $1.candidate)
        }.map(\.json)
        return .object([
            "format": .string(Slate.format),
            "cycle": .object([
                "id": .string(cycle.id), "name": .string(cycle.name.default),
                "election_date": .string(cycle.electionDate), "jurisdiction": .optional(cycle.jurisdiction),
            ]),
            "coalition": .object([
                "name": .string(cycle.coalition.name), "url": .optional(cycle.coalition.url.nonEmpty),
                "member_organizations": .array(members),
            ]),
            "platform": .array(platform),
            "races": .array(races),
            "rescinded": .array(rescinded),
        ])
    }

    /// Canonical bytes of `json()` (no final newline).
    public func contentBytes() throws(EndorseError) -> [UInt8] { try json().canonicalBytes }

    /// Lowercase hex SHA-256 of `contentBytes()`.
    public func contentSHA256() throws(EndorseError) -> String { SlateHash.sha256Hex(try contentBytes()) }

    private func raceJSON(_ race: Race, _ candidateByID: [String: SlateCandidate]) throws(EndorseError) -> JSONValue {
        var status = "pending"
        var endorsements: [JSONValue] = []
        if let d = decisions[race.id] {
            guard d.outcome != .open else {
                throw EndorseError(.wrongState, "the decision of race \(race.id) records an open tally", at: race.id)
            }
            // A rescission made after the decision removes that candidate; a later decision
            // (after a revote) stands on its own.
            let gone = Set(rescissions.filter { $0.race == race.id && $0.at >= d.decidedAt }.map(\.candidate))
            var seen = Set<String>()
            for e in d.endorsements {
                guard seen.insert(e.candidate).inserted else {
                    throw EndorseError(.invalidInput, "the decision of race \(race.id) names \(e.candidate) twice", at: race.id)
                }
                if gone.contains(e.candidate) { continue }
                guard let c = candidateByID[e.candidate] else {
                    throw EndorseError(.notFound, "endorsed candidate \(e.candidate) of race \(race.id) is unknown", at: race.id)
                }
                endorsements.append(.object([
                    "candidate": c.json,
                    "scores": e.scores.json,
                    "vote": .object([
                        "method": .string(d.method.rawValue), "outcome": .string(d.outcome.rawValue),
                        "share": e.share.map(JSONValue.fixed4) ?? .null,
                        "threshold": d.threshold.map(JSONValue.fixed4) ?? .null,
                        "base": .optional(d.base?.rawValue), "override": .bool(d.override),
                    ]),
                    "decided_at": .string(d.decidedAt),
                ]))
            }
            status = endorsements.isEmpty ? "no_endorsement" : "endorsed"
        }
        return .object([
            "id": .string(race.id), "name": .string(race.name.default), "division": .optional(race.division),
            "seats": .int(race.seats), "status": .string(status), "endorsements": .array(endorsements),
        ])
    }
}

extension SlateCandidate {
    var json: JSONValue {
        .object([
            "id": .string(id), "name": .string(name),
            "ballot_name": .string(ballotName.nonEmpty ?? name),
            "incumbent": .bool(incumbent ?? false),
            "website": .optional(website.nonEmpty),
        ])
    }
}

private extension Optional where Wrapped == String {
    /// nil for nil or "".
    var nonEmpty: String? {
        guard let s = self, !s.isEmpty else { return nil }
        return s
    }
}

/// One published version of a slate: the content plus its place in the chain.
public struct Slate: Hashable, Sendable {
    /// The `format` member.
    public static let format = "endorse-slate/1"

    public var content: SlateContent
    /// 1, 2, ...
    public var version: Int
    /// Hex SHA-256 of the exact bytes of version - 1; nil for version 1.
    public var previousSHA256: String?
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var publishedAt: String

    public init(content: SlateContent, version: Int, previousSHA256: String?, publishedAt: String) {
        self.content = content
        self.version = version
        self.previousSHA256 = previousSHA256
        self.publishedAt = publishedAt
    }

    /// The whole slate as JSON.
    public func json() throws(EndorseError) -> JSONValue {
        guard SlateTime.isValid(publishedAt) else {
            throw EndorseError(.invalidInput, "published_at \(publishedAt) is not YYYY-MM-DDTHH:MM:SSZ")
        }
        return Slate.document(content: try content.json(), version: version, previousSHA256: previousSHA256,
                       publishedAt: publishedAt)
    }

    /// The exact bytes to write and sign: canonical JSON plus a final newline.
    public func bytes() throws(EndorseError) -> [UInt8] { Slate.bytes(of: try json()) }

    /// Adds the three publication members to a content object.
    public static func document(content: JSONValue, version: Int, previousSHA256: String?,
                                publishedAt: String) -> JSONValue {
        var o = content.objectValue ?? [:]
        o["version"] = .int(version)
        o["previous_sha256"] = .optional(previousSHA256)
        o["published_at"] = .string(publishedAt)
        return .object(o)
    }

    /// A slate's content: the document without `published_at`, `version`, `previous_sha256`.
    public static func content(of document: JSONValue) -> JSONValue {
        var o = document.objectValue ?? [:]
        for key in ["published_at", "version", "previous_sha256"] { o[key] = nil }
        return .object(o)
    }

    /// Canonical JSON plus the final newline.
    public static func bytes(of document: JSONValue) -> [UInt8] { document.canonicalBytes + [0x0A] }

    /// `slate-<cycle>-v<N>.json`.
    public static func fileName(cycle: String, version: Int) -> String { "slate-\(cycle)-v\(version).json" }
}

/// SHA-256 as lowercase hex.
public enum SlateHash {
    public static func sha256Hex(_ bytes: [UInt8]) -> String { Signify.hex(Array(SHA256.hash(data: bytes))) }
}

/// Timestamps as the slate writes them: UTC, whole seconds, `2026-10-01T17:00:00Z`, so that
/// they also sort as text.
public enum SlateTime {
    /// Whether `text` has the form `YYYY-MM-DDTHH:MM:SSZ` (digits in place; ranges are the
    /// schema's business).
    public static func isValid(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 20 else { return false }
        for (i, c) in b.enumerated() {
            let expected: UInt8? = switch i {
            case 4, 7: UInt8(ascii: "-")
            case 10: UInt8(ascii: "T")
            case 13, 16: UInt8(ascii: ":")
            case 19: UInt8(ascii: "Z")
            default: nil
            }
            if let expected { if c != expected { return false } } else if !(0x30...0x39).contains(c) { return false }
        }
        return true
    }

    public static func string(_ date: Date) -> String {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secOfDay = seconds - days * 86_400
        let (y, m, d) = civil(days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secOfDay / 3_600)):\(two(secOfDay % 3_600 / 60)):\(two(secOfDay % 60))Z"
    }

    /// Year, month, day of a count of days since 1970-01-01 (Howard Hinnant's civil-from-days
    /// algorithm; proleptic Gregorian, any sign).
    public static func civil(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
