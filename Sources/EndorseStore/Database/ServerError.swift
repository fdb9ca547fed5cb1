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
