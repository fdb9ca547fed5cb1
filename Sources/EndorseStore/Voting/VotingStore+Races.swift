import EndorseCore
import PostgresNIO

/// One race as voting sees it: the cycle file's race plus the database's state.
struct VotingRace: Sendable {
    var race: Race
    var state: RaceState
}

extension VotingStore {
    /// The race with its state, or `not_found`, its row locked as `lock` says (`update` for
    /// state changes).
    func votingRace(_ cycle: Cycle, _ raceID: String, lock: RowLock,
                    on conn: PostgresConnection) async throws -> VotingRace {
        guard let race = cycle.race(raceID) else { throw Self.noRace(raceID, cycle: cycle.id) }
        let sql = "SELECT state FROM races WHERE cycle = $1 AND id = $2" + lock.clause
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

    static func notOpen(race: String, state: String) -> EndorseError {
        EndorseError(.raceNotOpen, "race \(race) is \(state), not open for voting", at: race)
    }
}
