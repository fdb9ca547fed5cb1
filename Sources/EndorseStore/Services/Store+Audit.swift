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

extension Store {
    /// Seals pending events, then recomputes the audit chain; the count and the check see one snapshot.
    public func verifyAudit() async throws -> AuditCheck {
        try await db.sealAudit()
        return try await db.withTransaction(isolation: .repeatableRead) { conn in
            let broken = try await AuditLog.verify(on: conn, logger: logger)
            let rows = try await conn.query("SELECT count(*)::bigint FROM audit_log", logger: logger).collect()
            let count = try rows.first?.decode(Int64.self) ?? 0
            return AuditCheck(events: Int(count), firstBroken: broken)
        }
    }

    /// Events in id order, of one cycle or all (pending events sealed first).
    public func auditEvents(cycle: String? = nil) async throws -> [AuditEvent] {
        try await db.sealAudit()
        return try await read { conn in try await AuditLog.events(cycle: cycle, on: conn, logger: logger) }
    }
}
