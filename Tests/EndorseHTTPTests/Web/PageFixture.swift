import EndorseCore
import EndorseHTTP
import EndorseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing
import EndorseTestSupport

/// The service over the tiny cycle (text question `q-tx` limited to 5 words, `closes` as given),
/// candidates c-a, c-b (r1) and c-c (r2), each with a link (`tokens`).
struct PageFixture: Sendable {
    let store: ActingStore
    let db: Database
    let client: any TestClientProtocol
    let tokens: [String: String]

    static func yaml(closes: String?) -> String {
        """
        id: tiny
        name: {en: Tiny Election, es: Elección Pequeña}
        election_date: 2026-11-03
        coalition: {name: Tiny Coalition}
        \(closes.map { "questionnaire_closes: \($0)" } ?? "")
        rules: {min_overall_score: 0}
        races:
          - {id: r1, name: {en: Race 1, es: Contienda 1}, method: irv}
          - {id: r2, name: {en: Race 2, es: Contienda 2}, method: irv}
        platform:
          - {id: p1, title: {en: Plank 1, es: Punto 1}, weight: 1}
          - {id: p2, title: {en: Plank 2, es: Punto 2}, weight: 1}
        questionnaire:
          - {id: q-yn, text: {en: Yes or no?, es: ¿Sí o no?}, kind: yes_no, planks: [{plank: p1, favors: "yes"}]}
          - {id: q-sc, text: {en: Scale?, es: ¿Escala?}, kind: scale, scale: {min: 1, max: 5}, planks: [{plank: p1, favors: high}]}
          - id: q-ch
            text: {en: Choice?, es: ¿Opción?}
            kind: choice
            options: [{id: a, label: {en: Option A, es: Opción A}, score: 1}, {id: b, label: {en: Option B, es: Opción B}, score: 0}]
            planks: [{plank: p2}]
          - {id: q-tx, text: {en: Text?, es: ¿Texto?}, kind: text, max_points: 4, max_words: 5, planks: [{plank: p2}]}

        """
    }

    static func with(closes: String? = "2099-01-01T00:00:00-06:00",
                     _ body: @Sendable (PageFixture) async throws -> Void) async throws {
        try await TestDatabase.withFreshDatabase(poolSize: 6) { db in
            let store = Store(db: db).acting(as: "staff")
            _ = try await store.catalog.loadCycle(Array(yaml(closes: closes).utf8), file: "tiny.yaml")
            _ = try await store.catalog.importCandidates(cycle: "tiny", Array("""
                id,race,name,ballot_name,incumbent,email,website
                c-a,r1,Ana Alvarez,,true,ana@example.com,
                c-b,r1,Ben Brown,,,ben@example.com,
                c-c,r2,Cy Chen,,false,,

                """.utf8), file: "candidates.csv")
            let links = try await Invitations(store: store).issue(cycle: "tiny", mode: .invite)
            let tokens = Dictionary(uniqueKeysWithValues: links.map { ($0.candidate, $0.token) })
            let app = EndorseService.application(store: store.store, actor: "test", host: "127.0.0.1", port: 0,
                                                 databaseTimeout: .seconds(10), services: [store.store.ballotBatcher],
                                                 logger: TestDatabase.logger)
            try await app.test(.router) { client in
                try await body(PageFixture(store: store, db: db, client: client, tokens: tokens))
            }
        }
    }

    /// Moves the deadline, as staff do by loading the edited cycle file.
    func setDeadline(_ closes: String?) async throws {
        _ = try await store.catalog.loadCycle(Array(Self.yaml(closes: closes).utf8), file: "tiny.yaml")
    }

    /// Opens a candidate's link; returns the session cookie (`name=value`).
    func open(_ candidate: String, headers extra: HTTPFields = [:]) async throws -> String {
        let r = try await client.execute(uri: "/q/\(tokens[candidate] ?? "")", method: .get, headers: extra, body: nil)
        #expect(r.status == .seeOther)
        let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("endorse_session=") })
        return String(cookie.split(separator: ";")[0])
    }

    func get(_ uri: String, cookie: String?, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
    }

    /// Posts form fields (url-encoded) with the cookie.
    func post(_ uri: String, cookie: String?, _ fields: [(String, String)], raw: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = raw ?? fields.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// The CSRF token in a page's form.
    static func csrf(_ page: TestResponse) throws -> String {
        let html = String(buffer: page.body)
        let marker = #"name="csrf" value=""#
        let start = try #require(html.range(of: marker)).upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }

    /// Row counts and contents of what answers and pages write (equal: nothing changed).
    func snapshot() async throws -> [String] {
        try await db.withConnection { conn in
            var out: [String] = []
            for table in ["answers", "reviews", "answer_drafts", "web_sessions", "access_links", "audit_log"] {
                let sql = "SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \(table) t"
                let rows = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).collect()
                out.append(try rows.first?.decode(String.self) ?? "")
            }
            return out
        }
    }
}

extension TestResponse {
    var html: String { String(buffer: body) }
}
