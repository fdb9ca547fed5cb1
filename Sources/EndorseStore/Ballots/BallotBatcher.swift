import EndorseCore
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Group commit for org ballots over HTTP: ballots that arrive while earlier ones are being
/// written wait, and go to PostgreSQL together, one `BallotWriter` call (one statement, one
/// transaction) for up to `maxBatch` ballots of one race (sql/003 and sql/004 say why that is
/// cheaper). Each caller is answered after its batch committed. With nothing in flight a ballot
/// goes at once, alone, so a lone client waits for nobody.
///
/// A `Service` shaped like `AuditSealer`: `run` waits for wake-ups (which coalesce) and keeps at
/// most `maxInFlight` batches running, each on its own pooled connection, in its own task group.
/// Every caller is answered by its deadline (`Deadline.current`, else the store's timeout),
/// queued or in flight, even while PostgreSQL hangs; at most `maxQueued` ballots wait (beyond:
/// `.unavailable` at once). A batch holds one ballot per token; the function answers `again`
/// for a second ballot of an org (two tokens), which goes with the next batch. When a batch
/// fails as a whole with an error from the server (a key bound meanwhile, a deadlock with a
/// staff command), its ballots are written one by one, so only the ballot at fault fails.
public final class BallotBatcher: Service, Sendable {
    public struct Limits: Sendable, Hashable {
        /// Ballots per batch at most.
        public var maxBatch: Int
        /// Batches written at the same time at most (more measured no faster on 2 cores).
        public var maxInFlight: Int
        /// Ballots waiting for a batch at most.
        public var maxQueued: Int
        /// How often dead idempotency keys are swept (`IdempotencyKeys`).
        public var keySweepInterval: Duration

        public init(maxBatch: Int = 64, maxInFlight: Int = 2, maxQueued: Int = 4096,
                    keySweepInterval: Duration = .seconds(3600)) {
            self.maxBatch = maxBatch
            self.maxInFlight = maxInFlight
            self.maxQueued = maxQueued
            self.keySweepInterval = keySweepInterval
        }
    }

    /// One ballot waiting for its batch, with what it was checked against.
    struct Job: Sendable {
        var writer: BallotWriter
        var entry: VotingRaceCache.Entry?
        var item: BallotWrite

        func batches(with other: Job) -> Bool {
            writer.cycle == other.writer.cycle && writer.race == other.writer.race
                && entry?.method == other.entry?.method
                && entry?.stateChangedMicroseconds == other.entry?.stateChangedMicroseconds
        }

        var tokenKey: [UInt8]? {
            if case .token(let sha) = item.voter { return sha }
            return nil
        }
    }

    let limits: Limits
    let db: Database
    let timeout: Duration?
    private let state = Mutex(State())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    private struct Waiting: Sendable {
        var job: Job
        var answer: Answer
        var deadline: ContinuousClock.Instant?
    }

    private struct State {
        var queue: [Waiting] = []
        /// Callers whose batch is being written, by answer.
        var writing: [Waiting] = []
        var inFlight = 0
        var running = false
    }

