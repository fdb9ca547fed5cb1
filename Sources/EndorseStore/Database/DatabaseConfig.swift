import EndorseCore
import Foundation

/// Which PostgreSQL to use and how (cli.md, "Database" and "Configuration").
///
/// `--database-url` wins over `DATABASE_URL`; with neither, the managed local cluster under
/// `--home`/`ENDORSE_HOME` (default `./.endorse`).
public struct DatabaseConfig: Hashable, Sendable {
    /// Where the server is.
    public enum Target: Hashable, Sendable {
        /// A server named by a URL.
        case server(Endpoint)
        /// The managed local cluster of this `$ENDORSE_HOME`.
        case managed(home: String, serverSearchRoot: String)
    }

    public var target: Target
    /// Most connections the pool opens (`ENDORSE_DB_POOL`, default 10).
    public var poolSize: Int
    /// Seconds to wait for a connection before giving up (`ENDORSE_DB_TIMEOUT`, default 10).
    public var timeoutSeconds: Int

    public static let defaultHome = "./.endorse"
    public static let defaultPoolSize = 10
    public static let defaultTimeoutSeconds = 10

    public init(target: Target, poolSize: Int = defaultPoolSize, timeoutSeconds: Int = defaultTimeoutSeconds) {
        self.target = target
        self.poolSize = poolSize
        self.timeoutSeconds = timeoutSeconds
    }

    /// The configuration from flags (nil when not given) and the environment.
    /// - Throws: `EndorseError(.usage)` for a malformed URL or number.
    public static func resolve(databaseURL: String? = nil, home: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DatabaseConfig {
        let pool = try positiveInt(environment["ENDORSE_DB_POOL"], name: "ENDORSE_DB_POOL") ?? defaultPoolSize
        let timeout = try positiveInt(environment["ENDORSE_DB_TIMEOUT"], name: "ENDORSE_DB_TIMEOUT") ?? defaultTimeoutSeconds
        if let url = nonEmpty(databaseURL) ?? nonEmpty(environment["DATABASE_URL"]) {
            return DatabaseConfig(target: .server(try Endpoint(url: url)), poolSize: pool, timeoutSeconds: timeout)
        }
        return DatabaseConfig(target: .managed(home: resolveHome(home, environment: environment),
                                               serverSearchRoot: ServerBinaries.defaultSearchRoot),
                              poolSize: pool, timeoutSeconds: timeout)
    }

    /// `$ENDORSE_HOME` as resolved: the `--home` flag, else the environment, else `./.endorse`.
    public static func resolveHome(_ flag: String?,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        nonEmpty(flag) ?? nonEmpty(environment["ENDORSE_HOME"]) ?? defaultHome
    }

    /// The managed cluster, when that is the target.
    public var localCluster: LocalCluster? {
        if case .managed(let home, let root) = target { return LocalCluster(home: home, serverSearchRoot: root) }
        return nil
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }

    private static func positiveInt(_ s: String?, name: String) throws -> Int? {
        guard let s = nonEmpty(s) else { return nil }
        guard let v = Int(s), v > 0 else {
            throw EndorseError(.usage, "\(name) must be a positive integer, not \(s)", at: name)
        }
        return v
    }
}
