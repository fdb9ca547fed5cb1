import EndorseCore
import Synchronization

/// Parsed cycles by id and the sha256 of the file they were parsed from. A changed file has a
/// new hash, so a stale entry is never returned. Small: a process works on a few cycles. One per
/// `Store`.
final class CycleCache: Sendable {
    private static let capacity = 8

    private struct Entry { var sha256: [UInt8]; var cycle: Cycle }
    private let entries = Mutex<[String: Entry]>([:])

    func cycle(id: String, sha256: [UInt8]) -> Cycle? {
        entries.withLock { entries in
            guard let e = entries[id], e.sha256 == sha256 else { return nil }
            return e.cycle
        }
    }

    func store(_ cycle: Cycle, sha256: [UInt8]) {
        entries.withLock { entries in
            if entries.count >= Self.capacity, entries[cycle.id] == nil { entries.removeAll() }
            entries[cycle.id] = Entry(sha256: sha256, cycle: cycle)
        }
    }
}
