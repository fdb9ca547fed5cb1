import EndorseCore
import PostgresNIO
import Synchronization

/// What an org's ballot is checked against before it is written (`BallotRules`): the race's
/// method and the ballot snapshot taken when it opened, with the `state_changed_at` they were
/// read at. The snapshot never changes while a race is open and every state change moves
/// `state_changed_at`, so `endorse_write_ballots` recognises a stale entry by comparing
/// method and time, and the caller reloads it. Saves a round trip per ballot.
final class VotingRaceCache: Sendable {
    struct Entry: Sendable {
        var method: TallyMethod
        /// Microseconds since the epoch, as the SQL function computes them.
        var stateChangedMicroseconds: Int64
        var ballot: Set<String>
    }

    private struct Key: Hashable { var cycle: String; var race: String }
    private static let capacity = 4096
    private let entries = Mutex<[Key: Entry]>([:])

    func entry(cycle: String, race: String) -> Entry? {
        entries.withLock { $0[Key(cycle: cycle, race: race)] }
    }

    func store(_ entry: Entry?, cycle: String, race: String) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[Key(cycle: cycle, race: race)] = entry
        }
    }
}

extension VotingStore {
    /// The race as the ballot rules check it: from the store's cache, else read (and cached).
    /// nil when the race does not exist or uses a method this build does not count.
    func ballotEntry(cycle: String, race: String, reload: Bool = false,
                     on conn: PostgresConnection? = nil) async throws -> VotingRaceCache.Entry? {
        if !reload, let cached = store.votingRaces.entry(cycle: cycle, race: race) { return cached }
        let query: PostgresQuery = """
            SELECT r.method, (extract(epoch FROM r.state_changed_at) * 1000000)::bigint,
                   ARRAY(SELECT b.candidate::text FROM race_ballot b WHERE b.cycle = r.cycle AND b.race = r.id)
            FROM races r WHERE r.cycle = \(cycle) AND r.id = \(race)
            """
        let logger = self.logger
        let rows = if let conn {
            try await conn.query(query, logger: logger).collect()
        } else {
            try await read { conn in try await conn.query(query, logger: logger).collect() }
        }
        var entry: VotingRaceCache.Entry?
        if let row = rows.first {
            let (methodText, changed, ballot) = try row.decode((String, Int64, [String]).self)
            entry = TallyMethod(rawValue: methodText).map {
                .init(method: $0, stateChangedMicroseconds: changed, ballot: Set(ballot))
            }
        }
        // Only races that exist are cached: an unknown id costs a query each time it is asked.
        if entry != nil { store.votingRaces.store(entry, cycle: cycle, race: race) }
        return entry
    }
}
