import EndorseCore
import Logging
import PostgresNIO

/// One area of the store (catalog, answers, voting, ballots, decisions, tokens, audit), seen by
/// one actor. Areas are small value types over an `ActingStore`; they share its transaction
/// helpers and may call each other's operations.
public protocol StoreArea: Sendable {
    var base: ActingStore { get }
}

extension StoreArea {
    public var actor: String { base.actor }
    var store: Store { base.store }
    var logger: Logger { base.store.logger }

    func change<T: Sendable>(
        action: String, cycle: String?, subject: String?,
        isolation: Database.IsolationLevel = .readCommitted,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> (result: T, details: JSONValue)
    ) async throws -> T {
        try await base.change(action: action, cycle: cycle, subject: subject, isolation: isolation, body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await base.read(body)
    }

    func cycle(_ id: String, on conn: PostgresConnection) async throws -> Cycle {
        try await base.cycle(id, on: conn)
    }
}
