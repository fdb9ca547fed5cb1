import EndorseCore
import Foundation
import Logging
import PostgresNIO

/// The append-only, hash-chained audit log (domain.md; formats.md "Audit").
///
/// `append` must run inside the transaction that makes the change it records, so that the
/// event commits with it or not at all. It locks the one-row `audit_head` (FOR UPDATE), which
/// serializes writers of the chain until commit and hands out gapless ids.
public enum AuditLog {
    /// Appends one event; returns it as stored.
    /// - Throws: a server error if called outside a transaction block.
    @discardableResult
    public static func append(actor: String, action: String, cycle: String?, subject: String?,
                              details: JSONValue, on conn: PostgresConnection, logger: Logger) async throws -> AuditEvent {
        // Refuses to run in autocommit mode, where the head lock would end with the statement.
        try await conn.query("SAVEPOINT endorse_audit_append", logger: logger)
        try await conn.query("RELEASE SAVEPOINT endorse_audit_append", logger: logger)
        let rows = try await conn.query("""
            SELECT last_id, last_hash,
                   to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            FROM audit_head WHERE singleton FOR UPDATE
            """, logger: logger).collect()
        guard let row = rows.first else {
            throw EndorseError(.unavailable, "the audit_head row is missing", at: "audit_head")
        }
        let (lastID, lastHash, at) = try row.decode((Int64, ByteBuffer?, String).self)
        let prev = lastHash.map { Array($0.readableBytesView) }
        let id = lastID + 1
        let text = details.canonicalString
        let hash = AuditEvent.computeHash(prevHash: prev, id: id, at: at, actor: actor, action: action,
                                          cycle: cycle, subject: subject, details: text)
        let prevBuffer = prev.map { ByteBuffer(bytes: $0) }
        let hashBuffer = ByteBuffer(bytes: hash)
        try await conn.query("""
            INSERT INTO audit_log (id, at, actor, action, cycle, subject, details, prev_hash, hash)
            VALUES (\(id), \(at), \(actor), \(action), \(cycle), \(subject), \(text), \(prevBuffer), \(hashBuffer))
            """, logger: logger)
        try await conn.query(
            "UPDATE audit_head SET last_id = \(id), last_hash = \(hashBuffer) WHERE singleton",
            logger: logger)
        return AuditEvent(id: id, at: at, actor: actor, action: action, cycle: cycle, subject: subject,
                          details: text, prevHash: prev, hash: hash)
    }

    /// Recomputes the whole chain; returns the id of the first event whose hash does not follow
    /// from its predecessor (or whose predecessor is missing), nil when the chain is intact.
    /// A log cut short at its end is reported as its first missing id.
    public static func verify(on conn: PostgresConnection, logger: Logger) async throws -> Int64? {
        let rows = try await conn.query("""
            SELECT id, at, actor, action, cycle, subject, details, prev_hash, hash
            FROM audit_log ORDER BY id
            """, logger: logger)
        var expectedPrev: [UInt8]? = nil
        var expectedID: Int64 = 1
        for try await row in rows {
            let event = try decodeEvent(row)
            if event.id != expectedID || event.prevHash != expectedPrev || !event.hashIsValid {
                return event.id
            }
            expectedPrev = event.hash
            expectedID += 1
        }
        let head = try await conn.query("SELECT last_id, last_hash FROM audit_head WHERE singleton",
                                        logger: logger).collect()
        guard let h = head.first else { return expectedID }
        let (lastID, lastHash) = try h.decode((Int64, ByteBuffer?).self)
        if lastID != expectedID - 1 {
            // Cut short at the end (first missing id), or rows appended behind the head's back.
            return min(lastID + 1, expectedID)
        }
        if lastHash.map({ Array($0.readableBytesView) }) != expectedPrev { return lastID }
        return nil
    }

    /// Events in id order, of one cycle or all.
    public static func events(cycle: String? = nil, on conn: PostgresConnection, logger: Logger) async throws -> [AuditEvent] {
        let query: PostgresQuery = cycle == nil
            ? "SELECT id, at, actor, action, cycle, subject, details, prev_hash, hash FROM audit_log ORDER BY id"
            : "SELECT id, at, actor, action, cycle, subject, details, prev_hash, hash FROM audit_log WHERE cycle = \(cycle) ORDER BY id"
        var out: [AuditEvent] = []
        for try await row in try await conn.query(query, logger: logger) {
            out.append(try decodeEvent(row))
        }
        return out
    }

    static func decodeEvent(_ row: PostgresRow) throws -> AuditEvent {
        let (id, at, actor, action, cycle, subject, details, prev, hash) =
            try row.decode((Int64, String, String, String, String?, String?, String, ByteBuffer?, ByteBuffer).self)
        return AuditEvent(id: id, at: at, actor: actor, action: action, cycle: cycle, subject: subject,
                          details: details, prevHash: prev.map { Array($0.readableBytesView) },
                          hash: Array(hash.readableBytesView))
    }
}

extension Database {
    /// `AuditLog.verify` on a pooled connection.
    public func verifyAudit() async throws -> Int64? {
        try await withConnection { conn in try await AuditLog.verify(on: conn, logger: logger) }
    }

    /// `AuditLog.events` on a pooled connection.
    public func auditEvents(cycle: String? = nil) async throws -> [AuditEvent] {
        try await withConnection { conn in try await AuditLog.events(cycle: cycle, on: conn, logger: logger) }
    }
}
