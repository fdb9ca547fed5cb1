import EndorseCore
import PostgresNIO

extension BallotStore {
    /// An org's own ballot over HTTP (`PUT .../ballot`), authenticated by its token in the
    /// writer's own statement and written with the other ballots of its race that arrive
    /// meanwhile (`BallotBatcher`). Checks in api.md's order: the token (401, 403), a live key of
    /// this org (its first answer again, or 409), the cycle and race (404), the race state (409),
    /// the body — `choice` was parsed by the caller; its error is reported only now — and the
    /// ballot rules (400), then the roster (403 recused, ...). Returns after commit; bounded by
    /// the store's deadline.
    public func putOwn(tokenSHA256: [UInt8], cycle: String, race: String,
                       choice: Result<BallotChoice, EndorseError>, key: IdempotencyKey?) async throws -> PutBallotAnswer {
        let item = BallotWrite(voter: .token(sha256: tokenSHA256), content: choice.map { .ballot($0) },
                               proxyNote: nil, key: key, deadline: Deadline.epochMicroseconds(store.timeout))
        let (outcome, checked) = try await writeOwn(item, cycle: cycle, race: race)
        switch outcome {
        case .written(let w):
            guard let choice = checked.choice else { break }
            return PutBallotAnswer(status: w.status, ballot: Self.stored(w, choice, cycle: cycle, race: race),
                                   replayed: false)
        case .replay(let status, let w, let choice):
            return PutBallotAnswer(status: status, ballot: Self.stored(w, choice, cycle: cycle, race: race),
                                   replayed: true)
        default:
            break
        }
        throw EndorseError(.unavailable, "the ballot writer answered nothing usable", at: race)
    }

    /// An org withdraws its own ballot over HTTP (`DELETE .../ballot`): the same writer and
    /// checks as `putOwn`, a withdrawal instead of a ballot (404 when there is none).
    public func withdrawOwn(tokenSHA256: [UInt8], cycle: String, race: String) async throws {
        let item = BallotWrite(voter: .token(sha256: tokenSHA256), content: .success(.withdrawal),
                               proxyNote: nil, key: nil, deadline: Deadline.epochMicroseconds(store.timeout))
        _ = try await writeOwn(item, cycle: cycle, race: race)
    }

    /// The org's current ballot in the race (withdrawn or never cast: nil), after checking that
    /// the cycle and race exist (`not_found`).
    public func current(cycle cycleID: String, race raceID: String, org: String) async throws -> StoredBallot? {
        let voting = base.voting, logger = self.logger
        return try await read { conn in
            let cycle = try await voting.base.cycle(cycleID, on: conn)
            _ = try await voting.votingRace(cycle, raceID, lock: .none, on: conn)
            let rows = try await conn.query("""
                SELECT kind, ranking, approve, version,
                       to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), version > 1
                FROM ballots WHERE cycle = \(cycleID) AND race = \(raceID) AND org = \(org)
                  AND current AND kind <> 'withdrawal'
                """, logger: logger).collect()
            guard let row = rows.first else { return nil }
            let (kind, ranking, approve, version, at, replaced) =
                try row.decode((String, [String]?, [String]?, Int, String, Bool).self)
            guard let choice = BallotChoice(kind: kind, ranking: ranking, approve: approve) else { return nil }
            return StoredBallot(cycle: cycleID, race: raceID, org: org, choice: choice, version: version,
                                recordedAt: at, replaced: replaced)
        }
    }

    /// Sends `item` through the batcher (or alone when it does not run), reloading a stale race
    /// entry; returns a written or replayed outcome and the item as checked, or throws the refusal.
    private func writeOwn(_ item: BallotWrite, cycle: String, race: String) async throws -> (BallotOutcome, BallotWrite) {
        let writer = BallotWriter(cycle: cycle, race: race, source: .api, audit: true)
        let voting = base.voting, store = self.store
        if case .token(let sha) = item.voter, store.votingRaces.entry(cycle: cycle, race: race) == nil {
            // The race is not cached: the token is checked before the race is looked up, so a
            // stranger naming races that do not exist costs one index probe, not a race query.
            try await Self.requireOrgToken(sha, tokens: base.tokens)
        }
        var reload = false
        for _ in 0..<4 {
            let entry = try await store.bounded { [reload] in
                try await voting.ballotEntry(cycle: cycle, race: race, reload: reload)
            }
            let job = BallotBatcher.Job(writer: writer, entry: entry, item: item)
            let outcome: BallotOutcome
            do {
                outcome = try await store.ballotBatcher.submit(job)
            } catch is BallotBatcher.NotRunning {
                outcome = try await store.bounded {
                    guard let o = try await writer.write([item], entry: entry, client: store.db.client,
                                                         logger: store.logger).first else {
                        throw EndorseError(.unavailable, "endorse_write_ballots answered nothing for a ballot")
                    }
                    return o
                }
            } catch let error where ServerError(error)?.constraint == "idempotency_keys_pkey" {
                // A concurrent request with this key committed first: this one wrote nothing.
                // The next round finds the key (its answer, or a conflict).
                reload = false
                continue
            } catch {
                throw DatabaseFailure.map(error, endpoint: store.db.endpoint)
            }
            switch outcome {
            case .written, .replay: return (outcome, item.checked(against: entry))
            case .again, .stale: reload = true
            case .refused(let refusal, let org, let state):
                throw refusal.error(for: item.checked(against: entry), org: org, cycle: cycle, race: race,
                                    raceState: state)
            }
        }
        throw EndorseError(.unavailable, "race \(race) kept changing while the ballot was written; try again", at: race)
    }

    /// Throws `unauthorized` (no live token with that hash) or `forbidden` (not an org token).
    static func requireOrgToken(_ sha256: [UInt8], tokens: TokenStore) async throws {
        guard let identity = try await tokens.authenticate(sha256: sha256) else {
            throw EndorseError(.unauthorized, "a valid bearer token is required")
        }
        guard identity.role == .org else {
            throw EndorseError(.forbidden, "this token does not have the right to do this")
        }
    }

    static func stored(_ w: WrittenBallot, _ choice: BallotChoice, cycle: String, race: String) -> StoredBallot {
        StoredBallot(cycle: cycle, race: race, org: w.org, choice: choice, version: w.version,
                     recordedAt: w.recordedAt, replaced: w.replaced)
    }
}
