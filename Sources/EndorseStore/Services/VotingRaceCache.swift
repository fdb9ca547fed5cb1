import EndorseCore
import Synchronization

/// What an org's ballot is checked against before it is written (`BallotRules`): the race's
/// method and the ballot snapshot taken when it opened, with the `state_changed_at` they were
/// read at. The snapshot never changes while a race is open and every state change moves
/// `state_changed_at`, so `endorse_api_put_ballots` recognises a stale entry by comparing
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
