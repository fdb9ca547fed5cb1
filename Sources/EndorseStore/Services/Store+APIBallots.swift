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

/// A live `Idempotency-Key` of an org (api.md): what the first request was and its answer.
public struct IdempotencyKey: Hashable, Sendable {
    public var key: String
    public var method: String
    public var path: String
    /// SHA-256 of the canonical JSON of the request body.
    public var requestSHA256: [UInt8]

    public init(key: String, method: String, path: String, requestSHA256: [UInt8]) {
        self.key = key
        self.method = method
        self.path = path
        self.requestSHA256 = requestSHA256
    }
}

/// What a key lookup found.
public enum IdempotentReplay: Hashable, Sendable {
    /// No live key: do the work.
    case none
    /// The same request was answered: this answer again, nothing recorded.
    case replay(status: Int, body: [UInt8])
    /// The key is bound to another path or body.
    case conflict
}

/// A concurrent request with the same key committed first; look the key up again.
public struct IdempotencyRace: Error, Sendable {}

extension Store {
    /// The live (< 24 h) answer bound to the org's key, compared with this request.
    public func idempotentReplay(org: String, _ key: IdempotencyKey) async throws -> IdempotentReplay {
        let hash = ByteBuffer(bytes: key.requestSHA256)
        let rows = try await read { conn in
            try await conn.query("""
                SELECT method, path, request_sha256 = \(hash), response_status, response_body FROM idempotency_keys
                WHERE org = \(org) AND key = \(key.key) AND created_at > now() - interval '24 hours'
                """, logger: logger).collect()
        }
        guard let row = rows.first else { return .none }
        let (method, path, same, status, body) = try row.decode((String, String, Bool, Int, ByteBuffer).self)
        guard method == key.method, path == key.path, same else { return .conflict }
        return .replay(status: status, body: Array(body.readableBytesView))
    }

    /// An org's own ballot over HTTP, in api.md's order of checks: unknown cycle or race
    /// (`not_found`), race not open (`race_not_open`), then the body (`choice`, already parsed:
    /// its error is thrown only now), the ballot rules (`invalid_ballot`, `not_on_ballot`), then
    /// recusal (`recused`). One transaction with one audit event; when `key` is given the key
    /// and `respond`'s answer are stored in the same transaction, so an acknowledged ballot and
    /// its key commit together. Throws `IdempotencyRace` when a concurrent request with the key
    /// committed first (nothing recorded by this one).
    public func castOwnBallot(cycle cycleID: String, race raceID: String, org: String,
                              choice parsed: Result<BallotChoice, EndorseError>, key: IdempotencyKey?,
                              respond: @escaping @Sendable (StoredBallot) -> (status: Int, body: [UInt8])
    ) async throws -> (status: Int, body: [UInt8]) {
        let cycle = try await read { conn in try await self.cycle(cycleID, on: conn) }
        return try await changeWithDynamicAction(cycle: cycleID, subject: raceID) { conn in
            if let key {
                // First: a concurrent request with the same key waits here for the other to end.
                let hash = ByteBuffer(bytes: key.requestSHA256)
                let bound = try await conn.query("""
                    INSERT INTO idempotency_keys (org, key, method, path, request_sha256, response_status, response_body)
                    VALUES (\(org), \(key.key), \(key.method), \(key.path), \(hash), 200, ''::bytea)
                    ON CONFLICT (org, key) DO UPDATE SET method = EXCLUDED.method, path = EXCLUDED.path,
                        request_sha256 = EXCLUDED.request_sha256, created_at = now()
                    WHERE idempotency_keys.created_at <= now() - interval '24 hours'
                    RETURNING 1
                    """, logger: logger).collect()
                if bound.isEmpty { throw IdempotencyRace() }
            }
            let r = try await self.votingRace(cycle, raceID, lock: "share", on: conn)
            try Self.requireOpen(r)
            let choice = try parsed.get()
            let ballot = try await self.raceBallot(cycle: cycleID, race: raceID, on: conn)
            do throws(EndorseError) {
                try BallotRules.validate(choice, method: r.race.method, ballot: Set(ballot))
            } catch {
                throw EndorseError(error.code, error.message, at: nil)
            }
            _ = try await self.lockVoter(cycle: cycleID, race: raceID, org: org, withdrawing: false, on: conn)
            let receipt = try await self.insertBallot(cycle: cycleID, race: raceID, org: org, kind: choice.kindName,
                                                      choice: choice, proxy: false, note: nil, source: .api, on: conn)
            let at = try await self.recordedAt(cycle: cycleID, race: raceID, org: org, version: receipt.version, on: conn)
            let stored = StoredBallot(cycle: cycleID, race: raceID, org: org, choice: choice, version: receipt.version,
                                      recordedAt: at, replaced: receipt.replaced)
            let answer = respond(stored)
            if let key {
                try await conn.query("""
                    UPDATE idempotency_keys SET response_status = \(answer.status),
                        response_body = \(ByteBuffer(bytes: answer.body))
                    WHERE org = \(org) AND key = \(key.key)
                    """, logger: logger)
            }
            return (answer, receipt.replaced ? "ballot.replaced" : "ballot.cast",
                    Self.ballotDetails(receipt, choice: choice.json, note: nil, source: .api))
        }
    }

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
            let choice: BallotChoice
            switch kind {
            case "ranking": choice = .ranking(ranking ?? [])
            case "approve": choice = .approve(approve ?? [])
            case "no_endorsement": choice = .noEndorsement
            default: choice = .abstain
            }
            return StoredBallot(cycle: cycleID, race: raceID, org: org, choice: choice, version: version,
                                recordedAt: at, replaced: replaced)
        }
    }

    func recordedAt(cycle: String, race: String, org: String, version: Int,
                    on conn: PostgresConnection) async throws -> String {
        let rows = try await conn.query("""
            SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') FROM ballots
            WHERE cycle = \(cycle) AND race = \(race) AND org = \(org) AND version = \(version)
            """, logger: logger).collect()
        return try rows.first?.decode(String.self) ?? ""
    }
}
