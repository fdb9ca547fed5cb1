import Logging
import PostgresNIO

/// `Idempotency-Key`s live 24 hours (api.md). A dead key no longer answers (the writer only
/// looks at live ones) and is swept: by the ballot batcher at start and every hour, or by hand.
enum IdempotencyKeys {
    /// How long a key lives.
    static let lifetime = "24 hours"

    /// Deletes the keys older than their lifetime; returns how many.
    @discardableResult
    static func sweep(client: PostgresClient, logger: Logger) async throws -> Int {
        let rows = try await client.query("""
            WITH gone AS (DELETE FROM idempotency_keys WHERE created_at <= now() - interval '24 hours' RETURNING 1)
            SELECT count(*)::bigint FROM gone
            """, logger: logger).collect()
        return Int(try rows.first?.decode(Int64.self) ?? 0)
    }
}

extension BallotStore {
    /// Deletes dead idempotency keys (older than 24 hours); returns how many.
    @discardableResult
    public func sweepIdempotencyKeys() async throws -> Int {
        let db = store.db
        return try await store.bounded { try await IdempotencyKeys.sweep(client: db.client, logger: db.logger) }
    }
}
