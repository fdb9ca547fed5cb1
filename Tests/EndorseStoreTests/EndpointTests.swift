import EndorseCore
import Foundation
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

/// `sslmode=verify-ca` verifies the server's certificate chain (it verified nothing before),
/// against a real PostgreSQL serving TLS with a certificate of its own authority.
@Suite(.serialized)
struct VerifyCATests {
    @Test func modesParse() throws {
        #expect(try Endpoint(url: "postgres://x@h/d?sslmode=verify-ca").tls == .verifyCA)
        let e = try Endpoint(url: "postgres://x@h/d?sslmode=verify-full&sslrootcert=/etc/ca.pem")
        #expect(e.tls == .verifyFull)
        #expect(e.rootCertificates == "/etc/ca.pem")
        #expect(Database.tlsConfiguration(try Endpoint(url: "postgres://x@h/d?sslmode=verify-ca")).certificateVerification
                == .noHostnameVerification)
        #expect(Database.tlsConfiguration(try Endpoint(url: "postgres://x@h/d?sslmode=require")).certificateVerification == .none)
    }

    static func run(_ tool: String, _ args: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run(try ExternalTool.require(tool, install: "apt-get install openssl"), args)
    }

    @Test("verify-ca refuses a server whose certificate chains to no trusted root, accepts it with sslrootcert")
    func verifyCAChecksTheChain() async throws {
        let root = "/tmp/endorse-tls-" + UUID().uuidString.prefix(8).lowercased()
        let cluster = LocalCluster(home: root + "/home", systemRoot: root + "/sys")
        defer {
            _ = try? cluster.stop()
            if let l = try? cluster.recordedLayout() {
                try? FileManager.default.removeItem(atPath: (l.dataDirectory as NSString).deletingLastPathComponent)
            }
            try? FileManager.default.removeItem(atPath: root)
        }
        let layout = try cluster.start()
        _ = try cluster.stop()
        // A self-made authority and a server certificate it signs, for host name "localhost".
        let dir = layout.dataDirectory
        let ca = root + "/ca"
        try FileManager.default.createDirectory(atPath: ca, withIntermediateDirectories: true)
        #expect(try Self.run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=endorse test CA",
                                         "-keyout", ca + "/ca.key", "-out", ca + "/ca.pem"]).status == 0)
        #expect(try Self.run("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                                         "-keyout", dir + "/server.key", "-out", ca + "/server.csr"]).status == 0)
        #expect(try Self.run("openssl", ["x509", "-req", "-in", ca + "/server.csr", "-CA", ca + "/ca.pem", "-CAkey", ca + "/ca.key",
                                         "-CAcreateserial", "-days", "2", "-out", dir + "/server.crt"]).status == 0)
        if let user = layout.osUser {
            _ = try ExternalTool.run("/bin/chown", [user, dir + "/server.key", dir + "/server.crt"])
        }
        _ = try ExternalTool.run("/bin/chmod", ["600", dir + "/server.key"])
        let port = Int.random(in: 20_000...40_000)
        try Self.append(dir + "/postgresql.conf", """

            listen_addresses = '127.0.0.1'
            port = \(port)
            ssl = on
            ssl_cert_file = 'server.crt'
            ssl_key_file = 'server.key'

            """)
        let hba = try String(contentsOfFile: dir + "/pg_hba.conf", encoding: .utf8)
        try ("hostssl all all 127.0.0.1/32 trust\n" + hba).write(toFile: dir + "/pg_hba.conf", atomically: false, encoding: .utf8)
        _ = try cluster.start()

        func connect(_ query: String) async throws {
            let endpoint = try Endpoint(url: "postgresql://endorse@127.0.0.1:\(port)/postgres?\(query)")
            let config = DatabaseConfig(target: .server(endpoint), poolSize: 1, timeoutSeconds: 5)
            let conn = try await Database.connect(endpoint, config: config, logger: TestDatabase.logger)
            _ = try await conn.query("SELECT 1", logger: TestDatabase.logger).collect()
            try await conn.close()
        }
        // require encrypts without checking; verify-ca checks the chain.
        try await connect("sslmode=require")
        await #expect(throws: EndorseError.self) { try await connect("sslmode=verify-ca") }
        try await connect("sslmode=verify-ca&sslrootcert=\(ca)/ca.pem")
        // verify-full also checks the name: the certificate is for localhost, not 127.0.0.1.
        await #expect(throws: EndorseError.self) { try await connect("sslmode=verify-full&sslrootcert=\(ca)/ca.pem") }
        // The socket of the managed cluster is unchanged.
        #expect(FileManager.default.fileExists(atPath: layout.socketPath.replacingOccurrences(of: "5432", with: "\(port)")))
    }

    static func append(_ path: String, _ text: String) throws {
        guard let h = FileHandle(forWritingAtPath: path) else { throw ToolFailure("cannot open \(path)") }
        h.seekToEndOfFile()
        h.write(Data(text.utf8))
        try h.close()
    }
}
