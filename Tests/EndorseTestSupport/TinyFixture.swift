import Crypto
import EndorseCore
import EndorseStore
import NIOCore
import PostgresNIO

/// The tiny cycle the store and HTTP tests share: races r1 (irv; candidates c-a, c-b) and r2
/// (approval, 2 seats; c-c, c-d), orgs org-a (weight 1), org-b (weight 2), org-c (weight 3,
/// recused from r1), and API tokens: `staff` (name staff-1), `orgA` (tok-a), `orgB`, `orgC`, and
/// `revoked` (an org-a token).
public enum TinyFixture {
    public static let cycle = "tiny"
    public static let staff = "staff-token-000000000000000000000000000000000"
    public static let orgA = "org-a-token-00000000000000000000000000000000"
    public static let orgB = "org-b-token-00000000000000000000000000000000"
    public static let orgC = "org-c-token-00000000000000000000000000000000"
    public static let revoked = "revoked-token-000000000000000000000000000000"

    /// The platform and questionnaire of the tiny cycles: two planks, one question of each kind.
    public static let platformAndQuestionnaire = """
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

    public static let yaml = """
        id: tiny
        name: Tiny
        election_date: 2026-11-03
        coalition: {name: Tiny Coalition, url: "https://example.org"}
        rules: {min_overall_score: 0, require_complete: false}
        races:
          - {id: r1, name: Race 1, method: irv}
          - {id: r2, name: Race 2, method: approval, seats: 2, max_endorsements: 2}

        """ + platformAndQuestionnaire

    public static func load(_ store: ActingStore) async throws {
        _ = try await store.catalog.loadCycle(Array(yaml.utf8), file: "tiny.yaml")
        _ = try await store.catalog.importOrgs(Array("""
            id,name,weight,contact_email
            org-a,Org A,1,
            org-b,Org B,2,
            org-c,Org C,3,

            """.utf8), file: "orgs.csv")
        _ = try await store.catalog.importCandidates(cycle: cycle, Array("""
            id,race,name,ballot_name,incumbent,email,website
            c-a,r1,Ana A,,true,,
            c-b,r1,Ben B,,,,
            c-c,r2,Cy C,,false,,
            c-d,r2,Di D,,false,,

            """.utf8), file: "candidates.csv")
        _ = try await store.answers.importAnswers(cycle: cycle, Array("""
            candidate_id,q-yn,q-sc,q-ch,q-tx
            c-a,yes,5,a,
            c-b,no,1,b,
            c-c,yes,3,a,
            c-d,no,2,b,

            """.utf8), file: "answers.csv")
        _ = try await store.catalog.recuse(cycle: cycle, org: "org-c", race: "r1", reason: "conflict of interest")
        try await insertToken(store, name: "staff-1", role: "staff", org: nil, token: staff)
        try await insertToken(store, name: "tok-a", role: "org", org: "org-a", token: orgA)
        try await insertToken(store, name: "tok-b", role: "org", org: "org-b", token: orgB)
        try await insertToken(store, name: "tok-c", role: "org", org: "org-c", token: orgC)
        try await insertToken(store, name: "tok-old", role: "org", org: "org-a", token: revoked)
        try await store.db.withConnection { conn in
            try await conn.query("UPDATE api_tokens SET revoked_at = now() WHERE name = 'tok-old'", logger: TestDatabase.logger)
        }
    }

    public static func insertToken(_ store: ActingStore, name: String, role: String, org: String?, token: String) async throws {
        let hash = ByteBuffer(bytes: Array(SHA256.hash(data: Array(token.utf8))))
        try await store.db.withConnection { conn in
            try await conn.query("""
                INSERT INTO api_tokens (name, role, org, token_sha256, actor)
                VALUES (\(name), \(role), \(org), \(hash), 'test')
                """, logger: TestDatabase.logger)
        }
    }

}
