import EndorseCore
import NIOCore
import PostgresNIO

extension Store {
    /// An org's own ballot over HTTP (`PUT .../ballot`) in one call to `endorse_api_put_ballot`
    /// (sql/002): the token, the idempotency key, the race, the roster and the write are checked
    /// and done in one statement, hence one transaction and one round trip, with the audit event
    /// pending in it (the chain link is added by `AuditLog.seal` after commit).
    ///
    /// Checks in api.md's order: the token (`BallotCallerRefusal.unauthorized`, `.forbidden`), a
    /// live key of this org (its first answer again, or `.idempotencyConflict`), then the cycle and
    /// race (`not_found`), the race state (`race_not_open`), the body — `choice` was parsed by the
    /// caller; its error is thrown only now — and the ballot rules (`invalid_ballot`,
    /// `not_on_ballot`), then the roster (`recused`, ...). The ballot rules are checked here
    /// against the race's method and ballot snapshot, cached per pool and validated by the
    /// function (`stale`: reload and try again).
    public func putOwnBallot(tokenSHA256: [UInt8], cycle: String, race: String,
                             choice parsed: Result<BallotChoice, EndorseError>,
                             key: IdempotencyKey?) async throws -> PutBallotAnswer {
        var reload = false
        for _ in 0..<4 {
            let cached = reload ? nil : db.votingRaces.entry(cycle: cycle, race: race)
            let entry: VotingRaceCache.Entry?
            if let cached { entry = cached } else {
                entry = try await loadVotingRace(cycle: cycle, race: race)
                db.votingRaces.store(entry, cycle: cycle, race: race)
            }
            let attempt = PutBallotAttempt(parsed: parsed, race: entry)
            do {
                if let answer = try await callPutBallot(tokenSHA256: tokenSHA256, cycle: cycle, race: race,
                                                        attempt: attempt, key: key) {
                    return answer
                }
            } catch let error where ServerError(error)?.constraint == "idempotency_keys_pkey" {
                // A concurrent request with this key committed first: this one wrote nothing.
                // The next round finds the key (its answer, or a conflict).
                reload = false
                continue
            }
            reload = true
        }
        throw EndorseError(.unavailable, "race \(race) kept changing while the ballot was written; try again", at: race)
    }

    /// The race as the ballot rules need it, nil when it does not exist (the function says which
    /// 404) or uses a method this build does not count.
    func loadVotingRace(cycle: String, race: String) async throws -> VotingRaceCache.Entry? {
        let rows = try await read { conn in
            try await conn.query("""
                SELECT r.method, (extract(epoch FROM r.state_changed_at) * 1000000)::bigint,
                       ARRAY(SELECT b.candidate::text FROM race_ballot b WHERE b.cycle = r.cycle AND b.race = r.id)
                FROM races r WHERE r.cycle = \(cycle) AND r.id = \(race)
                """, logger: logger).collect()
        }
        guard let row = rows.first else { return nil }
        let (methodText, changed, ballot) = try row.decode((String, Int64, [String]).self)
        guard let method = TallyMethod(rawValue: methodText) else { return nil }
        return .init(method: method, stateChangedMicroseconds: changed, ballot: Set(ballot))
    }

