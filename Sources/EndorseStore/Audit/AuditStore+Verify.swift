import EndorseCore
import PostgresNIO

/// The result of `audit verify`.
public struct AuditCheck: Sendable, Hashable {
    /// Events in the log.
    public var events: Int
    /// The id of the first event whose hash does not follow from its predecessor; nil = intact.
    public var firstBroken: Int64?
    public var intact: Bool { firstBroken == nil }
}

extension AuditStore {
    /// Seals the committed pending events into the chain (`AuditLog.seal`) in a transaction of
    /// its own; returns how many.
    @discardableResult
    public func seal() async throws -> Int {
        let logger = self.logger
        // A look without the lock first: the service's sealer wakes every second, and locking
        // the head writes to it, which an idle service should not do.
        let pending = try await read { conn in
            try await conn.query("SELECT EXISTS (SELECT 1 FROM audit_pending)", logger: logger).collect()
                .first?.decode(Bool.self) ?? false
        }
        guard pending else { return 0 }
        return try await base.transaction { conn in try await AuditLog.seal(on: conn, logger: logger) }
    }

    /// Seals pending events, then recomputes the audit chain; the count and the check see one snapshot.
    public func verifyAudit() async throws -> AuditCheck {
        try await seal()
        let logger = self.logger
        return try await base.transaction(isolation: .repeatableRead) { conn in
            let broken = try await AuditLog.verify(on: conn, logger: logger)
            let rows = try await conn.query("SELECT count(*)::bigint FROM audit_log", logger: logger).collect()
            let count = try rows.first?.decode(Int64.self) ?? 0
            return AuditCheck(events: Int(count), firstBroken: broken)
        }
    }

    /// Events in id order, of one cycle or all (pending events sealed first).
    public func auditEvents(cycle: String? = nil) async throws -> [AuditEvent] {
        try await seal()
        let logger = self.logger
        return try await read { conn in try await AuditLog.events(cycle: cycle, on: conn, logger: logger) }
    }
}
