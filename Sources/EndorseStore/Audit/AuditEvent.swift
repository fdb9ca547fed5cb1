import Crypto
import EndorseCore

/// One audit log event as stored.
public struct AuditEvent: Hashable, Sendable {
    /// 1, 2, 3, ... without gaps, in commit order of the chain.
    public var id: Int64
    /// ISO-8601 UTC with microseconds, e.g. `2026-09-30T22:10:00.123456Z` (database clock).
    public var at: String
    public var actor: String
    /// Dotted verb, e.g. `cycle.load`, `ballot.cast`, `decision.record`.
    public var action: String
    public var cycle: String?
    /// What the event is about (a race, candidate, org, file, ...), free text.
    public var subject: String?
    /// Canonical JSON text of the details.
    public var details: String
    /// The previous event's hash; nil for the first event.
    public var prevHash: [UInt8]?
    public var hash: [UInt8]

    public init(id: Int64, at: String, actor: String, action: String, cycle: String?, subject: String?,
                details: String, prevHash: [UInt8]?, hash: [UInt8]) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.cycle = cycle
        self.subject = subject
        self.details = details
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The bytes the hash covers after the previous hash: canonical JSON of
    /// `{action, actor, at, cycle, details, id, subject}` with `details` spliced in as stored.
    public static func hashedBytes(id: Int64, at: String, actor: String, action: String,
                                   cycle: String?, subject: String?, details: String) -> [UInt8] {
        var out: [UInt8] = []
        func member(_ key: String, _ value: JSONValue, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            JSONValue.string(key).write(into: &out)
            out.append(UInt8(ascii: ":"))
            value.write(into: &out)
        }
        out.append(UInt8(ascii: "{"))
        member("action", .string(action), first: true)
        member("actor", .string(actor))
        member("at", .string(at))
        member("cycle", .optional(cycle))
        out.append(contentsOf: Array(",\"details\":".utf8))
        out.append(contentsOf: Array(details.utf8))
        member("id", .int(id))
        member("subject", .optional(subject))
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// sha256(prev_hash || hashedBytes); an absent prev_hash counts as no bytes.
    public static func computeHash(prevHash: [UInt8]?, id: Int64, at: String, actor: String, action: String,
                                   cycle: String?, subject: String?, details: String) -> [UInt8] {
        var h = SHA256()
        if let prevHash { h.update(data: prevHash) }
        h.update(data: hashedBytes(id: id, at: at, actor: actor, action: action, cycle: cycle,
                                   subject: subject, details: details))
        return Array(h.finalize())
    }

    /// Whether the stored hash follows from the stored fields and `prevHash`.
    public var hashIsValid: Bool {
        hash == AuditEvent.computeHash(prevHash: prevHash, id: id, at: at, actor: actor, action: action,
                                       cycle: cycle, subject: subject, details: details)
    }

    /// The event as JSON for `endorse audit log --format json` (hashes as lowercase hex).
    public var json: JSONValue {
        let parsed = (try? JSONValue.parse(details)) ?? .string(details)
        return .object([
            "id": .int(id), "at": .string(at), "actor": .string(actor), "action": .string(action),
            "cycle": .optional(cycle), "subject": .optional(subject), "details": parsed,
            "prev_hash": .optional(prevHash.map(Hex.encode)), "hash": .string(Hex.encode(hash)),
        ])
    }
}
