import Crypto
import EndorseCore
import EndorseStore
import Hummingbird

extension API {
    static let ballotPath: RouterPath = "/v1/cycles/:cycle/races/:race/ballot"
    // HTTPFields.Element is HTTPTypes.HTTPField (Hummingbird re-exports HTTPFields only).
    static let idempotencyKeyHeader = HTTPFields.Element.Name("Idempotency-Key")!

    /// `GET/PUT/DELETE /v1/cycles/{cycle}/races/{race}/ballot`: an org's own ballot (org tokens
    /// only; a staff token gets 403 — proxy entry is the CLI's `vote cast`).
    func registerBallot(_ router: Router<Context>) {
        add(router, .get, Self.ballotPath, .org) { _, context, caller in
            let (cycle, race) = try Self.cycleAndRace(context)
            let org = try Self.org(caller)
            let store = self.store
            guard let ballot = try await self.db({ try await store.currentBallot(cycle: cycle, race: race, org: org) }) else {
                throw APIError.notFound("org \(org) has no ballot in race \(race)")
            }
            return .json(Self.ballotJSON(ballot))
        }
        add(router, .put, Self.ballotPath, .org) { request, context, caller in
            try await self.putBallot(request, context, caller)
        }
        add(router, .delete, Self.ballotPath, .org) { _, context, caller in
            let (cycle, race) = try Self.cycleAndRace(context)
            let org = try Self.org(caller)
            let store = self.acting(caller)
            _ = try await self.db {
                try await store.withdrawBallot(cycle: cycle, race: race, org: org, proxy: false, source: .api)
            }
            return .empty(.noContent)
        }
    }

    func putBallot(_ request: Request, _ context: Context, _ caller: Caller?) async throws -> Response {
        let org = try Self.org(caller)
        let bytes = try await JSONBody.read(request)
        let (cycle, race) = try Self.cycleAndRace(context)
        let parsed = BallotBody.parse(bytes)
        var bound: IdempotencyKey?
        if let k = request.headers[Self.idempotencyKeyHeader] {
            guard (1...255).contains(k.utf8.count) else {
                throw APIError.invalidBody("Idempotency-Key must be 1 to 255 characters", field: "Idempotency-Key")
            }
            // "Same body" is the same JSON value: hash the canonical bytes when the body parses.
            let canonical = (try? JSONValue.parse(bytes))?.canonicalBytes ?? bytes
            bound = IdempotencyKey(key: k, method: "PUT", path: request.uri.path,
                                 requestSHA256: Array(SHA256.hash(data: canonical)))
        }
        let key = bound
        let store = self.acting(caller)
        if let key, let replayed = try await replay(store, org: org, key) { return replayed }
        do {
            let answer = try await db {
                try await store.castOwnBallot(cycle: cycle, race: race, org: org, choice: parsed, key: key) { stored in
                    (stored.replaced ? 200 : 201, Self.ballotJSON(stored).canonicalBytes)
                }
            }
            return .bytes(answer.body, status: .init(code: answer.status), contentType: "application/json")
        } catch is IdempotencyRace {
            // A concurrent request with this key committed first: its answer, or 409.
            if let key, let replayed = try await replay(store, org: org, key) { return replayed }
            throw Self.idempotencyConflict
        }
    }

    /// The stored answer of a live key for this same request; 409 when the key is bound to
    /// another path or body; nil when no live key exists.
    func replay(_ store: Store, org: String, _ key: IdempotencyKey) async throws -> Response? {
        switch try await db({ try await store.idempotentReplay(org: org, key) }) {
        case .none: return nil
        case .conflict: throw Self.idempotencyConflict
        case .replay(let status, let body):
            return .bytes(body, status: .init(code: status), contentType: "application/json")
        }
    }

    static let idempotencyConflict = APIError(
        .conflict, "idempotency_conflict", "this Idempotency-Key was used with another path or body")

    /// `{"cycle", "race", "org", "ballot", "version", "recorded_at", "receipt"}`; the receipt is
    /// the hex SHA-256 of the canonical JSON of `{"ballot", "cycle", "org", "race", "version"}`.
    static func ballotJSON(_ b: StoredBallot) -> JSONValue {
        let signed: JSONValue = .object(["ballot": b.choice.json, "cycle": .string(b.cycle), "org": .string(b.org),
                                         "race": .string(b.race), "version": .int(b.version)])
        let receipt = SHA256.hash(data: signed.canonicalBytes).map { String(format: "%02x", $0) }.joined()
        return .object(["cycle": .string(b.cycle), "race": .string(b.race), "org": .string(b.org),
                        "ballot": b.choice.json, "version": .int(b.version), "recorded_at": .string(b.recordedAt),
                        "receipt": .string(receipt)])
    }
}
