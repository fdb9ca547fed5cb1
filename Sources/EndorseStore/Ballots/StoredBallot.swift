import EndorseCore

/// An org's ballot as the HTTP service answers it (api.md): the stored version with its time.
public struct StoredBallot: Hashable, Sendable {
    public var cycle: String
    public var race: String
    public var org: String
    public var choice: BallotChoice
    /// 1, 2, ... per (org, race), withdrawals included.
    public var version: Int
    /// ISO-8601 UTC with microseconds.
    public var recordedAt: String
    /// True when it replaced a current ballot.
    public var replaced: Bool
}

/// An org's `Idempotency-Key` on a ballot write (api.md): its scope is (org, key); the same key
/// with another path or another body (as a JSON value) is a conflict.
public struct IdempotencyKey: Hashable, Sendable {
    public var key: String
    public var path: String
    /// SHA-256 of the canonical JSON of the request body.
    public var requestSHA256: [UInt8]

    public init(key: String, path: String, requestSHA256: [UInt8]) {
        self.key = key
        self.path = path
        self.requestSHA256 = requestSHA256
    }
}

/// The answer to an org's ballot write: 201 for a first ballot, 200 for a replacement (or the
/// first answer again, for a replayed `Idempotency-Key`).
public struct PutBallotAnswer: Hashable, Sendable {
    public var status: Int
    public var ballot: StoredBallot
    /// True when this is the stored answer of an earlier request with the same key.
    public var replayed: Bool
}
