import EndorseCore
import EndorseStore
import Foundation
import Logging
import PostgresNIO

/// One managed cluster for the whole test run, under `.build/endorse-test-cluster` (or
/// `$ENDORSE_TEST_HOME`), started once and left running; each test gets its own database.
/// Shared by the store and HTTP test targets (they run in one process, so one gate bounds both).
public enum TestDatabase {
    /// The package's root folder, from this file's path.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static let home: String = {
        if let h = ProcessInfo.processInfo.environment["ENDORSE_TEST_HOME"], !h.isEmpty { return h }
        return packageRoot + "/.build/endorse-test-cluster"
    }()

    public static let logger: Logger = {
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
    public static func layout() async throws -> ClusterLayout { try await starter.start() }

    /// A configuration pointing at `database` on the shared cluster.
    public static func config(database: String, poolSize: Int = 4) async throws -> DatabaseConfig {
        DatabaseConfig(target: .server(Endpoint(layout: try await layout(), database: database)),
                       poolSize: poolSize, timeoutSeconds: 10)
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
    static let gate = Gate(8)

    /// A fresh, uniquely named, migrated database for `body`; dropped afterwards.
    public static func withFreshDatabase<T: Sendable>(poolSize: Int = 4,
                                                      _ body: (Database) async throws -> T) async throws -> T {
        await gate.enter()
        let result = await Result(catching: { try await unboundedFreshDatabase(poolSize: poolSize, body) })
        await gate.leave()
        return try result.get()
    }

    private static func unboundedFreshDatabase<T: Sendable>(poolSize: Int,
                                                            _ body: (Database) async throws -> T) async throws -> T {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let config = try await config(database: String(name), poolSize: poolSize)
        let result = await Result(catching: { try await Database.withDatabase(config, logger: logger, body) })
        try? await drop(String(name))
        return try result.get()
    }

    /// Drops a test database.
    public static func drop(_ name: String) async throws {
        let config = try await config(database: "postgres")
        guard case .server(let endpoint) = config.target else { return }
        let conn = try await Database.connect(endpoint, config: config, logger: logger)
        _ = try? await conn.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(Database.quoteIdentifier(name)) WITH (FORCE)"),
                                  logger: logger)
        try? await conn.close()
    }
}

extension Result where Failure == any Error {
    /// Captures an async throwing body's outcome.
    public init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
