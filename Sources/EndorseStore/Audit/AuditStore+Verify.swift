import EndorseCore
import PostgresNIO

/// The result of `audit verify`.
public struct AuditCheck: Sendable, Hashable {
    /// Events in the log.
    public var events: Int
    /// The id of the first event whose hash does not follow from its predecessor; nil = intact.
    public var firstBroken: Int64?
    /// Ballot versions without their audit event (at most 10 listed), e.g. a row inserted by
    /// hand around the service.
    public var unaudited: [String] = []
    public var unauditedCount = 0
    public var intact: Bool { firstBroken == nil && unauditedCount == 0 }
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
            var check = AuditCheck(events: Int(count), firstBroken: broken)
            (check.unaudited, check.unauditedCount) = try await Self.unauditedBallots(on: conn, logger: logger)
            return check
        }
    }

    /// Ballot versions no audit event accounts for: `ballot.cast`/`.replaced`/`.withdrawn` name
    /// one version each, `ballot.import` lists the versions it wrote, `org.recuse` the
    /// withdrawal it made.
    static func unauditedBallots(on conn: PostgresConnection, logger: Logger) async throws -> ([String], Int) {
        let rows = try await conn.query("""
            WITH covered AS (
                SELECT a.cycle, a.details_json->>'race' AS race, a.details_json->>'org' AS org,
                       (a.details_json->>'version')::int AS version
                  FROM audit_log a WHERE a.action IN ('ballot.cast', 'ballot.replaced', 'ballot.withdrawn')
                UNION ALL
                SELECT a.cycle, e->>0, e->>1, (e->>2)::int
                  FROM audit_log a, jsonb_array_elements(a.details_json->'ballots') e
                 WHERE a.action = 'ballot.import'
                UNION ALL
                SELECT a.cycle, a.details_json->>'race', a.subject, (a.details_json->>'ballot_version')::int
                  FROM audit_log a WHERE a.action = 'org.recuse' AND a.details_json ? 'ballot_version'
            ), missing AS (
                SELECT b.id, b.cycle, b.race, b.org, b.version FROM ballots b
                  LEFT JOIN covered c ON c.cycle = b.cycle AND c.race = b.race AND c.org = b.org AND c.version = b.version
                 WHERE c.cycle IS NULL
            )
            SELECT cycle, race, org, version, (SELECT count(*) FROM missing)::bigint FROM missing ORDER BY id LIMIT 10
            """, logger: logger).collect()
        var listed: [String] = []
        var total = 0
        for row in rows {
            let (cycle, race, org, version, count) = try row.decode((String, String, String, Int, Int64).self)
            listed.append("ballot of \(org) in \(cycle)/\(race), version \(version)")
            total = Int(count)
        }
        return (listed, total)
    }

    /// Events in id order, of one cycle or all (pending events sealed first).
    public func auditEvents(cycle: String? = nil) async throws -> [AuditEvent] {
        try await seal()
        let logger = self.logger
        return try await read { conn in try await AuditLog.events(cycle: cycle, on: conn, logger: logger) }
    }
}
