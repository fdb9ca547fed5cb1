import Foundation
import Testing
import EndorseTestSupport

/// `endorse db ...` through the built binary, on a managed cluster of its own.
@Suite(.serialized)
struct DBCommandTests {
    /// Reused across runs (initdb once), kept out of git under .build.
    static let home = CLIRunner.root.appendingPathComponent(".build/endorse-test-cli").path

    @Test func startStatusURLMigrateStop() throws {
        let env = ["ENDORSE_HOME": Self.home, "DATABASE_URL": ""]
        // The postmaster must not hold the caller's pipes: run() reads them to the end.
        let start = try CLIRunner.run(["db", "start"], env: env)
        #expect(start.status == 0, "\(start.stderr)")
        #expect(start.stdout.hasPrefix("running: postgresql:///endorse?host=/"))

        let status = try CLIRunner.run(["db", "status", "--format", "json"], env: env)
        #expect(status.status == 0)
        #expect(status.stdout.contains(#""running":true"#))
        #expect(status.stdout.contains(#""databases":["endorse","postgres"]"#))

        let url = try CLIRunner.run(["db", "url"], env: env)
        #expect(url.status == 0)
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: try ExternalTool.psql())
        psql.arguments = [url.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "-Atqc", "select 1"]
        psql.standardOutput = FileHandle.nullDevice
        try psql.run()
        psql.waitUntilExit()
        #expect(psql.terminationStatus == 0)

        let migrate = try CLIRunner.run(["db", "migrate"], env: env)
        #expect(migrate.status == 0)
        #expect(migrate.stdout == "up to date (7 migrations applied)\n")   // sql/001-007

        let stop = try CLIRunner.run(["db", "stop"], env: env)
        #expect(stop.stdout == "stopped\n")
        let again = try CLIRunner.run(["db", "stop"], env: env)
        #expect(again.stdout == "not running\n")
    }

    @Test func unreachableDatabaseExitsThree() throws {
        let r = try CLIRunner.run(["db", "start", "--database-url", "postgresql:///x?host=/nonexistent-endorse&user=x"])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("error: the database is unreachable"))
    }

    @Test func stopRefusesAnExternalDatabase() throws {
        let r = try CLIRunner.run(["db", "stop"], env: ["DATABASE_URL": "postgres://u@db.example.org/x"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: a database URL is configured; endorse only stops its managed cluster"))
        #expect(r.stdout.isEmpty)
    }

    @Test func badURLIsAUsageError() throws {
        let r = try CLIRunner.run(["db", "status", "--database-url", "mysql://u@h/x"])
        #expect(r.status == 2)
    }
}
