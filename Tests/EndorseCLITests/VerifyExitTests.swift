import EndorseCore
import EndorseStore
import EndorseTestSupport
import Foundation
import PostgresNIO
import Testing

/// cli.md: `slate verify` and `audit verify` exit 1 on any failure, through the binary, naming
/// what failed; verifying changes nothing.
struct VerifyExitTests {
    @Test("slate verify: 0 for the published bytes, 1 and the reason for one changed byte or another key")
    func slateVerifyExitsOne() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seeds = CLIRunner.root.appendingPathComponent("Fuzz/seeds/slate")
        for name in ["coalition.pub", "slate-sample-2026-v1.json", "slate-sample-2026-v1.json.sig"] {
            try FileManager.default.copyItem(at: seeds.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let slate = dir.appendingPathComponent("slate-sample-2026-v1.json")
        let pub = dir.appendingPathComponent("coalition.pub").path
        let good = try CLIRunner.run(["slate", "verify", slate.path, "--pubkey", pub])
        #expect(good.status == 0, "\(good.stderr)")

        let bytes = try Data(contentsOf: slate)
        let text = try #require(String(data: bytes, encoding: .utf8))
        try Data(text.replacingOccurrences(of: "\"c-ana-ruiz\"", with: "\"c-ana-ruix\"").utf8).write(to: slate)
        let changed = try CLIRunner.run(["slate", "verify", slate.path, "--pubkey", pub])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("signature failed"), "\(changed.stderr)")

        try bytes.write(to: slate)
        let other = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(try CLIRunner.run(["key", "generate", "--out", other.path]).status == 0)
        let wrongKey = try CLIRunner.run(["slate", "verify", slate.path, "--pubkey", other.appendingPathComponent("coalition.pub").path])
        #expect(wrongKey.status == 1)
        #expect(!wrongKey.stderr.isEmpty)
        // Verifying wrote nothing: the slate keeps its bytes.
        #expect(try Data(contentsOf: slate) == bytes)
    }

    @Test("audit verify: 0 on an intact chain, 1 and the first broken event once a superuser edits one")
    func auditVerifyExitsOne() async throws {
        let layout = try await TestDatabase.layout()
        try await TestDatabase.withFreshDatabase { db in
            for action in ["cycle.load", "org.import", "candidate.import"] {
                _ = try await db.withTransaction { conn in
                    try await AuditLog.append(actor: "ana", action: action, cycle: "tiny", subject: nil,
                                              details: .object([:]), on: conn, logger: db.logger)
                }
            }
            let env = ["DATABASE_URL": layout.url(database: db.endpoint.database), "ENDORSE_ACTOR": "cli-test"]
            let intact = try CLIRunner.run(["audit", "verify"], env: env)
            #expect(intact.status == 0, "\(intact.stderr)")
            try await db.withConnection { conn in
                for sql in ["SET session_replication_role = replica", "UPDATE audit_log SET actor = 'mallory' WHERE id = 2",
                            "SET session_replication_role = origin"] {
                    _ = try await conn.query(PostgresQuery(unsafeSQL: sql), logger: db.logger)
                }
            }
            let broken = try CLIRunner.run(["audit", "verify"], env: env)
            #expect(broken.status == 1)
            #expect(broken.stderr.contains("audit log broken: event 2 does not follow from its predecessor"), "\(broken.stderr)")
        }
    }
}
