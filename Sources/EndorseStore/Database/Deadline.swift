import EndorseCore
import Foundation
import Synchronization

/// The one bound on waiting for PostgreSQL.
///
/// PostgresClient queues work while no connection can be made, and a query sent to a server
/// that hangs (frozen, packets dropped) may never return and cannot be cancelled. A task group
/// with a timer would still wait for such a child, so `run` races `body`, in a task of its own,
/// against the deadline and answers the caller at whichever comes first; the abandoned `body` is
/// cancelled and finishes (or fails) on its own when the server comes back. Like any request
/// cut off mid-write, a change whose caller was answered `unavailable` may still commit.
public enum Deadline {
    /// The deadline of the work this task is doing (the HTTP service sets one per request); every
    /// bounded wait of the store ends by it at the latest.
    @TaskLocal public static var current: ContinuousClock.Instant?

    /// The earlier of `current` and `now + limit`; nil when neither bounds.
    public static func effective(_ limit: Duration?) -> ContinuousClock.Instant? {
        let own = limit.map { ContinuousClock.now + $0 }
        switch (current, own) {
        case let (a?, b?): return min(a, b)
        case let (a, b): return a ?? b
        }
    }

    /// Runs `body`, giving up at the deadline (`effective(limit)`) with
    /// `EndorseError(.unavailable)`; a cancelled caller is answered at once with
    /// `CancellationError`. Without a deadline `body` simply runs.
    public static func run<T: Sendable>(within limit: Duration?,
                                        _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let deadline = effective(limit) else { return try await body() }
        if deadline <= .now { throw expired }
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation,
                           work: Task { race.finish(await Result(catching: { try await body() })) },
                           timer: Task {
                               try? await Task.sleep(until: deadline, clock: .continuous)
                               race.finish(.failure(expired))
                           })
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// `effective(limit)` on the wall clock, in microseconds since the epoch (what PostgreSQL's
    /// clock is compared with); 0 when nothing bounds.
    public static func epochMicroseconds(_ limit: Duration?) -> Int64 {
        guard let deadline = effective(limit) else { return 0 }
        let left = deadline - ContinuousClock.now
        let seconds = Date().timeIntervalSince1970 + Double(left.components.seconds)
            + Double(left.components.attoseconds) / 1e18
        return Int64((seconds * 1_000_000).rounded(.down))
    }

    static let expired = EndorseError(.unavailable, "PostgreSQL did not answer in time; try again shortly")

    /// The caller's continuation, resumed once by whichever finishes first; then both tasks are
    /// cancelled.
    private final class Race<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var early: Result<T, any Error>?
            var tasks: [Task<Void, Never>] = []
            var done = false
        }

        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<T, any Error>, work: Task<Void, Never>, timer: Task<Void, Never>) {
            let early = state.withLock { s -> Result<T, any Error>? in
                if s.done, let early = s.early { s.early = nil; return early }
                s.continuation = continuation
                s.tasks = [work, timer]
                return nil
            }
            if let early {
                work.cancel()
                timer.cancel()
                continuation.resume(with: early)
            }
        }

        func finish(_ result: Result<T, any Error>) {
            let (continuation, tasks) = state.withLock { s -> (CheckedContinuation<T, any Error>?, [Task<Void, Never>]) in
                guard !s.done else { return (nil, []) }
                s.done = true
                guard let c = s.continuation else { s.early = result; return (nil, []) }
                s.continuation = nil
                defer { s.tasks = [] }
                return (c, s.tasks)
            }
            for task in tasks { task.cancel() }
            continuation?.resume(with: result)
        }
    }
}

extension Result where Failure == any Error {
    /// The result of an async throwing body.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
