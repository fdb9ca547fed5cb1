import Crypto
import EndorseCore
import EndorseHTTP
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
    let store: Store
    let db: Database
    let client: any TestClientProtocol

    static let cycle = "tiny"
    static let staff = "staff-token-000000000000000000000000000000000"
    static let orgA = "org-a-token-00000000000000000000000000000000"
    static let orgB = "org-b-token-00000000000000000000000000000000"
    static let orgC = "org-c-token-00000000000000000000000000000000"
    static let revoked = "revoked-token-000000000000000000000000000000"

    static let yaml = """
        id: tiny
        name: Tiny
        election_date: 2026-11-03
        coalition: {name: Tiny Coalition, url: "https://example.org"}
        rules: {min_overall_score: 0, require_complete: false}
        races:
          - {id: r1, name: Race 1, method: irv}
          - {id: r2, name: Race 2, method: approval, seats: 2, max_endorsements: 2}
        platform:
          - {id: p1, title: Plank 1, weight: 1}
          - {id: p2, title: Plank 2, weight: 1}
        questionnaire:
          - {id: q-yn, text: Yes or no?, kind: yes_no, planks: [{plank: p1, favors: "yes"}]}
          - {id: q-sc, text: Scale?, kind: scale, scale: {min: 1, max: 5}, planks: [{plank: p1, favors: high}]}
          - id: q-ch
            text: Choice?
            kind: choice
            options: [{id: a, label: A, score: 1}, {id: b, label: B, score: 0}]
            planks: [{plank: p2}]
          - {id: q-tx, text: Text?, kind: text, max_points: 4, planks: [{plank: p2}]}

        """

    /// Runs `body` against the service (router test framework: in-process, real PostgreSQL).
    static func with(poolSize: Int = 8, timeout: Duration = .seconds(10),
                     _ body: @Sendable (ServiceFixture) async throws -> Void) async throws {
        try await TestDatabase.withFreshDatabase(poolSize: poolSize) { db in
            let store = Store(db: db, actor: "test")
            try await load(store)
            let app = EndorseService.application(store: store, host: "127.0.0.1", port: 0, databaseTimeout: timeout,
                                                 logger: TestDatabase.logger)
            try await app.test(.router) { client in
                try await body(ServiceFixture(store: store, db: db, client: client))
            }
        }
    }

    static func load(_ store: Store) async throws {
        _ = try await store.loadCycle(Array(yaml.utf8), file: "tiny.yaml")
        _ = try await store.importOrgs(Array("""
            id,name,weight,contact_email
            org-a,Org A,1,
            org-b,Org B,2,
            org-c,Org C,3,

            """.utf8), file: "orgs.csv")
        _ = try await store.importCandidates(cycle: cycle, Array("""
            id,race,name,ballot_name,incumbent,email,website
            c-a,r1,Ana A,,true,,
            c-b,r1,Ben B,,,,
            c-c,r2,Cy C,,false,,
            c-d,r2,Di D,,false,,

            """.utf8), file: "candidates.csv")
        _ = try await store.importAnswers(cycle: cycle, Array("""
            candidate_id,q-yn,q-sc,q-ch,q-tx
            c-a,yes,5,a,
            c-b,no,1,b,
            c-c,yes,3,a,
            c-d,no,2,b,

            """.utf8), file: "answers.csv")
        _ = try await store.recuse(cycle: cycle, org: "org-c", race: "r1", reason: "conflict of interest")
        try await insertToken(store, name: "staff-1", role: "staff", org: nil, token: staff)
        try await insertToken(store, name: "tok-a", role: "org", org: "org-a", token: orgA)
        try await insertToken(store, name: "tok-b", role: "org", org: "org-b", token: orgB)
        try await insertToken(store, name: "tok-c", role: "org", org: "org-c", token: orgC)
        try await insertToken(store, name: "tok-old", role: "org", org: "org-a", token: revoked)
        try await store.db.withConnection { conn in
            try await conn.query("UPDATE api_tokens SET revoked_at = now() WHERE name = 'tok-old'", logger: TestDatabase.logger)
        }
    }

    static func insertToken(_ store: Store, name: String, role: String, org: String?, token: String) async throws {
        let hash = ByteBuffer(bytes: Array(SHA256.hash(data: Array(token.utf8))))
        try await store.db.withConnection { conn in
            try await conn.query("""
                INSERT INTO api_tokens (name, role, org, token_sha256, actor)
                VALUES (\(name), \(role), \(org), \(hash), 'test')
                """, logger: TestDatabase.logger)
        }
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
