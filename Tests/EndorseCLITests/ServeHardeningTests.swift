import Foundation
import Testing
import EndorseTestSupport

/// `endorse serve` as a real process against the hostile world: slow clients, a PostgreSQL that
/// hangs (SIGSTOP) or is gone. Every request is answered in time, and SIGTERM always ends it.
@Suite("endorse serve under faults", .serialized)
struct ServeHardeningTests {
    /// A running service on a fresh managed cluster holding the tiny cycle with r1 open, with a
    /// staff and an org token.
    struct Service {
        var home: URL
        var env: [String: String]
        var port: Int
        var server: SpawnedProcess
        var staff: String
        var org: String
        var log: String
    }

    static let cycle = """
        id: tiny
        name: Tiny
        election_date: 2026-11-03
        coalition: {name: Tiny Coalition, url: "https://example.org"}
        rules: {min_overall_score: 0, require_complete: false}
        races: [{id: r1, name: Race 1, method: irv}]
        platform: [{id: p1, title: Plank 1, weight: 1}]
        questionnaire: [{id: q-yn, text: Yes or no?, kind: yes_no, planks: [{plank: p1, favors: "yes"}]}]

        """

    static func start(_ extra: [String: String]) async throws -> Service {
        let home = try CLIRunner.temporaryDirectory()
        var env = ["ENDORSE_HOME": home.path, "DATABASE_URL": ""]
        env.merge(extra) { $1 }
        func run(_ args: [String]) throws -> CLIRunner.Result {
            let r = try CLIRunner.run(args, env: env)
            try #require(r.status == 0, "\(args): \(r.stderr)")
            return r
        }
        let files: [(String, String)] = [
            ("tiny.yaml", cycle),
            ("orgs.csv", "id,name,weight,contact_email\norg-a,Org A,1,\n"),
            ("candidates.csv", "id,race,name,ballot_name,incumbent,email,website\nc-a,r1,Ana,,,,\nc-b,r1,Ben,,,,\n"),
            ("answers.csv", "candidate_id,q-yn\nc-a,yes\nc-b,no\n"),
        ]
        for (name, text) in files { try text.write(to: home.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        _ = try run(["db", "start"])
        _ = try run(["cycle", "load", home.appendingPathComponent("tiny.yaml").path])
        _ = try run(["org", "import", home.appendingPathComponent("orgs.csv").path])
        _ = try run(["candidate", "import", "--cycle", "tiny", home.appendingPathComponent("candidates.csv").path])
        _ = try run(["answers", "import", "--cycle", "tiny", home.appendingPathComponent("answers.csv").path])
        _ = try run(["vote", "open", "--cycle", "tiny", "--all"])
        let staff = try run(["token", "create", "--role", "staff", "--name", "s"]).stdout.split(separator: "\n").last.map(String.init) ?? ""
        let org = try run(["token", "create", "--role", "org", "--org", "org-a", "--name", "a"]).stdout
            .split(separator: "\n").last.map(String.init) ?? ""
        let port = try SpawnedProcess.freePort()
        let log = home.appendingPathComponent("serve.log").path
        let server = try SpawnedProcess(try CLIRunner.binary().path, ["serve", "--host", "127.0.0.1", "--port", "\(port)"],
                                        env: env, outputPath: log)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, server.exitStatus == nil {
            if SpawnedProcess.get(port: port, path: "/healthz")?.status == 200 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return Service(home: home, env: env, port: port, server: server, staff: staff, org: org, log: log)
    }

    static func stop(_ s: Service) {
        if s.server.exitStatus == nil { s.server.kill(SIGKILL); _ = s.server.wait(timeout: .seconds(5)) }
        ServeProcessTests.removeCluster(home: s.home, env: s.env)
    }

    /// The PIDs of the cluster's postmaster and its children.
    static func postgresProcesses(_ s: Service) throws -> [pid_t] {
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: s.home.appendingPathComponent("cluster.json"))) as? [String: Any]
        let data = try #require(record?["data_directory"] as? String)
        let pidText = try String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8)
        let postmaster = try #require(pid_t(pidText.split(separator: "\n").first ?? ""))
        var pids = [postmaster]
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == postmaster { pids.append(pid) }
        }
        return pids
    }

    /// Sends `request` and reads until the server closes or `within` passes; the status code
    /// (nil: closed without an answer, or none in time) and how long it took.
    static func exchange(port: Int, _ request: String, within: Duration) -> (status: Int?, elapsed: Duration, closed: Bool) {
        let started = ContinuousClock.now
        guard let (response, closed) = RawHTTP.exchange(port: port, request, within: within, done: {
            String(decoding: $0, as: UTF8.self).contains("\r\n\r\n")
        }) else { return (nil, .zero, true) }
        let text = String(decoding: response, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2)
        let status = parts.count >= 2 && parts[0].hasPrefix("HTTP/1.") ? Int(parts[1]) : nil
        return (status, ContinuousClock.now - started, closed)
    }

    @Test("a client that trickles its headers or body, or sits idle, is cut off; others are still served")
    func slowClientsAreCutOff() async throws {
        let s = try await Self.start(["ENDORSE_HTTP_IDLE_TIMEOUT": "2", "ENDORSE_HTTP_READ_TIMEOUT": "2"])
        defer { Self.stop(s) }
        // Half a request head, never finished.
        let head = Self.exchange(port: s.port, "GET /healthz HTTP/1.1\r\nHost: x\r\n", within: .seconds(6))
        #expect(head.closed && head.status == nil, "\(head)")
        #expect(head.elapsed < .seconds(5), "\(head.elapsed)")
        // A whole head, then 10 of the 100 body bytes it announced.
        let body = Self.exchange(port: s.port, "PUT /v1/cycles/tiny/races/r1/ballot HTTP/1.1\r\nHost: x\r\n"
                                 + "Authorization: Bearer \(s.org)\r\nContent-Type: application/json\r\n"
                                 + "Content-Length: 100\r\n\r\n{\"abstain\"", within: .seconds(6))
        #expect(body.closed, "\(body)")
        #expect(body.elapsed < .seconds(5), "\(body.elapsed)")
        // Nothing was written for it, and the service still answers.
        #expect(SpawnedProcess.get(port: s.port, path: "/healthz")?.status == 200)
    }

    @Test("while PostgreSQL is frozen (SIGSTOP) every route answers 503 within the timeout, /healthz within 1 s")
    func frozenDatabase() async throws {
        let s = try await Self.start(["ENDORSE_DB_TIMEOUT": "2"])
        defer { Self.stop(s) }
        let pids = try Self.postgresProcesses(s)
        #expect(pids.count >= 2)
        for pid in pids { kill(pid, SIGSTOP) }
        defer { for pid in pids { kill(pid, SIGCONT) } }
        let health = Self.exchange(port: s.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", within: .seconds(3))
        #expect(health.status == 503, "\(health)")
        #expect(health.elapsed < .milliseconds(1500), "\(health.elapsed)")
        let requests = [
            "GET /v1/cycles/tiny/races HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(s.staff)\r\nConnection: close\r\n\r\n",
            "GET /v1/cycles/tiny/races/r1/tally HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(s.staff)\r\nConnection: close\r\n\r\n",
            "PUT /v1/cycles/tiny/races/r1/ballot HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(s.org)\r\n"
                + "Content-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n{\"abstain\": true}",
            "GET /slate/tiny HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        ]
        for request in requests {
            let r = Self.exchange(port: s.port, request, within: .seconds(5))
            #expect(r.status == 503, "\(request.prefix(40)): \(r)")
            #expect(r.elapsed < .milliseconds(3500), "\(request.prefix(40)): \(r.elapsed)")
        }
        for pid in pids { kill(pid, SIGCONT) }
        var back: Int?
        for _ in 0..<60 {
            back = SpawnedProcess.get(port: s.port, path: "/healthz")?.status
            if back == 200 { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(back == 200, "the service did not recover; log: \(ServeProcessTests.read(s.log))")
        // SIGTERM still ends it at once.
        s.server.kill(SIGTERM)
        #expect(s.server.wait(timeout: .seconds(10)) == 0)
    }

    @Test("with PostgreSQL stopped, SIGTERM ends the service within the timeout plus a short grace, exit 0")
    func shutdownWithDatabaseDown() async throws {
        let s = try await Self.start(["ENDORSE_DB_TIMEOUT": "2"])
        defer { Self.stop(s) }
        // An org ballot leaves an audit event pending; the sealer will want to seal it at shutdown.
        let put = Self.exchange(port: s.port, "PUT /v1/cycles/tiny/races/r1/ballot HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(s.org)\r\n"
                                + "Content-Type: application/json\r\nContent-Length: 17\r\nConnection: close\r\n\r\n{\"abstain\": true}",
                                within: .seconds(5))
        #expect(put.status == 201, "\(put)")
        let stop = try CLIRunner.run(["db", "stop"], env: s.env)
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(SpawnedProcess.get(port: s.port, path: "/healthz")?.status == 503)
        let started = ContinuousClock.now
        s.server.kill(SIGTERM)
        let exit = s.server.wait(timeout: .seconds(20))
        #expect(exit == 0, "exit \(String(describing: exit)); log: \(ServeProcessTests.read(s.log))")
        #expect(ContinuousClock.now - started < .seconds(5), "\(ContinuousClock.now - started)")
    }
}
