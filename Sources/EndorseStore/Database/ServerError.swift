import EndorseCore
import PostgresNIO

/// What PostgreSQL said about a failed statement, for mapping to `EndorseError`s.
public struct ServerError: Hashable, Sendable, CustomStringConvertible {
    /// The SQLSTATE, e.g. `23505` unique violation, `23514` check violation, `23503` foreign key.
    public var sqlState: String
    public var message: String
    public var detail: String?
    /// The violated constraint's name (also set by the schema's triggers, e.g. `ballots_race_open`).
    public var constraint: String?
    public var table: String?

    /// The server error inside `error` (a `PSQLError`, possibly wrapped), or nil.
    public init?(_ error: any Error) {
        guard let psql = error as? PSQLError, let info = psql.serverInfo, let state = info[.sqlState] else { return nil }
        sqlState = state
        message = info[.message] ?? ""
        detail = info[.detail]
        constraint = info[.constraintName]
        table = info[.tableName]
    }

    public var isUniqueViolation: Bool { sqlState == "23505" }
    public var isCheckViolation: Bool { sqlState == "23514" }
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }

    public var description: String {
        var s = message
        if let detail { s += " (\(detail))" }
        return s
    }
}

extension Database {
    /// Whether `error` means the server cannot be reached (or went away), as opposed to a
    /// statement the server refused.
    public static func isConnectionFailure(_ error: any Error) -> Bool {
        if let psql = error as? PSQLError {
            if let state = psql.serverInfo?[.sqlState] {
                // 08: connection exception, 57P01-03: shutdown / cannot connect now, 3D000: no database.
                return state.hasPrefix("08") || state.hasPrefix("57P") || state == "3D000" || state == "28000"
            }
            switch psql.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed,
                 .uncleanShutdown, .sslUnsupported:
                return true
            default:
                return false
            }
        }
        return error is IOError || error is ChannelError || error is NIOConnectionError
    }

    /// A readable reason for a connection failure.
    static func reason(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let m = psql.serverInfo?[.message] { return m }
            if let u = psql.underlying { return String(describing: u) }
            return String(describing: psql.code)
        }
        return String(describing: error)
    }

    /// `error` as `EndorseError(.unavailable)` (exit 3) when it is a connection failure.
    public static func mapUnavailable(_ error: any Error, endpoint: Endpoint) -> any Error {
        if error is EndorseError { return error }
        guard isConnectionFailure(error) else { return error }
        return EndorseError(.unavailable, "the database is unreachable: \(reason(error))", at: endpoint.description)
    }
}
