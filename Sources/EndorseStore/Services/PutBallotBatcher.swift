import EndorseCore
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// One org's ballot on its way to `endorse_api_put_ballots` (sql/003).
struct PutBallotItem: Sendable {
    var tokenSHA256: [UInt8]
    var cycle: String
    var race: String
    var attempt: PutBallotAttempt
    var key: IdempotencyKey?

    /// Items of one batch share the race and the cached race entry they were checked against.
    func batches(with other: PutBallotItem) -> Bool {
        cycle == other.cycle && race == other.race && attempt.method == other.attempt.method
            && attempt.stateChanged == other.attempt.stateChanged
    }
}

/// What `endorse_api_put_ballots` answered for one item (its `outcome` values are listed in
/// sql/002 and sql/003).
struct PutBallotOutcome: Sendable {
    var outcome: String
    var actor: String?
    var org: String?
    var status: Int?
    var raceState: String?
    var kind: String?
    var ranking: [String]?
    var approve: [String]?
    var version: Int?
    var recordedAt: String?
    var replaced: Bool?
}

/// Group commit for org ballots over HTTP: ballots that arrive while earlier ones are being
/// written wait, and go to PostgreSQL together — one statement and one transaction for up to
/// `maxBatch` ballots of one race (sql/003 says why that is cheaper). Each caller is answered
/// only after its batch committed. With nothing in flight a ballot goes at once, alone, so a
/// lone client waits for nobody.
///
/// At most `maxInFlight` batches run at a time, each on its own pooled connection. A batch holds
/// at most one ballot per token; the function answers `again` for a second ballot of an org that
/// has two tokens in the batch, and that ballot goes with the next batch. When a batch fails as a
/// whole with an error from the server (one ballot's key was bound concurrently, a deadlock with
/// a staff command), its ballots are written one by one, so only the ballot at fault fails.
final class PutBallotBatcher: Sendable {
    /// Ballots per batch at most (the service: 64).
    let maxBatch: Int
    /// Batches written at the same time at most, each on its own connection (the service: 2;
    /// more measured no faster on 2 cores, BENCHMARKS.md).
    let maxInFlight: Int

    init(maxBatch: Int = 64, maxInFlight: Int = 2) {
        self.maxBatch = maxBatch
        self.maxInFlight = maxInFlight
    }

    /// One caller's answer: resumed exactly once, by its batch or by its cancellation.
    private final class Answer: Sendable {
        private enum Phase {
            case idle
            case waiting(CheckedContinuation<PutBallotOutcome, any Error>)
            case cancelled
            case done
        }

        private let phase = Mutex(Phase.idle)

        /// Registers the caller; false (and the caller answered) when it was cancelled already.
        func wait(_ continuation: CheckedContinuation<PutBallotOutcome, any Error>) -> Bool {
            let cancelled = phase.withLock { phase -> Bool in
                if case .cancelled = phase { phase = .done; return true }
                phase = .waiting(continuation)
                return false
            }
            if cancelled { continuation.resume(throwing: CancellationError()) }
            return !cancelled
        }

        func finish(_ result: Result<PutBallotOutcome, any Error>) {
            let continuation = phase.withLock { phase -> CheckedContinuation<PutBallotOutcome, any Error>? in
                switch phase {
                case .waiting(let c): phase = .done; return c
                case .idle: phase = .cancelled; return nil   // only from cancel()
                case .cancelled, .done: return nil
                }
            }
            continuation?.resume(with: result)
        }

        func cancel() { finish(.failure(CancellationError())) }

        var isDone: Bool { phase.withLock { if case .done = $0 { true } else { false } } }
    }

    private struct Waiting: Sendable {
        var item: PutBallotItem
        var answer: Answer
    }

    private struct State {
        var queue: [Waiting] = []
        var inFlight = 0
    }

    private let state = Mutex(State())

    /// Ballots waiting for a batch (tests).
    var waitingCount: Int { state.withLock { $0.queue.count } }

