import Logging
import ServiceLifecycle

/// Seals the audit events that org ballots leave pending (`AuditLog.seal`) into the hash chain,
/// soon after they commit: 20 ms after a nudge from an acknowledged ballot (nudges arriving
/// meanwhile or during the seal coalesce into one more), and every second in any case (a seal
/// that failed while PostgreSQL was down, events of another process). Runs beside the server in
/// its ServiceGroup; on shutdown it seals once more after the server has stopped taking requests.
public struct AuditSealer: Service {
    let audit: AuditStore
    let logger: Logger
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    static let gatherDelay = Duration.milliseconds(20)

    /// Seals with `store`, as the actor that signs nothing (sealing writes no event of its own).
    public init(store: Store) {
        self.audit = store.acting(as: "audit-sealer").audit
        self.logger = store.logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a seal soon; never waits.
    public func nudge() { wake.yield() }

    public func run() async throws {
        await sealOnce()   // events a stopped or crashed service left pending
        await withDiscardingTaskGroup { group in
            let wake = self.wake
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    wake.yield()
                }
            }
            for await _ in wakeups.cancelOnGracefulShutdown() {
                // Gather what arrives meanwhile: one seal transaction per batch, not per ballot.
                try? await Task.sleep(for: Self.gatherDelay)
                await sealOnce()
            }
            group.cancelAll()
        }
        await sealOnce()
    }

    private func sealOnce() async {
        do {
            // One deadline for the whole seal (its look and its transaction): while PostgreSQL
            // hangs, a seal — the last one at shutdown too — gives up within the timeout.
            try await Deadline.$current.withValue(Deadline.effective(audit.base.store.timeout)) {
                try await audit.seal()
            }
        } catch {
            // The events stay pending and the next wake-up tries again.
            logger.warning("audit seal failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
