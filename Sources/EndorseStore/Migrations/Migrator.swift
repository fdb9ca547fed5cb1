import EndorseCore
import Foundation
import Logging
import PostgresNIO

/// Applies migrations: each once, in order, in its own transaction, recorded in
/// `schema_migrations(version, name, sha256, applied_at)`. A session advisory lock keeps two
/// runners (two processes starting at once) from racing. A recorded migration whose text has
/// changed since it was applied is refused: migrations are append-only.
public struct Migrator: Sendable {
    /// The advisory lock key ("endorse" in ASCII).
    public static let lockKey: Int64 = 0x656e_646f_7273_65

    public let migrations: [Migration]

    public init(migrations: [Migration] = Migrations.all) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// A migration as recorded in the database.
    public struct Applied: Hashable, Sendable {
        public var version: Int
        public var name: String
        public var sha256: [UInt8]
        public var appliedAt: Date
    }

    /// Applies every pending migration; returns those it applied (empty when up to date).
    @discardableResult
    public func migrate(on connection: PostgresConnection, logger: Logger) async throws -> [Migration] {
        try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
        do {
            let applied = try await migrateLocked(on: connection, logger: logger)
            try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            return applied
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            throw error
        }
    }

    /// The migrations recorded in the database, by version (empty before the first run).
    public func applied(on connection: PostgresConnection, logger: Logger) async throws -> [Applied] {
        let exists = try await connection.query(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger
        ).collect().first?.decode(Bool.self) ?? false
        guard exists else { return [] }
        let rows = try await connection.query(
            "SELECT version, name, sha256, applied_at FROM schema_migrations ORDER BY version",
            logger: logger)
        var out: [Applied] = []
        for try await (v, name, sha, at) in rows.decode((Int, String, ByteBuffer, Date).self) {
            out.append(Applied(version: v, name: name, sha256: Array(sha.readableBytesView), appliedAt: at))
        }
        return out
    }

    private func migrateLocked(on connection: PostgresConnection, logger: Logger) async throws -> [Migration] {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer PRIMARY KEY CHECK (version >= 1),
                name        text NOT NULL,
                sha256      bytea NOT NULL CHECK (octet_length(sha256) = 32),
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        let recorded = Dictionary(uniqueKeysWithValues: try await applied(on: connection, logger: logger)
            .map { ($0.version, $0) })
        let known = Set(migrations.map(\.version))
        if let unknown = recorded.keys.filter({ !known.contains($0) }).max() {
            throw EndorseError(.unavailable,
                "the database has migration \(unknown) which this endorse does not know; use a newer endorse",
                at: "schema_migrations")
        }
        var done: [Migration] = []
        for m in migrations {
            if let r = recorded[m.version] {
                guard r.sha256 == m.sha256 else {
                    throw EndorseError(.unavailable,
                        "migration \(m.fileName) was changed after it was applied; add a new migration instead",
                        at: "schema_migrations")
                }
                continue
            }
            logger.debug("applying migration", metadata: ["migration": "\(m.fileName)"])
            try await Database.transaction(on: connection, logger: logger) { conn in
                for statement in m.statements {
                    try await conn.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let sha = ByteBuffer(bytes: m.sha256)
                try await conn.query(
                    "INSERT INTO schema_migrations (version, name, sha256) VALUES (\(m.version), \(m.name), \(sha))",
                    logger: logger)
            }
            done.append(m)
        }
        return done
    }
}
