import _ConnectionPoolModule
import EndorseCore
import NIOCore
import PostgresNIO

/// The one place that tells "the database is unavailable" (server down, restarting, unreachable,
/// out of connections, or a wait cut off by `Deadline`) from a statement the server refused.
/// Everything above the store sees unavailability as `EndorseError(.unavailable)` only.
public enum DatabaseFailure {
    /// Whether `error` means the database cannot be used right now.
    public static func isUnavailable(_ error: any Error) -> Bool {
        switch error {
        case let e as EndorseError:
            return e.code == .unavailable
        case let psql as PSQLError:
            if let state = psql.serverInfo?[.sqlState] {
                // 08: connection exception; 57P01-03: shutdown, crash, starting up; 53300: too
                // many connections; 3D000: no such database; 28000: authentication refused.
                return state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300"
                    || state == "3D000" || state == "28000"
            }
            switch psql.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed,
                 .uncleanShutdown, .sslUnsupported, .queryCancelled:
                return true
            default:
                return false
            }
        case is ConnectionPoolError, is CancellationError, is IOError, is ChannelError, is NIOConnectionError:
            return true
        default:
            return false
        }
    }

    /// `error` as `EndorseError(.unavailable)` (exit 3, HTTP 503) when it means unavailability,
    /// else unchanged.
    public static func map(_ error: any Error, endpoint: Endpoint? = nil) -> any Error {
        if error is EndorseError || !isUnavailable(error) { return error }
        return EndorseError(.unavailable, "the database is unreachable: \(reason(error))", at: endpoint?.description)
    }

    /// A readable reason for a connection failure.
    static func reason(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let m = psql.serverInfo?[.message] { return m }
            if let u = psql.underlying { return String(describing: u) }
            return String(describing: psql.code)
        }
        if error is CancellationError { return "the wait was cancelled" }
        return String(describing: error)
    }
}
