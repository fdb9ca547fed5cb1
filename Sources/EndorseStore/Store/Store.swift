import EndorseCore
import Logging
import PostgresNIO
import Synchronization

/// endorse's operations on PostgreSQL, for the CLI, the HTTP service and the demo.
///
/// One `Store` lives as long as its pool and owns what belongs to the pool: the parsed-cycle
/// cache, the race cache the ballot rules are checked against, the ballot batcher, and the bound
/// on every wait for the database. Work is done through a cheap per-actor view,
/// `acting(as:)`, whose areas hold the operations:
///
/// ```swift
/// let store = Store(db: db)
/// let staff = store.acting(as: "dana")
/// try await staff.catalog.loadCycle(bytes, file: "sample-2026.yaml")
/// let receipt = try await staff.ballots.cast(cycle: "sample-2026", race: "district-1", org: "org-a",
///                                            choice: .ranking(["c-ana-ruiz"]))
/// ```
public final class Store: Sendable {
    public let db: Database
    /// How long one operation may wait for the database before it fails with
    /// `EndorseError(.unavailable)`; nil: no bound (the CLI waits for long imports). A request's
    /// own deadline (`Deadline.current`, set by the HTTP service) bounds it further.
    public let timeout: Duration?
    /// Parsed cycle files by id and file hash.
    let cycles = CycleCache()
    /// Races as the ballot rules check them (method, ballot snapshot, state stamp).
    let votingRaces = VotingRaceCache()
    /// Org ballots over HTTP on their way to PostgreSQL, written in batches. A `Service`: the
    /// HTTP service runs it in its ServiceGroup; without it running, `ballots.put` writes each
    /// ballot on its own.
    public let ballotBatcher: BallotBatcher
    /// Counts the slate publications this store made, so a cache of published pages in this
    /// process sees them at once (another process's are seen by its version check).
    public let publications = PublicationCounter()

    public init(db: Database, timeout: Duration? = nil, batcher: BallotBatcher.Limits = .init()) {
        self.db = db
        self.timeout = timeout
        self.ballotBatcher = BallotBatcher(db: db, timeout: timeout, limits: batcher)
    }

    public var logger: Logger { db.logger }

    /// The store acting as `actor` (recorded in the audit log of every change it makes).
    public func acting(as actor: String) -> ActingStore {
        ActingStore(store: self, actor: actor)
    }

    /// Runs `body` within this store's bound (`timeout`, and the task's `Deadline`): past it the
    /// caller gets `EndorseError(.unavailable)` at once, even when PostgreSQL hangs and `body`
    /// cannot be cancelled. Connection failures become `.unavailable` too (`DatabaseFailure`).
    public func bounded<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await Deadline.run(within: timeout, body)
        } catch {
            throw DatabaseFailure.map(error, endpoint: db.endpoint)
        }
    }
}

/// How many slates a `Store` has published (only ever grows).
public final class PublicationCounter: Sendable {
    private let count = Mutex(0)

    /// The number of publications so far.
    public var value: Int { count.withLock { $0 } }

    func bump() { count.withLock { $0 += 1 } }
}