    init(db: Database, timeout: Duration?, limits: Limits) {
        self.db = db
        self.timeout = timeout
        self.limits = limits
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Ballots waiting for a batch (tests).
    var waitingCount: Int { state.withLock { $0.queue.count } }

    /// Writes `job` with whatever else is waiting; returns its outcome after the commit. When
    /// the service is not running (the CLI, tests of the store) the job is written alone.
    ///
    /// A cancelled caller is answered at once with `CancellationError`; its ballot is dropped if
    /// it still waits, and may still be written if its batch is under way (as with a cancelled
    /// query: the caller does not know, and a retry with its Idempotency-Key tells).
    func submit(_ job: Job) async throws -> BallotOutcome {
        let answer = Answer()
        let deadline = Deadline.effective(timeout)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard answer.wait(continuation) else { return }
                let verdict = state.withLock { s -> Result<Bool, EndorseError> in
                    guard s.running else { return .success(false) }
                    guard s.queue.count < limits.maxQueued else {
                        return .failure(EndorseError(.unavailable, "too many ballots are waiting; try again shortly"))
                    }
                    s.queue.append(Waiting(job: job, answer: answer, deadline: deadline))
                    return .success(true)
                }
                switch verdict {
                case .success(true): wake.yield()
                case .success(false): answer.finish(.failure(NotRunning()))
                case .failure(let error): answer.finish(.failure(error))
                }
            }
        } onCancel: {
            answer.cancel()
        }
    }

    /// Thrown by `submit` when the service does not run: the caller writes the job alone.
    struct NotRunning: Error {}

    public func run() async throws {
        state.withLock { $0.running = true }
        await withDiscardingTaskGroup { group in
            group.addTask { await self.sweep() }
            group.addTask { await self.sweepKeys() }
            for await _ in wakeups.cancelOnGracefulShutdown() {
                while let batch = nextBatch() {
                    group.addTask {
                        await self.write(batch)
                        self.state.withLock { $0.inFlight -= 1 }
                        self.wake.yield()
                    }
                }
            }
            // Shutting down: the server has stopped taking requests; answer what still waits.
            let left = state.withLock { s -> [Waiting] in
                s.running = false
                defer { s.queue = [] }
                return s.queue
            }
            for w in left { w.answer.finish(.failure(EndorseError(.unavailable, "the service is shutting down"))) }
            group.cancelAll()
        }
        state.withLock { $0.running = false }
    }

    /// Answers every caller whose deadline has passed (queued, or with its batch under way),
    /// about ten times a second, until the service stops.
    private func sweep() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
            let now = ContinuousClock.now
            let late = state.withLock { s -> [Answer] in
                let expired = (s.queue + s.writing).filter { ($0.deadline ?? now) < now }.map(\.answer)
                s.queue.removeAll { ($0.deadline ?? now) < now }
                return expired
            }
            for answer in late { answer.finish(.failure(Deadline.expired)) }
        }
    }

    /// Deletes dead idempotency keys at start and then every `keySweepInterval`.
    private func sweepKeys() async {
        let db = self.db
        while !Task.isCancelled {
            do {
                try await Deadline.run(within: timeout) { try await IdempotencyKeys.sweep(client: db.client, logger: db.logger) }
            } catch {
                db.logger.debug("idempotency key sweep failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: limits.keySweepInterval)
        }
    }

    /// The oldest waiting ballot and those that can go with it (same race and entry, one per
    /// token, at most `maxBatch`), in arrival order; nil when nothing waits or `maxInFlight`
    /// batches run. Callers already answered (cancelled, late) are dropped here.
    private func nextBatch() -> [Waiting]? {
        state.withLock { s in
            s.queue.removeAll { $0.answer.isDone }
            guard s.inFlight < limits.maxInFlight, let first = s.queue.first?.job else { return nil }
            var batch: [Waiting] = [], rest: [Waiting] = []
            var tokens = Set<[UInt8]>()
            for waiting in s.queue {
                if batch.count < limits.maxBatch, waiting.job.batches(with: first),
                   waiting.job.tokenKey.map({ tokens.insert($0).inserted }) ?? true {
                    batch.append(waiting)
                } else {
                    rest.append(waiting)
                }
            }
            s.queue = rest
            s.inFlight += 1
            s.writing += batch
            return batch
        }
    }

    private func write(_ batch: [Waiting]) async {
        defer {
            let done = Set(batch.map { ObjectIdentifier($0.answer) })
            state.withLock { $0.writing.removeAll { done.contains(ObjectIdentifier($0.answer)) } }
        }
        guard let first = batch.first?.job else { return }
        let db = self.db
        do {
            let items = batch.map(\.job.item)
            let outcomes = try await Deadline.run(within: timeout) {
                try await first.writer.write(items, entry: first.entry, client: db.client, logger: db.logger)
            }
            var again: [Waiting] = []
            for (waiting, outcome) in zip(batch, outcomes) {
                if case .again = outcome { again.append(waiting) } else { waiting.answer.finish(.success(outcome)) }
            }
            if !again.isEmpty {
                state.withLock { $0.queue.insert(contentsOf: again, at: 0) }
            }
        } catch let error where batch.count > 1 && ServerError(error) != nil {
            db.logger.debug("ballot batch failed; writing its ballots one by one",
                            metadata: ["ballots": "\(batch.count)", "error": "\(String(reflecting: error))"])
            for waiting in batch where !waiting.answer.isDone {
                await write([waiting])
            }
        } catch {
            for waiting in batch { waiting.answer.finish(.failure(error)) }
        }
    }

    /// One caller's answer: resumed exactly once, by its batch, its deadline or its cancellation.
    final class Answer: Sendable {
        private enum Phase {
            case idle
            case waiting(CheckedContinuation<BallotOutcome, any Error>)
            case early(Result<BallotOutcome, any Error>)
            case done
        }

        private let phase = Mutex(Phase.idle)

        /// Registers the caller; false (and the caller answered) when it was answered already.
        func wait(_ continuation: CheckedContinuation<BallotOutcome, any Error>) -> Bool {
            let early = phase.withLock { phase -> Result<BallotOutcome, any Error>? in
                if case .early(let result) = phase { phase = .done; return result }
                phase = .waiting(continuation)
                return nil
            }
            if let early { continuation.resume(with: early) }
            return early == nil
        }

        func finish(_ result: Result<BallotOutcome, any Error>) {
            let continuation = phase.withLock { phase -> CheckedContinuation<BallotOutcome, any Error>? in
                switch phase {
                case .waiting(let c): phase = .done; return c
                case .idle: phase = .early(result); return nil
                case .early, .done: return nil
                }
            }
            continuation?.resume(with: result)
        }

        func cancel() { finish(.failure(CancellationError())) }

        var isDone: Bool {
            phase.withLock { if case .waiting = $0 { false } else if case .idle = $0 { false } else { true } }
        }
    }
}
