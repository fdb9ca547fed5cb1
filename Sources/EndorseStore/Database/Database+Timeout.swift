import EndorseCore

extension Database {
    /// Runs `body`, giving up after `timeout` (the pool's default: `config.timeoutSeconds`):
    /// `body` is cancelled (a pool lease honours cancellation) and
    /// `EndorseError(.unavailable)` thrown. PostgresClient queues work while no connection can be
    /// made, so without a bound a caller would wait as long as PostgreSQL is down.
    func withTimeout<T: Sendable>(_ timeout: Duration? = nil,
                                  _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let limit = timeout ?? .seconds(config.timeoutSeconds)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let value = try await group.next() ?? nil else {
                throw EndorseError(.unavailable, "PostgreSQL did not answer within \(limit)")
            }
            return value
        }
    }
}
