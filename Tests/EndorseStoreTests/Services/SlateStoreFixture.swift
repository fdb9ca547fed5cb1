import Crypto
import EndorseCore
@testable import EndorseStore
import Foundation
import PostgresNIO
import EndorseTestSupport

/// A small database state written with SQL (independent of the import/vote commands): the
/// bundled sample cycle, three orgs (one inactive), the three district-1 candidates and two
/// district-9 candidates, and decisions made from real tallies.
enum SlateStoreFixture {
    static let cycleID = "sample-2026"

    static var cycleBytes: [UInt8] {
        get throws {
            let path = TestDatabase.packageRoot + "/config/sample-2026.yaml"
            guard let data = FileManager.default.contents(atPath: path) else { throw FixtureError("no \(path)") }
            return [UInt8](data)
        }
    }

    static func cycle() throws -> Cycle { try CycleFile.parse(try cycleBytes, file: "sample-2026.yaml") }

    /// Inserts the cycle, races, orgs and candidates.
    static func load(_ db: Database) async throws {
        let bytes = try cycleBytes
        let cycle = try self.cycle()
        let yaml = String(decoding: bytes, as: UTF8.self)
        let sha = ByteBuffer(bytes: Array(SHA256.hash(data: bytes)))
        try await db.withTransaction { conn in
            try await conn.query("""
                INSERT INTO cycles (id, name, election_date, jurisdiction, source_yaml, parsed, sha256)
                VALUES (\(cycle.id), \(cycle.name.default), \(cycle.electionDate)::date, \(cycle.jurisdiction), \(yaml), '{}'::jsonb, \(sha))
                """, logger: db.logger)
            for (i, r) in cycle.races.enumerated() {
                try await conn.query("""
                    INSERT INTO races (cycle, id, position, name, division, seats, method, max_endorsements)
                    VALUES (\(cycle.id), \(r.id), \(i), \(r.name.default), \(r.division), \(r.seats), \(r.method.rawValue), \(r.maxEndorsements))
                    """, logger: db.logger)
            }
            try await conn.run([
                "INSERT INTO orgs (id, name, weight, active) VALUES ('org-a', 'Teachers, Local 1', 5, true), ('org-b', 'Parents United', 2, true), ('org-c', 'Dormant Club', 1, false)",
                """
                INSERT INTO candidates (cycle, id, race, name, ballot_name, incumbent, website) VALUES
                ('sample-2026', 'c-ana-ruiz', 'district-1', 'Ana Ruiz', 'ANA RUIZ', true, 'https://example.com/ana-ruiz'),
                ('sample-2026', 'c-marcus-bell', 'district-1', 'Marcus Bell', NULL, false, NULL),
                ('sample-2026', 'c-priya-raman', 'district-1', 'Priya Raman', 'PRIYA RAMAN', NULL, NULL),
                ('sample-2026', 'c-denise-carter', 'district-9', 'Denise Carter', NULL, NULL, NULL),
                ('sample-2026', 'c-ikenna-obi', 'district-9', 'Ikenna Obi', NULL, NULL, NULL)
                """,
            ])
        }
    }

    /// The canonical tally JSON text of a race from weighted ballots (E = 7: org-a 5, org-b 2).
    static func tallyText(race raceID: String, candidates: [String], ballots: [WeightedBallot],
                          eligible: Int64 = 7) throws -> (text: String, outcome: String) {
        let cycle = try self.cycle()
        guard let race = cycle.race(raceID) else { throw FixtureError("no race \(raceID)") }
        let input = TallyInput(cycle: cycle.id, race: race, rules: cycle.rules(for: race), state: .closed,
                               candidates: candidates, eligibleWeight: eligible, ballots: ballots)
        let tally = try Tally.tally(input)
        return (tally.json.canonicalString, tally.outcome.rawValue)
    }

