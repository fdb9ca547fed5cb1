import EndorseCore
import Foundation
import Logging
import PostgresNIO

/// The append-only, hash-chained audit log (domain.md; formats.md "Audit").
///
/// `append` must run inside the transaction that makes the change it records, so that the
/// event commits with it or not at all. It locks the one-row `audit_head` (FOR UPDATE), which
/// serializes writers of the chain until commit and hands out gapless ids.
///
/// A ballot's event is instead left in `audit_pending` by the ballot writer (sql/004), committed
/// with the ballot, so ballots do not queue on the head lock. `seal` moves committed pending events into
/// the chain in the order they were recorded; `append` seals first, so the chain's order stays
/// the order in which events joined it.
public enum AuditLog {
    /// Appends one event; returns it as stored.
    /// - Throws: a server error if called outside a transaction block.
    @discardableResult
    public static func append(actor: String, action: String, cycle: String?, subject: String?,
                              details: JSONValue, on conn: PostgresConnection, logger: Logger) async throws -> AuditEvent {
        var head = try await lockHead(on: conn, logger: logger)
        try await sealPending(&head, on: conn, logger: logger)
        let id = head.lastID + 1
        let text = details.canonicalString
        let hash = AuditEvent.computeHash(prevHash: head.lastHash, id: id, at: head.now, actor: actor, action: action,
                                          cycle: cycle, subject: subject, details: text)
        let prevBuffer = head.lastHash.map { ByteBuffer(bytes: $0) }
        let hashBuffer = ByteBuffer(bytes: hash)
        try await conn.query("""
            INSERT INTO audit_log (id, at, actor, action, cycle, subject, details, prev_hash, hash)
            VALUES (\(id), \(head.now), \(actor), \(action), \(cycle), \(subject), \(text), \(prevBuffer), \(hashBuffer))
            """, logger: logger)
        try await conn.query(
            "UPDATE audit_head SET last_id = \(id), last_hash = \(hashBuffer) WHERE singleton",
            logger: logger)
        return AuditEvent(id: id, at: head.now, actor: actor, action: action, cycle: cycle, subject: subject,
                          details: text, prevHash: head.lastHash, hash: hash)
    }

    /// Moves every committed pending event into the chain; returns how many. Must run inside a
    /// transaction (the head lock holds until it ends).
    @discardableResult
    public static func seal(on conn: PostgresConnection, logger: Logger) async throws -> Int {
        var head = try await lockHead(on: conn, logger: logger)
        let before = head.lastID
        try await sealPending(&head, on: conn, logger: logger)
        return Int(head.lastID - before)
    }

    /// The chain's head, locked until the transaction ends, and the current time for an event.
    struct Head {
        var lastID: Int64
        var lastHash: [UInt8]?
        var now: String
    }

    static func lockHead(on conn: PostgresConnection, logger: Logger) async throws -> Head {
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
        let (lastID, lastHash, now) = try row.decode((Int64, ByteBuffer?, String).self)
        return Head(lastID: lastID, lastHash: lastHash.map { Array($0.readableBytesView) }, now: now)
    }

    /// Chains the pending events visible to this transaction (committed ones) after `head`, in
    /// `seq` order, and moves the head. Their details are written canonical.
    static func sealPending(_ head: inout Head, on conn: PostgresConnection, logger: Logger) async throws {
        // In batches, so a backlog (a service that crashed under load) is not held in memory at once.
        while try await sealBatch(&head, limit: 5000, on: conn, logger: logger) == 5000 {}
    }

    private static func sealBatch(_ head: inout Head, limit: Int, on conn: PostgresConnection,
                                  logger: Logger) async throws -> Int {
        let rows = try await conn.query("""
            SELECT seq, at, actor, action, cycle, subject, details FROM audit_pending ORDER BY seq LIMIT \(limit)
            """, logger: logger)
        // Column by column, bound as arrays (no NULL elements: flags for cycle and subject, an
        // empty prev_hash before the first event).
        var seqs: [Int64] = [], ids: [Int64] = [], ats: [String] = [], actors: [String] = []
        var actions: [String] = [], cycles: [String] = [], noCycle: [Bool] = [], subjects: [String] = []
        var noSubject: [Bool] = [], texts: [String] = [], prevs: [ByteBuffer] = [], hashes: [ByteBuffer] = []
        for try await (seq, at, actor, action, cycle, subject, details) in rows.decode(
            (Int64, String, String, String, String?, String?, String).self) {
            let text: String
            do {
                text = try JSONValue.parse(Array(details.utf8)).canonicalString
            } catch {
                throw EndorseError(.tampered, "audit_pending event \(seq) holds details that are not JSON", at: "audit_pending")
            }
            let id = head.lastID + 1
            let hash = AuditEvent.computeHash(prevHash: head.lastHash, id: id, at: at, actor: actor, action: action,
                                              cycle: cycle, subject: subject, details: text)
            seqs.append(seq); ids.append(id); ats.append(at); actors.append(actor); actions.append(action)
            cycles.append(cycle ?? ""); noCycle.append(cycle == nil)
            subjects.append(subject ?? ""); noSubject.append(subject == nil)
            texts.append(text)
            prevs.append(ByteBuffer(bytes: head.lastHash ?? []))
            hashes.append(ByteBuffer(bytes: hash))
            head.lastID = id
            head.lastHash = hash
        }
        guard !seqs.isEmpty, let last = head.lastHash else { return 0 }
        try await conn.query("""
            INSERT INTO audit_log (id, at, actor, action, cycle, subject, details, prev_hash, hash)
            SELECT id, at, actor, action, CASE WHEN no_cycle THEN NULL ELSE cycle END,
                   CASE WHEN no_subject THEN NULL ELSE subject END, details, nullif(prev, ''::bytea), hash
            FROM unnest(\(ids), \(ats), \(actors), \(actions), \(cycles), \(noCycle), \(subjects), \(noSubject),
                        \(texts), \(prevs), \(hashes))
                 AS x(id, at, actor, action, cycle, no_cycle, subject, no_subject, details, prev, hash)
            ORDER BY id
            """, logger: logger)
        // The head first: pending events may be deleted only once recorded as sealed (sql/005).
        try await conn.query("""
            UPDATE audit_head SET last_id = \(head.lastID), last_hash = \(ByteBuffer(bytes: last)),
                                  sealed_seq = greatest(sealed_seq, \(seqs.max() ?? 0))
            WHERE singleton
            """, logger: logger)
        try await conn.query("DELETE FROM audit_pending WHERE seq = ANY(\(seqs))", logger: logger)
        return seqs.count
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