    /// One call of the function; nil when the cached race was stale.
    private func callPutBallot(tokenSHA256: [UInt8], cycle: String, race: String,
                               attempt a: PutBallotAttempt, key: IdempotencyKey?) async throws -> PutBallotAnswer? {
        let statement = PutBallotStatement(tokenSHA256: tokenSHA256, cycle: cycle, race: race, attempt: a, key: key)
        var answered: PutBallotStatement.Row?
        for try await row in try await db.client.execute(statement, logger: logger) { answered = row }
        guard let answered else { throw EndorseError(.unavailable, "endorse_api_put_ballot answered nothing") }
        let (outcome, _, org, status, state, kind, ranking, approve, version, at, replaced) = answered
        func stored(_ choice: BallotChoice) -> StoredBallot {
            StoredBallot(cycle: cycle, race: race, org: org ?? "", choice: choice, version: version ?? 0,
                         recordedAt: at ?? "", replaced: replaced ?? false)
        }
        switch outcome {
        case "ok":
            guard case .success(let choice) = a.parsed else { break }
            return PutBallotAnswer(status: status ?? 201, ballot: stored(choice), replayed: false)
        case "replay":
            let choice = Self.storedChoice(kind: kind ?? "", ranking: ranking, approve: approve)
            var ballot = stored(choice)
            ballot.replaced = status == 200
            return PutBallotAnswer(status: status ?? 200, ballot: ballot, replayed: true)
        case "stale": return nil
        case "unauthorized": throw BallotCallerRefusal.unauthorized
        case "forbidden": throw BallotCallerRefusal.forbidden
        case "conflict": throw BallotCallerRefusal.idempotencyConflict
        case "no_cycle": throw EndorseError(.notFound, "no such cycle", at: cycle)
        case "not_found": throw Self.noRace(race, cycle: cycle)
        case "race_not_open": throw Self.notOpen(race: race, state: state ?? "closed")
        case "invalid_body": if let e = a.bodyError { throw e }
        default:
            if let refusal = VoterRefusal(rawValue: outcome) { throw refusal.error(org: org ?? "", race: race) }
        }
        throw EndorseError(.unavailable, "endorse_api_put_ballot answered \(outcome)")
    }
}

/// The call, prepared once per connection (parsing and planning it for every ballot cost more
/// than running it).
private struct PutBallotStatement: PostgresPreparedStatement {
    static let name = "endorse_api_put_ballot_v1"
    static let sql = """
        SELECT outcome, actor, org, status, race_state, kind, ranking, approve, version, recorded_at, replaced
        FROM endorse_api_put_ballot($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .bytea, .text, .text, .text, .int8, .bool, .text, .textArray, .textArray, .text, .text, .text, .bytea,
    ]
    typealias Row = (String, String?, String?, Int?, String?, String?, [String]?, [String]?, Int?, String?, Bool?)

    var tokenSHA256: [UInt8]
    var cycle: String
    var race: String
    var attempt: PutBallotAttempt
    var key: IdempotencyKey?

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 13)
        b.append(ByteBuffer(bytes: tokenSHA256))
        b.append(cycle)
        b.append(race)
        b.append(attempt.method)
        b.append(attempt.stateChanged)
        b.append(attempt.bodyError == nil)
        b.append(attempt.kind)
        b.append(attempt.ranking)
        b.append(attempt.approve)
        b.append(attempt.ballotJSON)
        b.append(key?.key)
        b.append(key?.path)
        b.append(key.map { ByteBuffer(bytes: $0.requestSHA256) })
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// The arguments of one `endorse_api_put_ballot` call derived from the body and the cached race.
private struct PutBallotAttempt: Sendable {
    var parsed: Result<BallotChoice, EndorseError>
    var method: String?
    var stateChanged: Int64?
    /// The body's or the ballot rules' error, reported when the function reaches that check.
    var bodyError: EndorseError?
    var kind: String?
    var ranking: [String]?
    var approve: [String]?
    var ballotJSON: String?

    init(parsed: Result<BallotChoice, EndorseError>, race: VotingRaceCache.Entry?) {
        self.parsed = parsed
        method = race?.method.rawValue
        stateChanged = race?.stateChangedMicroseconds
        switch parsed {
        case .failure(let error):
            bodyError = error
        case .success(let choice):
            if let race {
                do throws(EndorseError) {
                    try BallotRules.validate(choice, method: race.method, ballot: race.ballot)
                } catch {
                    bodyError = EndorseError(error.code, error.message, at: nil)
                }
            }
            kind = choice.kindName
            ballotJSON = choice.json.canonicalString
            switch choice {
            case .ranking(let ids): ranking = ids
            case .approve(let ids): approve = ids
            case .noEndorsement, .abstain: break
            }
        }
    }
}
