import EndorseCore
import Logging
import PostgresNIO

extension Database {
    /// Prepares the database like `withDatabase` (starts the managed cluster, creates and
    /// migrates the database) but returns it with its pool NOT running: the caller runs
    /// `db.client` (a ServiceLifecycle `Service`) for as long as it uses the database, e.g. in
    /// the HTTP service's `ServiceGroup`, which shuts it down gracefully on SIGTERM.
    /// - Throws: `EndorseError(.unavailable)` when the server cannot be reached.
    public static func unstarted(_ config: DatabaseConfig, logger: Logger, migrate: Bool = true) async throws -> Database {
        let endpoint = try await prepare(config, logger: logger, migrate: migrate)
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: clientConfiguration(endpoint, config: config),
                                    backgroundLogger: background)
        return Database(client: client, endpoint: endpoint, config: config, logger: logger)
    }
}
