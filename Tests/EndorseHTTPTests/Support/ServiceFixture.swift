import Crypto
import EndorseCore
@testable import EndorseHTTP
import EndorseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Testing
import EndorseTestSupport

/// A service over a fresh database holding the tiny cycle (races r1, r2; candidates c-a, c-b in
/// r1, c-c in r2), orgs org-a (weight 1), org-b (weight 2), org-c (weight 3, recused from r1),
/// and tokens: `staff` (name staff-1), `orgA`, `orgB`, `orgC`, and `revoked` (an org-a token).
struct ServiceFixture: Sendable {
    let store: ActingStore
    let db: Database
    let client: any TestClientProtocol
    /// The service's published pages (`answeredNow` counts the fast path's answers).
    let published: PublishedCache

    static let cycle = TinyFixture.cycle
    static let staff = TinyFixture.staff
    static let orgA = TinyFixture.orgA
    static let orgB = TinyFixture.orgB
    static let orgC = TinyFixture.orgC
    static let revoked = TinyFixture.revoked

    /// Runs `body` against the service over a real PostgreSQL: in-process through the router
    /// (`.router`), or over HTTP to the server listening on a loopback port (`.live`).
    static func with(poolSize: Int = 8, timeout: Duration = .seconds(10), setup: TestingSetup = .router,
                     _ body: @Sendable (ServiceFixture) async throws -> Void) async throws {
        try await TestDatabase.withFreshDatabase(poolSize: poolSize) { db in
            let shared = Store(db: db, timeout: timeout)
            let store = shared.acting(as: "test")
            try await load(store)
            let published = PublishedCache(store: shared, actor: "test")
            let app = EndorseService.application(store: shared, actor: "test", host: "127.0.0.1", port: 0,
                                                 databaseTimeout: timeout, limits: HTTPLimits(), sealer: nil,
                                                 services: [shared.ballotBatcher], logger: TestDatabase.logger,
                                                 published: published)
            try await app.test(setup) { client in
                try await body(ServiceFixture(store: store, db: db, client: client, published: published))
            }
        }
    }

    static func load(_ store: ActingStore) async throws { try await TinyFixture.load(store) }

    static func insertToken(_ store: ActingStore, name: String, role: String, org: String?, token: String) async throws {
        try await TinyFixture.insertToken(store, name: name, role: role, org: org, token: token)
    }

    /// One request; `json` is sent as application/json unless `contentType` says otherwise.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
              contentType: String? = "application/json", headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil, let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: uri, method: method, headers: headers,
                                        body: json.map { ByteBuffer(string: $0) })
    }

    /// Counts rows of `sql` (a `SELECT count(*)::bigint ...`).
    func count(_ sql: String) async throws -> Int {
        try await db.withConnection { conn in
            let rows = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).collect()
            return Int(try rows.first?.decode(Int64.self) ?? -1)
        }
    }

    /// Row counts of every table a request could write, plus the audit log: equal = nothing written.
    func writes() async throws -> [Int] {
        var out: [Int] = []
        for t in ["ballots", "answers", "reviews", "idempotency_keys", "audit_log", "audit_pending"] {
            out.append(try await count("SELECT count(*)::bigint FROM \(t)"))
        }
        return out
    }
}

extension TestResponse {
    /// The body parsed as JSON.
    var json: JSONValue { (try? JSONValue.parse(Array(body.readableBytesView))) ?? .null }
    var text: String { String(buffer: body) }
    /// The `error.code` of an error answer.
    var errorCode: String? { json["error"]?["code"]?.stringValue }
    var errorField: String? { json["error"]?["field"]?.stringValue }
}
