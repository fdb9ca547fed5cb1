import ArgumentParser
import EndorseCore
import EndorseStore
import Foundation
import Logging

/// `--database-url` and `--home`, shared by every command that needs the database.
///
/// Flags win over `DATABASE_URL` and `ENDORSE_HOME`; without a URL the managed local cluster
/// under `ENDORSE_HOME` (default `./.endorse`) is used, started when needed and left running.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: ArgumentHelp("PostgreSQL URL, postgres://user:pass@host:port/db (default: $DATABASE_URL, else the managed local cluster).",
                               valueName: "url"))
    var databaseURL: String?

    @Option(name: .customLong("home"),
            help: ArgumentHelp("Folder of the managed local cluster and keys (default: $ENDORSE_HOME, else ./.endorse).",
                               valueName: "dir"))
    var home: String?

    /// The resolved configuration (flags, then environment, then defaults).
    func config() throws -> DatabaseConfig {
        try DatabaseConfig.resolve(databaseURL: databaseURL, home: home)
    }

    /// `$ENDORSE_HOME` as resolved (flag, environment, default).
    var resolvedHome: String { DatabaseConfig.resolveHome(home) }

    /// A logger at `ENDORSE_LOG_LEVEL` (default info), writing to stderr.
    func logger(label: String = "endorse") -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        let level = ProcessInfo.processInfo.environment["ENDORSE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? .info
        return logger
    }

    /// Runs `body` with a migrated database (the managed cluster started when needed).
    func withDatabase<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
        try await Database.withDatabase(try config(), logger: logger(), body)
    }
}
