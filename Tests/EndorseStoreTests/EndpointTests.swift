import EndorseCore
@testable import EndorseStore
import Testing
import EndorseTestSupport

struct EndpointTests {
    @Test func tcpURL() throws {
        let e = try Endpoint(url: "postgres://ana:s%40cret@db.example.org:6543/endorse_prod?sslmode=require")
        #expect(e.host == "db.example.org")
        #expect(e.socketDirectory == nil)
        #expect(e.port == 6543)
        #expect(e.user == "ana")
        #expect(e.password == "s@cret")
        #expect(e.database == "endorse_prod")
        #expect(e.tls == .require)
        #expect(!e.description.contains("s@cret"))
    }

    @Test func socketURL() throws {
        let e = try Endpoint(url: "postgresql:///endorse?host=/var/lib/endorse/abc/run&port=5433&user=endorse")
        #expect(e.host == nil)
        #expect(e.socketDirectory == "/var/lib/endorse/abc/run")
        #expect(e.socketPath == "/var/lib/endorse/abc/run/.s.PGSQL.5433")
        #expect(e.user == "endorse")
        #expect(e.database == "endorse")
        #expect(e.tls == .disable)
        // description round-trips.
        #expect(try Endpoint(url: e.description) == e)
    }

    @Test func defaults() throws {
        let e = try Endpoint(url: "postgres://bob@localhost")
        #expect(e.port == 5432)
        #expect(e.database == "bob")   // libpq: the database defaults to the user name
        #expect(e.tls == .prefer)
    }

    @Test(arguments: ["mysql://x@y/z", "postgres://x@y/z?sslmode=sometimes", "postgres://x@y/z?port=99999"])
    func badURLsAreUsageErrors(_ url: String) {
        let error = #expect(throws: EndorseError.self) { try Endpoint(url: url) }
        #expect(error?.exitCode == 2)
    }

    @Test func passwordIsRedacted() {
        #expect(Endpoint.redacted("postgres://ana:hunter2@h/db") == "postgres://ana:***@h/db")
    }

    @Test func configPrecedence() throws {
        let env = ["DATABASE_URL": "postgres://env@h/envdb", "ENDORSE_HOME": "/tmp/envhome",
                   "ENDORSE_DB_POOL": "3", "ENDORSE_DB_TIMEOUT": "7"]
        let flag = try DatabaseConfig.resolve(databaseURL: "postgres://flag@h/flagdb", environment: env)
        guard case .server(let e) = flag.target else { Issue.record("not a server"); return }
        #expect(e.database == "flagdb")
        #expect(flag.poolSize == 3)
        #expect(flag.timeoutSeconds == 7)

        let fromEnv = try DatabaseConfig.resolve(environment: env)
        guard case .server(let e2) = fromEnv.target else { Issue.record("not a server"); return }
        #expect(e2.database == "envdb")

        let managed = try DatabaseConfig.resolve(environment: ["ENDORSE_HOME": "/tmp/envhome"])
        #expect(managed.target == .managed(home: "/tmp/envhome", serverSearchRoot: "/usr/lib/postgresql"))
        let flagHome = try DatabaseConfig.resolve(home: "/tmp/flaghome", environment: ["ENDORSE_HOME": "/tmp/envhome"])
        #expect(flagHome.target == .managed(home: "/tmp/flaghome", serverSearchRoot: "/usr/lib/postgresql"))
        let defaults = try DatabaseConfig.resolve(environment: [:])
        #expect(defaults.target == .managed(home: "./.endorse", serverSearchRoot: "/usr/lib/postgresql"))
        #expect(defaults.poolSize == 10)

        #expect(throws: EndorseError.self) { try DatabaseConfig.resolve(environment: ["ENDORSE_DB_POOL": "0"]) }
    }

    @Test func unreachableServerIsExit3() async throws {
        let config = DatabaseConfig(
            target: .server(try Endpoint(url: "postgresql:///endorse?host=/nonexistent/endorse-sock&user=x")),
            timeoutSeconds: 2)
        let error = await #expect(throws: EndorseError.self) {
            try await Database.withDatabase(config, logger: TestDatabase.logger) { _ in 0 }
        }
        #expect(error?.code == .unavailable)
        #expect(error?.exitCode == 3)
    }
}
