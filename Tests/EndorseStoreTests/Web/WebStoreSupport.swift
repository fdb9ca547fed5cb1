import EndorseCore
@testable import EndorseStore
import Foundation
import PostgresNIO
import Testing
import EndorseTestSupport

/// The tiny cycle with a word limit on its text question and, optionally, a deadline.
enum WebFixture {
    static func yaml(closes: String? = nil, maxWords: Int = 5) -> String {
        Catalog.smallYAML
            .replacingOccurrences(of: "kind: text, max_points: 4,", with: "kind: text, max_points: 4, max_words: \(maxWords),")
            .replacingOccurrences(of: "coalition: {name: Tiny Coalition}",
                                  with: "coalition: {name: Tiny Coalition}" + (closes.map { "\nquestionnaire_closes: \($0)" } ?? ""))
    }

    static let past = "2020-01-01T00:00:00Z"
    static let future = "2099-01-01T00:00:00-06:00"

    /// Loads the tiny cycle (with `closes`) and its three candidates (c-a, c-b in r1; c-c in r2).
    static func load(_ store: ActingStore, closes: String? = nil) async throws {
        _ = try await store.catalog.loadCycle(Catalog.bytes(yaml(closes: closes)), file: "tiny.yaml")
        _ = try await store.catalog.importCandidates(cycle: "tiny", Catalog.bytes("""
            id,race,name,ballot_name,incumbent,email,website
            c-a,r1,Ana A,,true,ana@example.com,
            c-b,r1,Ben B,,,ben@example.com,
            c-c,r2,Cy C,,false,,

            """), file: "candidates.csv")
    }

    /// Moves the deadline (an edited cycle file: the way staff close or reopen the questionnaire).
    static func setDeadline(_ store: ActingStore, _ closes: String?) async throws {
        _ = try await store.catalog.loadCycle(Catalog.bytes(yaml(closes: closes)), file: "tiny.yaml")
    }

    /// Every row of the tables answers and the web pages write, and the audit log.
    static func snapshot(_ db: Database) async throws -> [String: String] {
        try await db.withConnection { conn in
            var out: [String: String] = [:]
            for table in ["answers", "reviews", "access_links", "web_sessions", "answer_drafts", "audit_log"] {
                let sql = "SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \(table) t"
                let rows = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).collect()
                out[table] = try rows.first?.decode(String.self) ?? ""
            }
            return out
        }
    }

    /// A session of `candidate`: invites, then opens the link.
    static func session(_ store: ActingStore, _ candidate: String) async throws -> (session: LinkSession, id: String) {
        let links = try await Invitations(store: store).issue(cycle: "tiny", mode: .invite, only: [candidate])
        let link = try #require(links.first)
        let opened = try #require(try await WebSessions(store: store).open(token: link.token, kind: .candidate, currentSessionID: nil))
        return (opened.session, try #require(opened.newSessionID))
    }

    static func answers(_ cycle: Cycle, _ values: [String: String]) throws -> [String: Answer?] {
        var out: [String: Answer?] = [:]
        for q in cycle.questionnaire { out[q.id] = .some(try q.parseAnswer(cell: values[q.id] ?? "")) }
        return out
    }
}
