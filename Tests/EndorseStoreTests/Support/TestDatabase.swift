import EndorseCore
@testable import EndorseStore
import Foundation
import Logging
import PostgresNIO
import EndorseTestSupport

extension TestDatabase {
    /// Runs `psql` with `arguments`; returns exit status and stdout+stderr.
    static func psql(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let r = try ProcessRunner.run(try ExternalTool.psql(), arguments)
        return (r.status, r.output)
    }
}

/// How a statement run by a test ended.
enum Attempt: Equatable {
    case succeeded
    /// Refused by the server (nil when the error was not a server error).
    case failed(ServerError?)

    /// The violated constraint's name, when refused by one.
    var constraint: String? { if case .failed(let e) = self { return e?.constraint }; return nil }
    var sqlState: String? { if case .failed(let e) = self { return e?.sqlState }; return nil }
    var message: String { if case .failed(let e) = self { return e?.message ?? "?" }; return "" }
}

extension PostgresConnection {
    /// Runs `sql` (one statement) and reports whether the server accepted it.
    func attempt(_ sql: String, logger: Logger = TestDatabase.logger) async -> Attempt {
        do {
            try await query(PostgresQuery(unsafeSQL: sql), logger: logger)
            return .succeeded
        } catch {
            return .failed(ServerError(error))
        }
    }

    /// Runs several statements, failing on the first error.
    func run(_ statements: [String], logger: Logger = TestDatabase.logger) async throws {
        for s in statements { try await query(PostgresQuery(unsafeSQL: s), logger: logger) }
    }
}