    /// Writes `item` with whatever else is waiting; returns its outcome after the commit.
    ///
    /// A batch that gets no answer from PostgreSQL within `db`'s timeout (server down or restarting)
    /// is abandoned: its callers get `EndorseError(.unavailable)`. A cancelled caller is answered
    /// at once with `CancellationError`; its ballot is dropped if it still waits for a batch, and
    /// may still be written if its batch is under way (as with a cancelled query: the caller does
    /// not know, and a retry with its Idempotency-Key tells).
    func submit(_ item: PutBallotItem, db: Database, logger: Logger) async throws -> PutBallotOutcome {
        let answer = Answer()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard answer.wait(continuation) else { return }
                let startDrainer = state.withLock { state -> Bool in
                    state.queue.append(Waiting(item: item, answer: answer))
                    guard state.inFlight < maxInFlight else { return false }
                    state.inFlight += 1
                    return true
                }
                if startDrainer {
                    // Not a child of the caller: the batch carries other callers' ballots and
                    // must run to its end even if this request goes away.
                    Task { await self.drain(db: db, logger: logger) }
                }
            }
        } onCancel: {
            answer.cancel()
        }
    }

    private func drain(db: Database, logger: Logger) async {
        while let batch = nextBatch() {
            await write(batch, db: db, logger: logger)
        }
    }

    /// The oldest waiting ballot and those that can go with it (same race and cache entry, one
    /// per token, at most `maxBatch`), in arrival order; nil, with one drainer fewer, when
    /// nothing waits. Cancelled callers' ballots are dropped here.
    private func nextBatch() -> [Waiting]? {
        state.withLock { state in
            state.queue.removeAll { $0.answer.isDone }
            guard let first = state.queue.first?.item else {
                state.inFlight -= 1
                return nil
            }
            var batch: [Waiting] = []
            var rest: [Waiting] = []
            var tokens = Set<[UInt8]>()
            for waiting in state.queue {
                if batch.count < maxBatch, waiting.item.batches(with: first),
                   tokens.insert(waiting.item.tokenSHA256).inserted {
                    batch.append(waiting)
                } else {
                    rest.append(waiting)
                }
            }
            state.queue = rest
            return batch
        }
    }

    private func write(_ batch: [Waiting], db: Database, logger: Logger) async {
        do {
            let items = batch.map(\.item)
            let outcomes = try await db.withTimeout { try await Self.call(items, client: db.client, logger: logger) }
            var again: [Waiting] = []
            for (waiting, outcome) in zip(batch, outcomes) {
                if let outcome, outcome.outcome == "again" {
                    again.append(waiting)
                } else if let outcome {
                    waiting.answer.finish(.success(outcome))
                } else {
                    waiting.answer.finish(.failure(EndorseError(
                        .unavailable, "endorse_api_put_ballots answered nothing for a ballot")))
                }
            }
            if !again.isEmpty { state.withLock { $0.queue.insert(contentsOf: again, at: 0) } }
        } catch let error where batch.count > 1 && ServerError(error) != nil {
            logger.debug("ballot batch failed; writing its ballots one by one",
                         metadata: ["ballots": "\(batch.count)", "error": "\(String(reflecting: error))"])
            for waiting in batch where !waiting.answer.isDone {
                await write([waiting], db: db, logger: logger)
            }
        } catch {
            for waiting in batch { waiting.answer.finish(.failure(error)) }
        }
    }

    /// One call of the function for `items`, each item's outcome by position.
    private static func call(_ items: [PutBallotItem], client: PostgresClient,
                             logger: Logger) async throws -> [PutBallotOutcome?] {
        var outcomes = [PutBallotOutcome?](repeating: nil, count: items.count)
        for try await (index, outcome) in try await client.execute(PutBallotsStatement(items: items), logger: logger)
        where outcomes.indices.contains(index - 1) {
            outcomes[index - 1] = outcome
        }
        return outcomes
    }
}

/// The call, prepared once per connection (parsing and planning it for every batch cost more
/// than running it).
private struct PutBallotsStatement: PostgresPreparedStatement {
    static let name = "endorse_api_put_ballots_v1"
    static let sql = """
        SELECT i, outcome, actor, org, status, race_state, kind, ranking, approve, version, recorded_at, replaced
        FROM endorse_api_put_ballots($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .text, .text, .text, .int8, .byteaArray, .boolArray, .textArray, .textArray, .textArray,
        .textArray, .textArray, .textArray, .byteaArray,
    ]
    typealias Row = (Int, PutBallotOutcome)

    /// Non-empty, all `batches(with:)` the first.
    var items: [PutBallotItem]

    func makeBindings() throws -> PostgresBindings {
        let first = items[0]
        var b = PostgresBindings(capacity: 13)
        b.append(first.cycle)
        b.append(first.race)
        b.append(first.attempt.method)
        b.append(first.attempt.stateChanged)
        // PostgresNIO binds no NULL array elements: '' stands for none (sql/003).
        b.append(items.map { ByteBuffer(bytes: $0.tokenSHA256) })
        b.append(items.map { $0.attempt.bodyError == nil })
        b.append(items.map { $0.attempt.kind ?? "" })
        b.append(items.map { $0.attempt.ranking?.joined(separator: ",") ?? "" })
        b.append(items.map { $0.attempt.approve?.joined(separator: ",") ?? "" })
        b.append(items.map { $0.attempt.ballotJSON ?? "" })
        b.append(items.map { $0.key?.key ?? "" })
        b.append(items.map { $0.key?.path ?? "" })
        b.append(items.map { ByteBuffer(bytes: $0.key?.requestSHA256 ?? []) })
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let (i, outcome, actor, org, status, state, kind, ranking, approve, version, at, replaced) = try row.decode(
            (Int, String, String?, String?, Int?, String?, String?, [String]?, [String]?, Int?, String?, Bool?).self)
        return (i, PutBallotOutcome(outcome: outcome, actor: actor, org: org, status: status, raceState: state,
                                    kind: kind, ranking: ranking, approve: approve, version: version,
                                    recordedAt: at, replaced: replaced))
    }
}
