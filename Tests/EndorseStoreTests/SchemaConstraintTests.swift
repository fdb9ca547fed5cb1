import EndorseCore
@testable import EndorseStore
import PostgresNIO
import Testing
import EndorseTestSupport

/// The schema makes bad states impossible: each test names a rule and shows a row breaking it
/// refused, next to a good row accepted.
struct SchemaConstraintTests {
    /// A cycle with one irv race r1 (candidates a, b on its ballot), orgs o1 (weight 3) and o2
    /// on its roster; the race is open.
    static let fixture = [
        "INSERT INTO cycles (id, name, election_date, source_yaml, parsed, sha256) VALUES ('c1', 'C', '2026-11-03', 'x', '{}', sha256('x'::bytea))",
        "INSERT INTO races (cycle, id, position, name, seats, method, max_endorsements) VALUES ('c1', 'r1', 0, 'R1', 1, 'irv', 1)",
        "INSERT INTO orgs (id, name, weight) VALUES ('o1', 'Org 1', 3), ('o2', 'Org 2', 1)",
        "INSERT INTO candidates (cycle, id, race, name) VALUES ('c1', 'a', 'r1', 'A'), ('c1', 'b', 'r1', 'B')",
        "INSERT INTO race_ballot (cycle, race, candidate, position) VALUES ('c1', 'r1', 'a', 0), ('c1', 'r1', 'b', 1)",
        "INSERT INTO race_roster (cycle, race, org, weight, active) VALUES ('c1', 'r1', 'o1', 3, true), ('c1', 'r1', 'o2', 1, true)",
        "UPDATE races SET state = 'open'",
    ]

    static func ballot(_ org: String, version: Int, kind: String = "ranking", ids: String? = "{a,b}", current: Bool = true) -> String {
        let ranking = kind == "ranking" ? "'\(ids ?? "{}")'" : "NULL"
        let approve = kind == "approve" ? "'\(ids ?? "{}")'" : "NULL"
        return "INSERT INTO ballots (cycle, race, org, version, kind, ranking, approve, source, actor, current) VALUES ('c1', 'r1', '\(org)', \(version), '\(kind)', \(ranking), \(approve), 'cli', 'staff', \(current))"
    }

