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
            guard let ballot = try await self.acting(caller).ballots.current(cycle: cycle, race: race, org: org) else {
                throw APIError.notFound("org \(org) has no ballot in race \(race)")
            }
            return .json(Self.ballotJSON(ballot))
        }
        add(router, .put, Self.ballotPath, .orgInStatement) { request, context, _ in
            try await self.putBallot(request, context)
        }
        // Withdrawing goes through the same writer as PUT: the token is checked in its statement.
        add(router, .delete, Self.ballotPath, .orgInStatement) { request, context, _ in
            guard let token = Authenticator.bearerToken(request.headers[.authorization]) else {
                throw APIError.unauthorized
            }
            let (cycle, race) = try await self.idsAfterAuthenticating(request, context)
            try await self.acting(nil).ballots.withdrawOwn(tokenSHA256: Self.tokenHash(token), cycle: cycle, race: race)
            self.sealer?.nudge()
            return .empty(.noContent)
        }
    }

    static func tokenHash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// The hot path of the service: the token is checked in the same statement as the write
    /// (`BallotStore.putOwn`, written in batches with other ballots of the race). A missing or malformed
    /// Authorization header is refused here; when the body is refused (413/415) the token is
    /// checked first, so the statuses keep api.md's order.
    func putBallot(_ request: Request, _ context: Context) async throws -> Response {
        guard let token = Authenticator.bearerToken(request.headers[.authorization]) else {
            throw APIError.unauthorized
        }
        let bytes: [UInt8]
        do {
            bytes = try await JSONBody.read(request)
        } catch {
            try await refuseAfterAuthenticating(request, error)
        }
        let (cycle, race) = try await idsAfterAuthenticating(request, context)
        let parsed = BallotBody.parse(bytes)
        var bound: IdempotencyKey?
        if let k = request.headers[Self.idempotencyKeyHeader] {
            guard (1...255).contains(k.utf8.count) else {
                try await refuseAfterAuthenticating(request, APIError.invalidBody(
                    "Idempotency-Key must be 1 to 255 characters", field: "Idempotency-Key"))
            }
            // "Same body" is the same JSON value: hash the canonical bytes when the body parses.
            let canonical = (try? JSONValue.parse(bytes))?.canonicalBytes ?? bytes
            bound = IdempotencyKey(key: k, path: request.uri.path, requestSHA256: Array(SHA256.hash(data: canonical)))
        }
        let answer = try await acting(nil).ballots.putOwn(tokenSHA256: Self.tokenHash(token), cycle: cycle, race: race,
                                                          choice: parsed, key: bound)
        if !answer.replayed { sealer?.nudge() }
        return .bytes(Self.ballotJSON(answer.ballot).canonicalBytes, status: .init(code: answer.status),
                      contentType: "application/json")
    }

    /// The cycle and race of the path; a malformed one is 404, but only after 401/403.
    func idsAfterAuthenticating(_ request: Request, _ context: Context) async throws -> (String, String) {
        do {
            return try Self.cycleAndRace(context)
        } catch {
            try await refuseAfterAuthenticating(request, error)
        }
    }

    /// Throws `error`, but 401/403 first when the token would not have been allowed (api.md
    /// checks authentication and role before anything else; this route checks them in its write).
    func refuseAfterAuthenticating(_ request: Request, _ error: any Error) async throws -> Never {
        let caller = try await auth.caller(request)
        guard caller.role == .org else { throw APIError.forbidden }
        throw error
    }

    /// `{"cycle", "race", "org", "ballot", "version", "recorded_at", "receipt"}`; the receipt is
    /// the hex SHA-256 of the canonical JSON of `{"ballot", "cycle", "org", "race", "version"}`.
    static func ballotJSON(_ b: StoredBallot) -> JSONValue {
        let receipt = ballotReceipt(b)
        return .object(["cycle": .string(b.cycle), "race": .string(b.race), "org": .string(b.org),
                        "ballot": b.choice.json, "version": .int(b.version), "recorded_at": .string(b.recordedAt),
                        "receipt": .string(receipt)])
    }

    /// The receipt of a stored ballot (also shown on the ballot pages).
    static func ballotReceipt(_ b: StoredBallot) -> String {
        let signed: JSONValue = .object(["ballot": b.choice.json, "cycle": .string(b.cycle), "org": .string(b.org),
                                         "race": .string(b.race), "version": .int(b.version)])
        return Hex.encode(SHA256.hash(data: signed.canonicalBytes))
    }
}