    /// district-1: org-a (5) ranks Ana first, org-b (2) Marcus then Ana -> Ana 5 of 7 cast.
    static func district1Tally() throws -> (text: String, outcome: String) {
        try tallyText(race: "district-1", candidates: ["c-ana-ruiz", "c-marcus-bell", "c-priya-raman"], ballots: [
            WeightedBallot(org: "org-a", weight: 5, choice: .ranking(["c-ana-ruiz"])),
            WeightedBallot(org: "org-b", weight: 2, choice: .ranking(["c-marcus-bell", "c-ana-ruiz"])),
        ])
    }

    /// district-9: only org-b (2 of 7) votes -> no quorum.
    static func district9Tally() throws -> (text: String, outcome: String) {
        try tallyText(race: "district-9", candidates: ["c-denise-carter", "c-ikenna-obi"], ballots: [
            WeightedBallot(org: "org-b", weight: 2, choice: .ranking(["c-denise-carter"])),
        ])
    }

    /// Inserts a decision row as `decide` records it.
    static func insertDecision(_ db: Database, race: String, seq: Int = 1, kind: String = "decide",
                               tally: (text: String, outcome: String), endorsed: [String], reason: String? = nil,
                               scores: String = "{}", at: String) async throws -> Int64 {
        let sha = ByteBuffer(bytes: Array(SHA256.hash(data: Array(tally.text.utf8))))
        return try await db.withTransaction { conn in
            try await conn.query("UPDATE decisions SET current = false WHERE cycle = 'sample-2026' AND race = \(race) AND current",
                                 logger: db.logger)
            let rows = try await conn.query("""
                INSERT INTO decisions (cycle, race, seq, kind, tally_outcome, endorsed, reason, tally, tally_sha256,
                                       scores, actor, decided_at)
                VALUES ('sample-2026', \(race), \(seq), \(kind), \(tally.outcome), \(endorsed), \(reason), \(tally.text),
                        \(sha), \(scores), 'tester', \(at)::timestamptz)
                RETURNING id
                """, logger: db.logger).collect()
            return try rows[0].decode(Int64.self)
        }
    }

    /// The two first decisions: district-1 endorses Ana (87.5 overall), district-9 none (no quorum).
    static func decideTwoRaces(_ db: Database) async throws {
        _ = try await insertDecision(db, race: "district-1", tally: try district1Tally(), endorsed: ["c-ana-ruiz"],
                                     scores: #"{"c-ana-ruiz":{"overall":87.5,"planks":{"full-funding":100,"class-size":null}}}"#,
                                     at: "2026-09-30T22:10:00Z")
        _ = try await insertDecision(db, race: "district-9", tally: try district9Tally(), endorsed: [],
                                     reason: "turnout too low", at: "2026-09-30T22:20:00Z")
    }

    /// Rescinds Ana in district-1 as `rescind` records it: a new decision plus a rescission row.
    static func rescindAna(_ db: Database) async throws {
        let id = try await insertDecision(db, race: "district-1", seq: 2, kind: "rescind", tally: try district1Tally(),
                                          endorsed: [], reason: "withdrew from the race",
                                          scores: #"{"c-ana-ruiz":{"overall":87.5,"planks":{"full-funding":100,"class-size":null}}}"#,
                                          at: "2026-10-02T09:00:00Z")
        _ = try await db.withConnection { conn in
            try await conn.query("""
                INSERT INTO rescissions (cycle, race, candidate, reason, decision, actor, at)
                VALUES ('sample-2026', 'district-1', 'c-ana-ruiz', 'withdrew from the race', \(id), 'tester',
                        '2026-10-02T09:00:00Z'::timestamptz)
                """, logger: db.logger)
        }
    }

    static func count(_ db: Database, _ sql: String) async throws -> Int64 {
        try await db.withConnection { conn in
            try await conn.query(PostgresQuery(unsafeSQL: sql), logger: db.logger).collect()[0].decode(Int64.self)
        }
    }

    static func tempDir() throws -> String {
        let path = NSTemporaryDirectory() + "endorse-store-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