    @Test func orgWeightMustBePositive() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                #expect(await conn.attempt("INSERT INTO orgs (id, name, weight) VALUES ('o0', 'Zero', 0)").constraint == "orgs_weight_check")
                #expect(await conn.attempt("INSERT INTO orgs (id, name, weight) VALUES ('o9', 'Neg', -4)").constraint == "orgs_weight_check")
                #expect(await conn.attempt("INSERT INTO orgs (id, name, weight) VALUES ('o1', 'One', 1)") == .succeeded)
            }
        }
    }

    @Test func idsFollowTheRule() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                #expect(await conn.attempt("INSERT INTO orgs (id, name) VALUES ('Org-A', 'Upper')").sqlState == "23514")
                #expect(await conn.attempt("INSERT INTO orgs (id, name) VALUES ('-a', 'Dash')").sqlState == "23514")
                #expect(await conn.attempt("INSERT INTO orgs (id, name) VALUES ('org-a', 'Fine')") == .succeeded)
            }
        }
    }

    @Test func raceStateMustBeKnown() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                try await conn.run(Self.fixture)
                #expect(await conn.attempt("UPDATE races SET state = 'paused'").constraint == "races_state_check")
                #expect(await conn.attempt("UPDATE races SET state = 'closed'") == .succeeded)
            }
        }
    }

    @Test func raceMethodNeedsOneSeatForIRV() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                try await conn.run(Array(Self.fixture.prefix(1)))
                let irv2 = "INSERT INTO races (cycle, id, position, name, seats, method, max_endorsements) VALUES ('c1', 'r2', 1, 'R2', 2, 'irv', 2)"
                #expect(await conn.attempt(irv2).constraint == "races_method_seats")
                let few = "INSERT INTO races (cycle, id, position, name, seats, method, max_endorsements) VALUES ('c1', 'r2', 1, 'R2', 3, 'approval', 2)"
                #expect(await conn.attempt(few).constraint == "races_max_endorsements")
            }
        }
    }

    @Test func oneCurrentBallotPerOrgAndRace() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                try await conn.run(Self.fixture)
                #expect(await conn.attempt(Self.ballot("o1", version: 1)) == .succeeded)
                // A second current ballot for (o1, r1) is refused...
                #expect(await conn.attempt(Self.ballot("o1", version: 2, kind: "abstain", ids: nil)).constraint == "ballots_one_current")
                // ...and so is a duplicate version.
                #expect(await conn.attempt(Self.ballot("o1", version: 1, current: false)).constraint == "ballots_cycle_race_org_version_key")
                // Replacing: clear current, add version 2.
                #expect(await conn.attempt("UPDATE ballots SET current = false WHERE org = 'o1'") == .succeeded)
                #expect(await conn.attempt(Self.ballot("o1", version: 2, kind: "abstain", ids: nil)) == .succeeded)
                // Another org has its own current ballot.
                #expect(await conn.attempt(Self.ballot("o2", version: 1, kind: "no_endorsement", ids: nil)) == .succeeded)
                let counted = try await conn.query("SELECT count(*)::bigint, sum(weight)::bigint FROM current_ballots", logger: db.logger)
                    .collect().first?.decode((Int64, Int64).self)
                #expect(counted?.0 == 2)
                #expect(counted?.1 == 4)
            }
        }
    }

    /// What the table itself protects from a writer that bypasses the service (sql/004): rows
    /// are immutable but for `current` and never deleted, and `ranking`/`approve` are set exactly
    /// for their kind. Who may vote and what a ballot may say are the ballot writer's
    /// (`endorse_write_ballots`, `BallotRules`): the parity tests check those on every entry point.
    @Test func ballotRowsAreProtected() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                try await conn.run(Self.fixture)
                #expect(await conn.attempt(Self.ballot("o1", version: 1, kind: "bogus", ids: nil)).constraint == "ballots_kind_check")
                let abstainWithRanking = Self.ballot("o1", version: 1).replacingOccurrences(of: "'ranking', '{a,b}'", with: "'abstain', '{a}'")
                #expect(await conn.attempt(abstainWithRanking).constraint == "ballots_ranking")
                let rankingWithout = Self.ballot("o1", version: 1).replacingOccurrences(of: "'{a,b}'", with: "NULL")
                #expect(await conn.attempt(rankingWithout).constraint == "ballots_ranking")
                #expect(await conn.attempt(Self.ballot("o1", version: 1)) == .succeeded)
                // Immutable except for `current`; never deleted or truncated.
                #expect(await conn.attempt("UPDATE ballots SET ranking = '{b}'").sqlState == "23000")
                #expect(await conn.attempt("UPDATE ballots SET current = false") == .succeeded)
                #expect(await conn.attempt("DELETE FROM ballots").sqlState == "42501")
                #expect(await conn.attempt("TRUNCATE ballots CASCADE").sqlState == "42501")
            }
        }
    }

    @Test func decisionsNeedReasonsAndMatchingTallyHash() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                try await conn.run(Self.fixture)
                func decision(_ outcome: String, _ endorsed: String, reason: String? = nil, tally: String = "{}", override: Bool = false) -> String {
                    "INSERT INTO decisions (cycle, race, seq, tally_outcome, endorsed, override, reason, tally, tally_sha256, actor) VALUES ('c1', 'r1', 1, '\(outcome)', '\(endorsed)', \(override), \(reason.map { "'\($0)'" } ?? "NULL"), '\(tally)', sha256(convert_to('{}', 'UTF8')), 'staff')"
                }
                #expect(await conn.attempt(decision("tie", "{a}")).constraint == "decisions_reason")
                #expect(await conn.attempt(decision("endorsed", "{b}", override: true)).constraint == "decisions_reason")
                #expect(await conn.attempt(decision("endorsed", "{a}", tally: "{\"x\":1}")).constraint == "decisions_tally_hash")
                #expect(await conn.attempt(decision("tie", "{a,b}", reason: "dual")).constraint == "decisions_max_endorsements")
                #expect(await conn.attempt(decision("tie", "{z}", reason: "who")).constraint == "decisions_candidates")
                #expect(await conn.attempt(decision("endorsed", "{a}")) == .succeeded)
            }
        }
    }

    @Test func slatesChainAndStayUnchanged() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                try await conn.run(Array(Self.fixture.prefix(1)))
                func slate(_ v: Int, _ bytes: String, prev: String?) -> String {
                    "INSERT INTO slates (cycle, version, sha256, previous_sha256, content_sha256, bytes, signature, actor) VALUES ('c1', \(v), sha256('\(bytes)'::bytea), \(prev.map { "sha256('\($0)'::bytea)" } ?? "NULL"), sha256('\(bytes)'::bytea), '\(bytes)'::bytea, 'sig', 'staff')"
                }
                #expect(await conn.attempt(slate(1, "v1", prev: "v0")).constraint == "slates_chain_start")
                #expect(await conn.attempt(slate(1, "v1", prev: nil)) == .succeeded)
                #expect(await conn.attempt(slate(2, "v2", prev: "nope")).sqlState == "23503")
                #expect(await conn.attempt(slate(2, "v2", prev: "v1")) == .succeeded)
                #expect(await conn.attempt("UPDATE slates SET signature = 'x'").sqlState == "42501")
                #expect(await conn.attempt("DELETE FROM slates").sqlState == "42501")
            }
        }
    }

    @Test func tokensAreBoundToOrgsOnlyForOrgRole() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await db.withConnection { conn in
                try await conn.run(["INSERT INTO orgs (id, name) VALUES ('o1', 'Org')"])
                func token(_ name: String, _ role: String, _ org: String?, _ secret: String) -> String {
                    "INSERT INTO api_tokens (name, role, org, token_sha256, actor) VALUES ('\(name)', '\(role)', \(org.map { "'\($0)'" } ?? "NULL"), sha256('\(secret)'::bytea), 'staff')"
                }
                #expect(await conn.attempt(token("t1", "staff", "o1", "s1")).constraint == "api_tokens_org")
                #expect(await conn.attempt(token("t1", "org", nil, "s1")).constraint == "api_tokens_org")
                #expect(await conn.attempt(token("bad name", "staff", nil, "s1")).constraint == "api_tokens_name_check")
                #expect(await conn.attempt(token("t1", "org", "o1", "s1")) == .succeeded)
                #expect(await conn.attempt(token("t2", "staff", nil, "s1")).constraint == "api_tokens_token_sha256_key")
            }
        }
    }
}
