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

/// The tiny cycle of `ServiceFixture` with r1 (irv: c-a, c-b) and r2 (approval: c-c, c-d) open,
/// and a ballot-page link for every active org (`links`): org-a, org-b, org-c (recused from r1).
struct OrgPageFixture: Sendable {
    let f: ServiceFixture
    let links: [String: String]

    static func with(_ body: @escaping @Sendable (OrgPageFixture) async throws -> Void) async throws {
        try await ServiceFixture.with { f in
            _ = try await f.store.voting.openVoting(cycle: "tiny", race: "r1")
            _ = try await f.store.voting.openVoting(cycle: "tiny", race: "r2")
            let issued = try await Invitations(store: f.store).issueOrgs(cycle: "tiny", mode: .invite)
            try await body(OrgPageFixture(f: f, links: Dictionary(uniqueKeysWithValues: issued.map { ($0.candidate, $0.token) })))
        }
    }

    /// Opens an org's link; returns the session cookie (`name=value`).
    func open(_ org: String) async throws -> String {
        let r = try await f.client.execute(uri: "/b/\(links[org] ?? "")", method: .get, headers: [:], body: nil)
        #expect(r.status == .seeOther)
        #expect(r.headers[.location] == "/b")
        let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("endorse_session=") })
        return String(cookie.split(separator: ";")[0])
    }

    func get(_ uri: String, cookie: String?, lang: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        if let lang { headers[.acceptLanguage] = lang }
        return try await f.client.execute(uri: uri, method: .get, headers: headers, body: nil)
    }

    func post(_ uri: String, cookie: String?, _ fields: [(String, String)]) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = fields.map { "\(PageFixture.escape($0.0))=\(PageFixture.escape($0.1))" }.joined(separator: "&")
        return try await f.client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// The race page's CSRF token for this session.
    func csrf(_ race: String, cookie: String) async throws -> String {
        try PageFixture.csrf(try await get("/b/races/\(race)", cookie: cookie))
    }

    /// Review then confirm, as the pages do; returns the confirm's response.
    func cast(_ org: String, cookie: String, race: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let token = try await csrf(race, cookie: cookie)
        let review = try await post("/b/races/\(race)", cookie: cookie, [("csrf", token), ("action", "review")] + fields)
        #expect(review.status == .ok, "\(review.html)")
        return try await post("/b/races/\(race)", cookie: cookie, [("csrf", token), ("action", "confirm")] + fields)
    }

    /// Everything a ballot page could write, with contents: equal = nothing changed.
    func snapshot() async throws -> [String] {
        try await f.db.withConnection { conn in
            var out: [String] = []
            for table in ["ballots", "audit_log", "audit_pending", "idempotency_keys", "access_links"] {
                let sql = "SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \(table) t"
                let rows = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).collect()
                out.append(try rows.first?.decode(String.self) ?? "")
            }
            return out
        }
    }

    /// The org's current ballot row: kind, ranking/approve, version, source, actor, proxy.
    func current(_ org: String, _ race: String) async throws -> String? {
        try await f.db.withConnection { conn in
            let rows = try await conn.query("""
                SELECT kind || ' ' || coalesce(array_to_string(ranking, ','), array_to_string(approve, ','), '-') || ' v'
                       || version || ' ' || source || ' ' || actor || ' ' || proxy
                FROM ballots WHERE cycle = 'tiny' AND race = \(race) AND org = \(org) AND current
                """, logger: TestDatabase.logger).collect()
            return try rows.first?.decode(String.self)
        }
    }
}
