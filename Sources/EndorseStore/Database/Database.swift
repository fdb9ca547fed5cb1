import EndorseCore
import Foundation
import Logging
import PostgresNIO

/// A running connection pool to endorse's database, handed to a scoped body.
///
/// ```swift
/// try await Database.withDatabase(config, logger: logger) { db in
///     try await db.withTransaction { conn in
///         try await conn.query("UPDATE races SET state = 'open' WHERE ...", logger: db.logger)
///         try await AuditLog.append(actor: "ana", action: "vote.open", ..., on: conn, logger: db.logger)
///     }
/// }
/// ```
public struct Database: Sendable {
    /// The pool; it runs for the lifetime of the `withDatabase` body.
    public let client: PostgresClient
    /// Where it is connected.
    public let endpoint: Endpoint
    public let config: DatabaseConfig
    public let logger: Logger

    /// Transaction isolation levels.
    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Starts the managed cluster if that is the target, makes sure the database exists (creating
    /// it when missing), applies pending migrations (unless `migrate` is false), runs `body` with
    /// a running pool, then shuts the pool down.
    /// - Throws: `EndorseError(.unavailable)` (exit 3) when the server cannot be reached or no
    ///   server binaries are installed; `body`'s own errors unchanged.
    public static func withDatabase<T: Sendable>(
        _ config: DatabaseConfig, logger: Logger, migrate: Bool = true,
        _ body: (Database) async throws -> T
    ) async throws -> T {
        let endpoint = try await prepare(config, logger: logger, migrate: migrate)
        // The pool's background chatter (e.g. a lease racing run()'s start) only from .error up.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: clientConfiguration(endpoint, config: config),
                                    backgroundLogger: background)
        let db = Database(client: client, endpoint: endpoint, config: config, logger: logger)
        do {
            return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                return try await body(db)
            }
        } catch {
            throw DatabaseFailure.map(error, endpoint: endpoint)
        }
    }

    /// Runs `body` on one pooled connection.
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { conn in try await body(conn) }
    }

    /// Runs `body` in a transaction on one pooled connection: COMMIT when it returns, ROLLBACK
    /// when it throws (its error is rethrown as is, not wrapped).
    public func withTransaction<T: Sendable>(
        isolation: IsolationLevel = .readCommitted,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await client.withConnection { conn in
            try await Database.transaction(on: conn, isolation: isolation, logger: logger, body)
        }
    }

    /// Runs one query on a pooled connection.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRowSequence {
        try await client.query(query, logger: logger)
    }

    /// A transaction on a given connection; errors from `body` are rethrown unwrapped.
    nonisolated(nonsending) public static func transaction<T>(
        on conn: PostgresConnection, isolation: IsolationLevel = .readCommitted, logger: Logger,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await conn.query(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)"), logger: logger)
        let value: T
        do {
            value = try await body(conn)
        } catch {
            _ = try? await conn.query("ROLLBACK", logger: logger)
            throw error
        }
        do {
            try await conn.query("COMMIT", logger: logger)
        } catch {
            _ = try? await conn.query("ROLLBACK", logger: logger)
            throw error
        }
        return value
    }

    // MARK: - Setup

    /// Resolves the endpoint (starting the managed cluster), creates the database when missing
    /// and migrates it.
    static func prepare(_ config: DatabaseConfig, logger: Logger, migrate: Bool) async throws -> Endpoint {
        let endpoint: Endpoint
        switch config.target {
        case .server(let e):
            endpoint = e
        case .managed(let home, let searchRoot):
            endpoint = Endpoint(layout: try LocalCluster(home: home, serverSearchRoot: searchRoot).start())
        }
        let conn = try await connectCreatingDatabase(endpoint, config: config, logger: logger)
        do {
            if migrate { try await Migrator().migrate(on: conn, logger: logger) }
            try? await conn.close()
        } catch {
            try? await conn.close()
            throw DatabaseFailure.map(error, endpoint: endpoint)
        }
        return endpoint
    }

    /// One connection to `endpoint`'s database; if it does not exist, creates it through the
    /// `postgres` maintenance database first.
    static func connectCreatingDatabase(_ endpoint: Endpoint, config: DatabaseConfig, logger: Logger) async throws -> PostgresConnection {
        do {
            return try await connect(endpoint, config: config, logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "3D000" {
            let admin = try await connect(endpoint.with(database: "postgres"), config: config, logger: logger)
            do {
                try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(quoteIdentifier(endpoint.database))"), logger: logger)
            } catch let e as PSQLError where ["42P04", "23505"].contains(e.serverInfo?[.sqlState] ?? "") {
                // Created meanwhile by another process: fine.
            } catch {
                try? await admin.close()
                throw DatabaseFailure.map(error, endpoint: endpoint)
            }
            try? await admin.close()
            return try await connect(endpoint, config: config, logger: logger)
        }
    }

    /// A single connection (not pooled), with the configured timeout.
    /// - Throws: `EndorseError(.unavailable)` when the server cannot be reached; a `PSQLError`
    ///   with SQLSTATE 3D000 when the database does not exist.
    public static func connect(_ endpoint: Endpoint, config: DatabaseConfig, logger: Logger) async throws -> PostgresConnection {
        var c: PostgresConnection.Configuration
        if let path = endpoint.socketPath {
            c = .init(unixSocketPath: path, username: endpoint.user, password: endpoint.password, database: endpoint.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                tls = try connectionTLS(endpoint)
            } catch {
                throw EndorseError(.unavailable, "cannot set up TLS (sslmode=\(endpoint.tls.rawValue)): \(error)",
                                   at: endpoint.rootCertificates ?? endpoint.description)
            }
            c = .init(host: endpoint.host ?? "localhost", port: endpoint.port, username: endpoint.user,
                      password: endpoint.password, database: endpoint.database, tls: tls)
        }
        c.options.connectTimeout = .seconds(Int64(config.timeoutSeconds))
        if let path = endpoint.socketPath, !FileManager.default.fileExists(atPath: path) {
            throw EndorseError(.unavailable, "the database is unreachable: no PostgreSQL server is listening at \(path)",
                               at: endpoint.description)
        }
        do {
            return try await PostgresConnection.connect(configuration: c, id: 0, logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "3D000" {
            throw error
        } catch {
            throw EndorseError(.unavailable, "the database is unreachable: \(DatabaseFailure.reason(error))", at: endpoint.description)
        }
    }

    static func clientConfiguration(_ endpoint: Endpoint, config: DatabaseConfig) -> PostgresClient.Configuration {
        var c: PostgresClient.Configuration
        if let path = endpoint.socketPath {
            c = .init(unixSocketPath: path, username: endpoint.user, password: endpoint.password, database: endpoint.database)
        } else {
            c = .init(host: endpoint.host ?? "localhost", port: endpoint.port, username: endpoint.user,
                      password: endpoint.password, database: endpoint.database, tls: clientTLS(endpoint))
        }
        c.options.maximumConnections = config.poolSize
        c.options.connectTimeout = .seconds(config.timeoutSeconds)
        return c
    }

    /// libpq's modes: prefer/require encrypt without checking the certificate; verify-ca checks
    /// the chain against the trusted roots; verify-full also the host name.
    static func tlsConfiguration(_ endpoint: Endpoint) -> TLSConfiguration {
        var t = TLSConfiguration.makeClientConfiguration()
        switch endpoint.tls {
        case .disable, .prefer, .require: t.certificateVerification = .none
        case .verifyCA: t.certificateVerification = .noHostnameVerification
        case .verifyFull: t.certificateVerification = .fullVerification
        }
        if let roots = endpoint.rootCertificates { t.trustRoots = .file(roots) }
        return t
    }

    private static func clientTLS(_ endpoint: Endpoint) -> PostgresClient.Configuration.TLS {
        switch endpoint.tls {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration(endpoint))
        case .require, .verifyCA, .verifyFull: .require(tlsConfiguration(endpoint))
        }
    }

    private static func connectionTLS(_ endpoint: Endpoint) throws -> PostgresConnection.Configuration.TLS {
        switch endpoint.tls {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: tlsConfiguration(endpoint)))
        case .require, .verifyCA, .verifyFull: return .require(try NIOSSLContext(configuration: tlsConfiguration(endpoint)))
        }
    }

    /// `"name"` with embedded quotes doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// What `endorse db status` shows about a reachable server.
public struct ServerInfo: Hashable, Sendable {
    /// `SHOW server_version`, e.g. `15.14 (Debian 15.14-0+deb12u1)`.
    public var version: String
    /// Non-template databases, by name.
    public var databases: [String]
}

extension Database {
    /// Connects once (without creating or migrating anything) and reads version and databases.
    public static func inspect(_ endpoint: Endpoint, config: DatabaseConfig, logger: Logger) async throws -> ServerInfo {
        let conn = try await connect(endpoint, config: config, logger: logger)
        do {
            let version = try await conn.query("SHOW server_version", logger: logger).collect()
                .first?.decode(String.self) ?? "?"
            var names: [String] = []
            let rows = try await conn.query(
                "SELECT datname::text FROM pg_database WHERE NOT datistemplate ORDER BY datname", logger: logger)
            for try await name in rows.decode(String.self) { names.append(name) }
            try? await conn.close()
            return ServerInfo(version: version, databases: names)
        } catch {
            try? await conn.close()
            throw DatabaseFailure.map(error, endpoint: endpoint)
        }
    }
}
