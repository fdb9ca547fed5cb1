import EndorseCore
import Foundation
import Logging
import PostgresNIO

/// The store as one actor uses it: `--actor` for the CLI, the token's name for the service.
/// Cheap to make (a reference and a name); every change it makes runs in one transaction with
/// exactly one audit event naming `actor` (`change`).
public struct ActingStore: Sendable {
    public let store: Store
    /// Who is acting: `--actor`, `$ENDORSE_ACTOR`, the login name; for the service, the token name.
    public let actor: String

    public var db: Database { store.db }
    public var logger: Logger { store.logger }

    /// Cycles, candidates, member orgs and recusals.
    public var catalog: CatalogStore { CatalogStore(base: self) }
    /// Questionnaire answers, reviews and scores.
    public var answers: AnswerStore { AnswerStore(base: self) }
    /// Opening and closing races, their status, overview and tally.
    public var voting: VotingStore { VotingStore(base: self) }
    /// Ballots: the one write path of every entry point, and reading an org's ballot.
    public var ballots: BallotStore { BallotStore(base: self) }
    /// Decisions, rescissions and published slates.
    public var decisions: DecisionStore { DecisionStore(base: self) }
    /// API tokens.
    public var tokens: TokenStore { TokenStore(base: self) }
    /// The hash-chained audit log.
    public var audit: AuditStore { AuditStore(base: self) }

    /// Runs `body` in one transaction and appends one audit event with the details it returns:
    /// the event commits with the change or not at all. Nothing is written when `body` throws.
    /// Bounded like every wait for the database (`Store.bounded`).
    public func change<T: Sendable>(
        action: String, cycle: String?, subject: String?,
        isolation: Database.IsolationLevel = .readCommitted,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> (result: T, details: JSONValue)
    ) async throws -> T {
        let actor = self.actor, db = self.db
        return try await store.bounded {
            try await db.withTransaction(isolation: isolation) { conn in
                let (result, details) = try await body(conn)
                try await AuditLog.append(actor: actor, action: action, cycle: cycle, subject: subject,
                                          details: details, on: conn, logger: db.logger)
                return result
            }
        }
    }

    /// Runs a body that records its own audit events (the ballot writer's, one per ballot
    /// version) in one transaction, bounded like `change`.
    func transaction<T: Sendable>(
        isolation: Database.IsolationLevel = .readCommitted,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let db = self.db
        return try await store.bounded { try await db.withTransaction(isolation: isolation, body) }
    }

    /// Runs a read-only body on one pooled connection, bounded like `change`.
    public func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let db = self.db
        return try await store.bounded { try await db.withConnection(body) }
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
        if let cached = store.cycles.cycle(id: id, sha256: sha) { return cached }
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
        store.cycles.store(cycle, sha256: sha)
        return cycle
    }

    /// The default actor: `$ENDORSE_ACTOR`, else the login name, else `unknown`.
    public static var defaultActor: String {
        let env = ProcessInfo.processInfo.environment
        if let a = env["ENDORSE_ACTOR"], !a.isEmpty { return a }
        if let u = env["USER"], !u.isEmpty { return u }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}
