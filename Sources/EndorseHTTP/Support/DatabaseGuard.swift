import EndorseCore
import EndorseStore
import PostgresNIO

/// Bounds every database call of a request: PostgresClient queues a request while no connection
/// can be made, so without a bound a request would hang as long as PostgreSQL is down. After
/// `timeout` the call is cancelled (a pool lease honours cancellation) and the caller gets 503;
/// the pool keeps reconnecting on its own, so the service recovers when the server returns.
struct DatabaseGuard: Sendable {
    let timeout: Duration

    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let result: Result<T, any Error> = await withTaskGroup(of: Result<T, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return nil }
                return .failure(APIError.unavailable)
            }
            var first: Result<T, any Error>?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? .failure(APIError.unavailable)
        }
        do {
            return try result.get()
        } catch {
            throw Self.map(error)
        }
    }

    /// Connection-level failures (server gone, restarting, refused) -> 503; everything else as is.
    static func map(_ error: any Error) -> any Error {
        if error is APIError { return error }
        if let e = error as? EndorseError { return e.code == .unavailable ? APIError.unavailable : e }
        if let psql = error as? PSQLError {
            guard let state = psql.serverInfo?[.sqlState] else { return APIError.unavailable }
            // 08: connection exception; 57P: operator intervention (shutdown, crash, starting up).
            if state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300" { return APIError.unavailable }
            return error
        }
        if error is CancellationError { return APIError.unavailable }
        if String(describing: type(of: error)).contains("ConnectionPoolError") { return APIError.unavailable }
        return error
    }
}
