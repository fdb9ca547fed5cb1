import EndorseCore
@testable import EndorseStore
import Foundation
import Logging
import PostgresNIO

/// One managed cluster for the whole test run, under `.build/endorse-test-cluster` (or
/// `$ENDORSE_TEST_HOME`), started once and left running; each test gets its own database.
enum TestDatabase {
    /// The package's root folder, from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let home: String = {
        if let h = ProcessInfo.processInfo.environment["ENDORSE_TEST_HOME"], !h.isEmpty { return h }
        return packageRoot + "/.build/endorse-test-cluster"
    }()

    static let logger: Logger = {
        var l = Logger(label: "endorse-tests")
        l.logLevel = .error
        return l
    }()

    /// Starts the shared cluster at most once per process (and safely across processes: the
    /// cluster's own flock).
    private actor Starter {
        var layout: ClusterLayout?
        func start() throws -> ClusterLayout {
            if let layout { return layout }
            let l = try LocalCluster(home: TestDatabase.home).start()
            layout = l
            return l
        }
    }
    private static let starter = Starter()

    /// The shared cluster's layout, started if needed.
    static func layout() async throws -> ClusterLayout { try await starter.start() }

    /// A configuration pointing at `database` on the shared cluster.
    static func config(database: String) async throws -> DatabaseConfig {
        DatabaseConfig(target: .server(Endpoint(layout: try await layout(), database: database)),
                       poolSize: 4, timeoutSeconds: 10)
    }


    /// Bounds how many test databases are in use at once: Swift Testing runs every test of the
    /// process concurrently, and each holds a pool of connections; PostgreSQL allows 100.
    actor Gate {
        private var available: Int
        private var waiters: [CheckedContinuation<Void, Never>] = []
        init(_ permits: Int) { available = permits }
        func enter() async {
            if available > 0 { available -= 1; return }
            await withCheckedContinuation { waiters.append($0) }
        }
        func leave() {
            if waiters.isEmpty { available += 1 } else { waiters.removeFirst().resume() }
        }
    }
    static let gate = Gate(6)

    /// A fresh, uniquely named, migrated database for `body`; dropped afterwards.
    static func withFreshDatabase<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
        await gate.enter()
        let result = await Result(catching: { try await unboundedFreshDatabase(body) })
        await gate.leave()
        return try result.get()
    }

    private static func unboundedFreshDatabase<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let config = try await config(database: String(name))
        let result: Result<T, any Error>
        do {
            result = .success(try await Database.withDatabase(config, logger: logger, body))
        } catch {
            result = .failure(error)
        }
        try? await drop(String(name))
        return try result.get()
    }

    /// Drops a test database.
    static func drop(_ name: String) async throws {
        let config = try await config(database: "postgres")
        guard case .server(let endpoint) = config.target else { return }
        let conn = try await Database.connect(endpoint, config: config, logger: logger)
        _ = try? await conn.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(Database.quoteIdentifier(name)) WITH (FORCE)"),
                                  logger: logger)
        try? await conn.close()
    }

    /// Runs `psql` with `arguments`; returns exit status and stdout+stderr.
    static func psql(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let r = try ProcessRunner.run("/usr/bin/psql", arguments)
        return (r.status, r.output)
    }
}

/// How a statement run by a test ended.
enum Attempt: Equatable {
    case succeeded
    /// Refused by the server (nil when the error was not a server error).
    case failed(ServerError?)

    /// The violated constraint's name, when refused by one.
    var constraint: String? { if case .failed(let e) = self { return e?.constraint }; return nil }
    var sqlState: String? { if case .failed(let e) = self { return e?.sqlState }; return nil }
    var message: String { if case .failed(let e) = self { return e?.message ?? "?" }; return "" }
}

extension PostgresConnection {
    /// Runs `sql` (one statement) and reports whether the server accepted it.
    func attempt(_ sql: String, logger: Logger = TestDatabase.logger) async -> Attempt {
        do {
            try await query(PostgresQuery(unsafeSQL: sql), logger: logger)
            return .succeeded
        } catch {
            return .failed(ServerError(error))
        }
    }

    /// Runs several statements, failing on the first error.
    func run(_ statements: [String], logger: Logger = TestDatabase.logger) async throws {
        for s in statements { try await query(PostgresQuery(unsafeSQL: s), logger: logger) }
    }
}

extension Result where Failure == any Error {
    /// Captures an async throwing body's outcome.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
