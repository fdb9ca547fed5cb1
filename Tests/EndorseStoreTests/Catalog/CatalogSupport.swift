import EndorseCore
@testable import EndorseStore
import Foundation
import PostgresNIO
import Testing
import EndorseTestSupport

/// Helpers for the catalog tests (cycle, orgs, candidates, answers, reviews, scores).
enum Catalog {
    static let tables = ["cycles", "races", "planks", "questions", "question_options", "question_planks",
                         "orgs", "recusals", "candidates", "answers", "reviews", "audit_log"]

    /// A file of the bundled sample (config/).
    static func sample(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestDatabase.packageRoot + "/config/" + name)))
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Every row of every catalog table (as text, sorted) plus the audit log: equal snapshots
    /// mean nothing changed.
    static func snapshot(_ db: Database) async throws -> [String: String] {
        try await db.withConnection { conn in
            var out: [String: String] = [:]
            for table in tables {
                let sql = "SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \(table) t"
                let rows = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).collect()
                out[table] = try rows.first?.decode(String.self) ?? ""
            }
            return out
        }
    }

    static func count(_ db: Database, _ sql: String) async throws -> Int {
        try await db.withConnection { conn in
            let rows = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).collect()
            return Int(try rows.first?.decode(Int64.self) ?? -1)
        }
    }

    static func auditCount(_ db: Database) async throws -> Int {
        try await count(db, "SELECT count(*)::bigint FROM audit_log")
    }

    /// Steps 1-4 of the sample flow: cycle, orgs, candidates, answers.
    static func loadSample(_ store: ActingStore) async throws {
        _ = try await store.catalog.loadCycle(try sample("sample-2026.yaml"), file: "sample-2026.yaml")
        _ = try await store.catalog.importOrgs(try sample("orgs.csv"), file: "orgs.csv")
        _ = try await store.catalog.importCandidates(cycle: "sample-2026", try sample("candidates.csv"), file: "candidates.csv")
        _ = try await store.answers.importAnswers(cycle: "sample-2026", try sample("answers.csv"), file: "answers.csv")
    }

    /// Step 5: one review per row of reviews.csv, in file order.
    static func addSampleReviews(_ store: ActingStore) async throws -> Int {
        let table = try CSVTable.read(try sample("reviews.csv"), file: "reviews.csv")
        let c = table.column("candidate_id"), q = table.column("question_id"), r = table.column("reviewer")
        let p = table.column("points"), n = table.column("note")
        for row in table.rows {
            _ = try await store.answers.addReview(cycle: "sample-2026", candidate: row[c], question: row[q],
                                          points: try #require(Int(row[p])), reviewer: row[r], note: row[n])
        }
        return table.rows.count
    }

    /// A small cycle for focused tests: two races, two planks, one question of each kind.
    static let smallYAML = """
        id: tiny
        name: Tiny
        election_date: 2026-11-03
        coalition: {name: Tiny Coalition}
        rules: {min_overall_score: 0}
        races:
          - {id: r1, name: Race 1, method: irv}
          - {id: r2, name: Race 2, method: irv}

        """ + TinyFixture.platformAndQuestionnaire

    /// The tiny cycle with two candidates in r1 and one in r2.
    static func loadTiny(_ store: ActingStore) async throws {
        _ = try await store.catalog.loadCycle(bytes(smallYAML), file: "tiny.yaml")
        _ = try await store.catalog.importCandidates(cycle: "tiny", bytes("""
            id,race,name,ballot_name,incumbent,email,website
            c-a,r1,A,,true,,
            c-b,r1,B,,,,
            c-c,r2,C,,false,,

            """), file: "candidates.csv")
    }

    /// The refusal's detail lines and summary, as the CLI prints them.
    static func lines(_ error: EndorseError) -> [String] { error.details + ["error: " + error.description] }
}

/// Runs `body` with a store on a fresh database.
func withStore(_ body: (ActingStore, Database) async throws -> Void) async throws {
    try await TestDatabase.withFreshDatabase { db in try await body(Store(db: db).acting(as: "test"), db) }
}
