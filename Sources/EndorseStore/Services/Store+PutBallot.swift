import EndorseCore
import NIOCore
import PostgresNIO

extension Store {
    /// An org's own ballot over HTTP (`PUT .../ballot`), written by `endorse_api_put_ballots`
    /// (sql/003) together with the other ballots of its race that arrive meanwhile
    /// (`PutBallotBatcher`): the token, the idempotency key, the race, the roster and the write
    /// are checked and done in one statement, hence one transaction, with the audit event pending
    /// in it (the chain link is added by `AuditLog.seal` after commit). It returns after commit.
    ///
    /// Checks in api.md's order: the token (`BallotCallerRefusal.unauthorized`, `.forbidden`), a
    /// live key of this org (its first answer again, or `.idempotencyConflict`), then the cycle and
    /// race (`not_found`), the race state (`race_not_open`), the body — `choice` was parsed by the
    /// caller; its error is thrown only now — and the ballot rules (`invalid_ballot`,
    /// `not_on_ballot`), then the roster (`recused`, ...). The ballot rules are checked here
    /// against the race's method and ballot snapshot, cached per pool and validated by the
    /// function (`stale`: reload and try again).
    ///
    /// Every wait for PostgreSQL is bounded by the pool's timeout (`EndorseError(.unavailable)`)
    /// and a cancelled caller is answered at once, so callers need no timeout of their own.
    public func putOwnBallot(tokenSHA256: [UInt8], cycle: String, race: String,
                             choice parsed: Result<BallotChoice, EndorseError>,
                             key: IdempotencyKey?) async throws -> PutBallotAnswer {
        var reload = false
        for _ in 0..<4 {
            let cached = reload ? nil : db.votingRaces.entry(cycle: cycle, race: race)
            let entry: VotingRaceCache.Entry?
            if let cached { entry = cached } else {
                entry = try await db.withTimeout { try await self.loadVotingRace(cycle: cycle, race: race) }
                db.votingRaces.store(entry, cycle: cycle, race: race)
            }
            let item = PutBallotItem(tokenSHA256: tokenSHA256, cycle: cycle, race: race,
                                     attempt: PutBallotAttempt(parsed: parsed, race: entry), key: key)
            do {
                let outcome = try await db.ballotBatches.submit(item, db: db, logger: logger)
                if let answer = try Self.answer(outcome, for: item) { return answer }
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

    /// The answer to one item's outcome; nil when the cached race was stale.
    private static func answer(_ o: PutBallotOutcome, for item: PutBallotItem) throws -> PutBallotAnswer? {
        let (cycle, race) = (item.cycle, item.race)
        func stored(_ choice: BallotChoice) -> StoredBallot {
            StoredBallot(cycle: cycle, race: race, org: o.org ?? "", choice: choice, version: o.version ?? 0,
                         recordedAt: o.recordedAt ?? "", replaced: o.replaced ?? false)
        }
        switch o.outcome {
        case "ok":
            guard case .success(let choice) = item.attempt.parsed else { break }
            return PutBallotAnswer(status: o.status ?? 201, ballot: stored(choice), replayed: false)
        case "replay":
            let choice = storedChoice(kind: o.kind ?? "", ranking: o.ranking, approve: o.approve)
            var ballot = stored(choice)
            ballot.replaced = o.status == 200
            return PutBallotAnswer(status: o.status ?? 200, ballot: ballot, replayed: true)
        case "stale": return nil
        case "unauthorized": throw BallotCallerRefusal.unauthorized
        case "forbidden": throw BallotCallerRefusal.forbidden
        case "conflict": throw BallotCallerRefusal.idempotencyConflict
        case "no_cycle": throw EndorseError(.notFound, "no such cycle", at: cycle)
        case "not_found": throw noRace(race, cycle: cycle)
        case "race_not_open": throw notOpen(race: race, state: o.raceState ?? "closed")
        case "invalid_body": if let e = item.attempt.bodyError { throw e }
        default:
            if let refusal = VoterRefusal(rawValue: o.outcome) { throw refusal.error(org: o.org ?? "", race: race) }
        }
        throw EndorseError(.unavailable, "endorse_api_put_ballots answered \(o.outcome)")
    }
}

/// One ballot's arguments of `endorse_api_put_ballots`, derived from the body and the cached race.
struct PutBallotAttempt: Sendable {
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
