import EndorseCore
import Foundation
import Logging
import PostgresNIO

/// The application's operations on the database, shared by the CLI, the HTTP service and the demo.
///
/// Each operation that changes data runs in one transaction and appends exactly one audit event in
/// that same transaction (`change`), so the event commits with the change or not at all. Areas live
/// in their own files as extensions (`Store+Cycles.swift`, `Store+Votes.swift`, ...).
public struct Store: Sendable {
    public let db: Database
    /// Who is acting: `--actor`, `$ENDORSE_ACTOR`, the login name; for the service, the token name.
    public let actor: String

    public init(db: Database, actor: String) {
        self.db = db
        self.actor = actor
    }

    public var logger: Logger { db.logger }

    /// Runs `body` in one transaction and appends one audit event with the details it returns.
    /// Nothing is written when `body` throws.
    public func change<T: Sendable>(
        action: String, cycle: String?, subject: String?,
        isolation: Database.IsolationLevel = .readCommitted,
        _ body: (PostgresConnection) async throws -> (result: T, details: JSONValue)
    ) async throws -> T {
        let actor = self.actor
        let logger = self.logger
        return try await db.withTransaction(isolation: isolation) { conn in
            let (result, details) = try await body(conn)
            try await AuditLog.append(actor: actor, action: action, cycle: cycle, subject: subject,
                                      details: details, on: conn, logger: logger)
            return result
        }
    }

    /// Runs a read-only body on one pooled connection.
    public func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await db.withConnection(body)
    }

    /// The cycle as loaded (re-parsed from the stored file, which `cycle load` validated), or
    /// `not_found` naming the id.
    public func cycle(_ id: String, on conn: PostgresConnection) async throws -> Cycle {
        // Every operation needs the cycle; parsing a big cycle file for each of thousands of
        // races would make `vote open --all` quadratic, so parsed cycles are kept by file hash.
        let hashes = try await conn.query("SELECT sha256 FROM cycles WHERE id = \(id)", logger: logger).collect()
        guard let hashRow = hashes.first else {
            throw EndorseError(.notFound, "no such cycle", at: id)
        }
        let sha = Array(try hashRow.decode(ByteBuffer.self).readableBytesView)
        if let cached = CycleCache.shared.cycle(id: id, sha256: sha) { return cached }
        let rows = try await conn.query("SELECT source_yaml FROM cycles WHERE id = \(id)", logger: logger).collect()
        guard let row = rows.first else {
            throw EndorseError(.notFound, "no such cycle", at: id)
        }
        let yaml = try row.decode(String.self)
        let cycle: Cycle
        do {
            cycle = try CycleFile.parse(Array(yaml.utf8), file: "cycle \(id)")
        } catch {
            throw error.asEndorseError()
        }
        CycleCache.shared.store(cycle, sha256: sha)
        return cycle
    }
}

extension Store {
    /// The default actor: `$ENDORSE_ACTOR`, else the login name, else `unknown`.
    public static var defaultActor: String {
        let env = ProcessInfo.processInfo.environment
        if let a = env["ENDORSE_ACTOR"], !a.isEmpty { return a }
        if let u = env["USER"], !u.isEmpty { return u }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}
