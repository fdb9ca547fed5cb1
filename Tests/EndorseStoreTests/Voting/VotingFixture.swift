import Crypto
import EndorseCore
@testable import EndorseStore
import PostgresNIO
import Testing
import EndorseTestSupport

/// A small cycle inserted straight into a fresh database, independent of the catalog commands:
/// races d1 (irv), d2 (approval, 2 seats), d3 (threshold, t = 0.5); one plank fed by one yes_no
/// question (yes = 100, no = 0; min overall 50, answers required).
///
/// Candidates: d1 c-a, c-b, c-c (yes), c-x (no: below min), c-n (unanswered: incomplete);
/// d2 c-d, c-e, c-f (yes); d3 c-g (yes), c-h (no).
/// Orgs: o-a 3, o-b 2, o-c 1, o-d 1 (inactive), o-e 5 (recused from d1).
enum VotingFixture {
    static let cycleID = "test-2026"

    static let yaml = """
        id: test-2026
        name: Test election
        election_date: 2026-11-03
        coalition:
          name: Test Coalition
        rules:
          require_complete: true
          min_overall_score: 50
          quorum: 0.5
          quorum_strict: false
          threshold: 0.5
          threshold_base: cast
          results_sealed: true
        races:
          - id: d1
            name: District 1
            method: irv
            max_endorsements: 1
          - id: d2
            name: At large
            seats: 2
            method: approval
            max_endorsements: 2
          - id: d3
            name: District 3
            method: threshold
            max_endorsements: 1
        platform:
          - id: p1
            title: Fully funded schools
            weight: 1
        questionnaire:
          - id: q1
            text: Will you fund schools?
            kind: yes_no
            planks:
              - plank: p1
                favors: "yes"

        """

    static let races: [(id: String, method: String, seats: Int, max: Int)] =
        [("d1", "irv", 1, 1), ("d2", "approval", 2, 2), ("d3", "threshold", 1, 1)]
    static let candidates: [(id: String, race: String, answer: String?)] = [
        ("c-a", "d1", "yes"), ("c-b", "d1", "yes"), ("c-c", "d1", "yes"), ("c-x", "d1", "no"), ("c-n", "d1", nil),
        ("c-d", "d2", "yes"), ("c-e", "d2", "yes"), ("c-f", "d2", "yes"),
        ("c-g", "d3", "yes"), ("c-h", "d3", "no"),
    ]
    static let orgs: [(id: String, weight: Int64, active: Bool)] =
        [("o-a", 3, true), ("o-b", 2, true), ("o-c", 1, true), ("o-d", 1, false), ("o-e", 5, true)]

    /// Inserts the cycle, orgs, recusal, candidates and answers.
    static func install(_ db: Database) async throws {
        let cycle = try CycleFile.parse(Array(yaml.utf8), file: "fixture")
        #expect(cycle.races.count == 3)
        var hash = ByteBuffer()
        hash.writeBytes(Array(SHA256.hash(data: Array(yaml.utf8))))
        let id = cycleID
        try await db.withTransaction { conn in
            try await conn.query("""
                INSERT INTO cycles (id, name, election_date, source_yaml, parsed, sha256)
                VALUES (\(id), 'Test election', '2026-11-03', \(yaml), '{}', \(hash))
                """, logger: db.logger)
            for (i, r) in races.enumerated() {
                try await conn.query("""
                    INSERT INTO races (cycle, id, position, name, seats, method, max_endorsements)
                    VALUES (\(id), \(r.id), \(i), \(r.id), \(r.seats), \(r.method), \(r.max))
                    """, logger: db.logger)
            }
            try await conn.run([
                "INSERT INTO planks (cycle, id, position, title, weight) VALUES ('\(id)', 'p1', 0, 'Funding', 1)",
                "INSERT INTO questions (cycle, id, position, text, kind) VALUES ('\(id)', 'q1', 0, 'Fund?', 'yes_no')",
                "INSERT INTO question_planks (cycle, question, plank, position, favors) VALUES ('\(id)', 'q1', 'p1', 0, 'yes')",
            ])
            for o in orgs {
                try await conn.query("""
                    INSERT INTO orgs (id, name, weight, active) VALUES (\(o.id), \(o.id), \(o.weight), \(o.active))
                    """, logger: db.logger)
            }
            try await conn.run(["INSERT INTO recusals (cycle, race, org, reason, actor) VALUES ('\(id)', 'd1', 'o-e', 'conflict', 'staff')"])
            for c in candidates {
                try await conn.query("""
                    INSERT INTO candidates (cycle, id, race, name) VALUES (\(id), \(c.id), \(c.race), \(c.id))
                    """, logger: db.logger)
                if let a = c.answer {
                    try await conn.query("""
                        INSERT INTO answers (cycle, candidate, question, version, value, actor)
                        VALUES (\(id), \(c.id), 'q1', 1, \(a), 'staff')
                        """, logger: db.logger)
                }
            }
        }
    }

    /// A fresh database with the fixture installed and a store acting as `staff`.
    static func withStore<T: Sendable>(_ body: (ActingStore) async throws -> T) async throws -> T {
        try await TestDatabase.withFreshDatabase { db in
            try await install(db)
            return try await body(Store(db: db).acting(as: "staff"))
        }
    }

    /// Row counts that a refused operation must leave unchanged.
    struct Counts: Equatable {
        var ballots: Int64, decisions: Int64, rescissions: Int64, audit: Int64, rosters: Int64, ballotRows: Int64
        var states: String, currentDecisions: Int64
    }

    static func counts(_ store: ActingStore) async throws -> Counts {
        try await store.read { conn in
            let row = try await conn.query("""
                SELECT (SELECT count(*) FROM ballots)::bigint, (SELECT count(*) FROM decisions)::bigint,
                       (SELECT count(*) FROM rescissions)::bigint, (SELECT count(*) FROM audit_log)::bigint,
                       (SELECT count(*) FROM race_roster)::bigint, (SELECT count(*) FROM race_ballot)::bigint,
                       (SELECT string_agg(id || '=' || state, ',' ORDER BY id) FROM races),
                       (SELECT count(*) FROM decisions WHERE current)::bigint
                """, logger: store.logger).collect()[0]
            let (b, d, r, a, ro, rb, s, cd) = try row.decode((Int64, Int64, Int64, Int64, Int64, Int64, String, Int64).self)
            return Counts(ballots: b, decisions: d, rescissions: r, audit: a, rosters: ro, ballotRows: rb,
                          states: s, currentDecisions: cd)
        }
    }

    /// Runs `body`, expects it to fail with `code`, and expects nothing to have changed.
    static func expectRefused(_ store: ActingStore, _ code: EndorseError.Code,
                              sourceLocation: SourceLocation = #_sourceLocation,
                              _ body: () async throws -> Void) async throws {
        let before = try await counts(store)
        do {
            try await body()
            Issue.record("expected \(code), but it succeeded", sourceLocation: sourceLocation)
        } catch let error as EndorseError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
        }
        #expect(try await counts(store) == before, sourceLocation: sourceLocation)
    }

    /// Actions of the audit log in order.
    static func auditActions(_ store: ActingStore) async throws -> [String] {
        try await store.db.auditEvents().map(\.action)
    }
}
