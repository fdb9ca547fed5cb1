import Crypto
import EndorseCore
import NIOCore
import PostgresNIO

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

/// Why an org's HTTP ballot was refused before anything about the race was looked at.
public enum BallotCallerRefusal: Error, Hashable, Sendable {
    /// No live token with that hash (401).
    case unauthorized
    /// A live token without the org role (403).
    case forbidden
    /// The key is bound to another path or body (409).
    case idempotencyConflict
}

/// The answer to an org's ballot write: 201 for a first ballot, 200 for a replacement (or the
/// first answer again, for a replayed `Idempotency-Key`).
public struct PutBallotAnswer: Hashable, Sendable {
    public var status: Int
    public var ballot: StoredBallot
    /// True when this is the stored answer of an earlier request with the same key.
    public var replayed: Bool
}

extension Store {
    /// The org's current ballot in the race (withdrawn or never cast: nil), after checking that
    /// the cycle and race exist (`not_found`).
    public func currentBallot(cycle cycleID: String, race raceID: String, org: String) async throws -> StoredBallot? {
        try await read { conn in
            let cycle = try await self.cycle(cycleID, on: conn)
            _ = try await self.votingRace(cycle, raceID, lock: "none", on: conn)
            let rows = try await conn.query("""
                SELECT kind, ranking, approve, version,
                       to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), version > 1
                FROM ballots WHERE cycle = \(cycleID) AND race = \(raceID) AND org = \(org)
                  AND current AND kind <> 'withdrawal'
                """, logger: logger).collect()
            guard let row = rows.first else { return nil }
            let (kind, ranking, approve, version, at, replaced) =
                try row.decode((String, [String]?, [String]?, Int, String, Bool).self)
            return StoredBallot(cycle: cycleID, race: raceID, org: org,
                                choice: Self.storedChoice(kind: kind, ranking: ranking, approve: approve), version: version,
                                recordedAt: at, replaced: replaced)
        }
    }

    /// A ballot row's choice (kind is never `withdrawal` here).
    static func storedChoice(kind: String, ranking: [String]?, approve: [String]?) -> BallotChoice {
        switch kind {
        case "ranking": .ranking(ranking ?? [])
        case "approve": .approve(approve ?? [])
        case "no_endorsement": .noEndorsement
        default: .abstain
        }
    }
}
