import EndorseCore
import PostgresNIO

extension EndorseError.Code {
    /// The org is inactive on the race's roster snapshot: it neither votes nor counts.
    public static let orgInactive = EndorseError.Code("org_inactive")
    /// The org is not on the race's roster snapshot (added after the race opened).
    public static let notOnRoster = EndorseError.Code("not_on_roster")
}

/// One race as voting sees it: the cycle file's race plus the database's state.
struct VotingRace: Sendable {
    var race: Race
    var state: RaceState
}

extension Store {
    /// The race with its state, or `not_found`. `lock`: `update` (state changes), `share`
    /// (ballots: a concurrent close waits for them, and they for it), anything else: no lock.
    func votingRace(_ cycle: Cycle, _ raceID: String, lock: String,
                    on conn: PostgresConnection) async throws -> VotingRace {
        guard let race = cycle.race(raceID) else { throw Self.noRace(raceID, cycle: cycle.id) }
        let sql = "SELECT state FROM races WHERE cycle = $1 AND id = $2 " + (lock == "update" ? "FOR UPDATE" : lock == "share" ? "FOR SHARE" : "")
        var bindings = PostgresBindings()
        bindings.append(cycle.id)
        bindings.append(raceID)
        let rows = try await conn.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger).collect()
        guard let row = rows.first, let state = RaceState(rawValue: try row.decode(String.self)) else {
            throw Self.noRace(raceID, cycle: cycle.id)
        }
        return VotingRace(race: race, state: state)
    }

    static func noRace(_ race: String, cycle: String) -> EndorseError {
        EndorseError(.notFound, "no race \(race) in cycle \(cycle)", at: race)
    }

    /// Sets a race's state.
    func setState(_ state: RaceState, cycle: String, race: String, on conn: PostgresConnection) async throws {
        try await conn.query("""
            UPDATE races SET state = \(state.rawValue), state_changed_at = now()
            WHERE cycle = \(cycle) AND id = \(race)
            """, logger: logger)
    }

    /// The race's ballot snapshot, in display order.
    func raceBallot(cycle: String, race: String, on conn: PostgresConnection) async throws -> [String] {
        let rows = try await conn.query("""
            SELECT candidate FROM race_ballot WHERE cycle = \(cycle) AND race = \(race) ORDER BY position
            """, logger: logger)
        var ids: [String] = []
        for try await id in rows.decode(String.self) { ids.append(id) }
        return ids
    }

    /// Throws the clear error for a ballot refused because of the race's state.
    static func requireOpen(_ r: VotingRace) throws {
        guard r.state == .open else { throw notOpen(race: r.race.id, state: r.state.rawValue) }
    }

    static func notOpen(race: String, state: String) -> EndorseError {
        EndorseError(.raceNotOpen, "race \(race) is \(state), not open for voting", at: race)
    }

    /// Maps a statement refused by the schema's last line of defence to the clear error.
    static func mapBallotConstraint(_ error: any Error) -> any Error {
        guard let server = ServerError(error) else { return error }
        switch server.constraint {
        case "ballots_race_open": return EndorseError(.raceNotOpen, server.message)
        case "ballots_org_may_vote": return EndorseError(.recused, server.message)
        case "ballots_on_ballot": return EndorseError(.notOnBallot, server.message)
        case "ballots_ranking", "ballots_approve": return EndorseError(.invalidBallot, server.message)
        case "decisions_max_endorsements": return EndorseError(.tooManyEndorsements, server.message)
        case "decisions_candidates": return EndorseError(.notOnBallot, server.message)
        default: return error
        }
    }
}
