import EndorseCore
import EndorseStore
import Foundation
import Logging
import PostgresNIO

/// A minimal copy of Tests/EndorseStoreTests/Support/TestDatabase.swift (test targets cannot
/// share files): the same managed cluster for the run (`.build/endorse-test-cluster` or
/// `$ENDORSE_TEST_HOME`), a fresh database per test.
enum TestDatabase {
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
        var l = Logger(label: "endorse-http-tests")
        l.logLevel = .error
        return l
    }()

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

    static func config(database: String, poolSize: Int = 8) async throws -> DatabaseConfig {
        DatabaseConfig(target: .server(Endpoint(layout: try await starter.start(), database: database)),
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
    static let gate = Gate(3)

    /// A fresh, migrated database for `body`; dropped afterwards.
    static func withFreshDatabase<T: Sendable>(poolSize: Int = 8, _ body: (Database) async throws -> T) async throws -> T {
        await gate.enter()
        let result = await Result(catching: { try await unboundedFreshDatabase(poolSize: poolSize, body) })
        await gate.leave()
        return try result.get()
    }

    private static func unboundedFreshDatabase<T: Sendable>(poolSize: Int, _ body: (Database) async throws -> T) async throws -> T {
        let name = "h_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        let config = try await config(database: String(name), poolSize: poolSize)
        let result: Result<T, any Error>
        do {
            result = .success(try await Database.withDatabase(config, logger: logger, body))
        } catch {
            result = .failure(error)
        }
        let admin = try await self.config(database: "postgres")
        if case .server(let endpoint) = admin.target,
           let conn = try? await Database.connect(endpoint, config: admin, logger: logger) {
            _ = try? await conn.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"),
                                      logger: logger)
            try? await conn.close()
        }
        return try result.get()
    }
}

extension Result where Failure == any Error {
    /// Captures an async throwing body's outcome.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
