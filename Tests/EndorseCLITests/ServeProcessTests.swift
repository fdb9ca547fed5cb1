import Foundation
import EndorseTestSupport
import Testing

/// `endorse serve` as a real process: it listens, answers /healthz, and on SIGTERM shuts down
/// gracefully and exits 0 (issue 4, "Graceful shutdown on SIGTERM").
@Suite("endorse serve process")
struct ServeProcessTests {
    @Test("serve answers /healthz and exits 0 soon after SIGTERM")
    func healthzThenSigterm() async throws {
        let home = try CLIRunner.temporaryDirectory()
        let env = ["ENDORSE_HOME": home.path, "DATABASE_URL": ""]
        defer { Self.removeCluster(home: home, env: env) }
        // Creating the cluster first keeps serve's start short (initdb is slow on a busy machine).
        let start = try CLIRunner.run(["db", "start"], env: env)
        try #require(start.status == 0, "\(start.stderr)")

        let port = try SpawnedProcess.freePort()
        let log = home.appendingPathComponent("serve.log").path
        let server = try SpawnedProcess(try CLIRunner.binary().path, ["serve", "--host", "127.0.0.1", "--port", "\(port)"],
                                        env: env, outputPath: log)
        var stopped = false
        defer { if !stopped { server.kill(SIGKILL); _ = server.wait(timeout: .seconds(5)) } }

        var health: (status: Int, body: String)?
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, server.exitStatus == nil {
            if let r = SpawnedProcess.get(port: port, path: "/healthz") { health = r; break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let (status, _) = try #require(health, "no answer on port \(port); log: \(Self.read(log))")
        #expect(status == 200)

        server.kill(SIGTERM)
        let exit = server.wait(timeout: .seconds(10))
        stopped = exit != nil
        #expect(exit == 0, "exit \(String(describing: exit)); log: \(Self.read(log))")
        // Nothing listens any more.
        #expect(SpawnedProcess.get(port: port, path: "/healthz") == nil)
    }

    static func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// Stops the temporary cluster and deletes its files (as root they live outside the home).
    static func removeCluster(home: URL, env: [String: String]) {
        let record = home.appendingPathComponent("cluster.json")
        let layout = (try? Data(contentsOf: record))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        _ = try? CLIRunner.run(["db", "stop"], env: env)
        if let data = layout?["data_directory"] as? String {
            try? FileManager.default.removeItem(atPath: (data as NSString).deletingLastPathComponent)
        }
        if let socket = layout?["socket_directory"] as? String {
            try? FileManager.default.removeItem(atPath: socket)
        }
        try? FileManager.default.removeItem(at: home)
    }
}

/// A child process started with posix_spawn: stdin /dev/null, stdout and stderr to a file, and no
/// inherited descriptors above 2 (a postmaster it starts must not hold any of ours).
final class SpawnedProcess: @unchecked Sendable {
    let pid: pid_t
    private let lock = NSLock()
    private var status: Int32?

    init(_ program: String, _ arguments: [String], env extra: [String: String], outputPath: String) throws {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in extra { env[k] = v }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard rc == 0 else { throw CLIRunner.CLIError(message: "cannot spawn \(program): \(rc)") }
        self.pid = pid
    }

    func kill(_ signal: Int32) { _ = Glibc.kill(pid, signal) }

    /// The exit status once the process has ended (128 + signal when killed), without blocking.
    var exitStatus: Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
        let s: Int32 = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        status = s
        return s
    }

    /// Polls for the exit status up to `timeout`; nil if still running.
    func wait(timeout: Duration) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let s = exitStatus { return s }
            usleep(50_000)
        }
        return exitStatus
    }

    /// A TCP port free on the loopback right now (bound to 0, read back, released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CLIRunner.CLIError(message: "socket failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                bind(fd, p, len) == 0 && getsockname(fd, p, &len) == 0
            }
        }
        guard bound else { throw CLIRunner.CLIError(message: "bind failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// `GET path` over a plain socket to 127.0.0.1:port (Connection: close); nil when nothing
    /// answers. Returns the status code and the body.
    static func get(port: Int, path: String) -> (status: Int, body: String)? {
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        guard let (response, _) = RawHTTP.exchange(port: port, request) else { return nil }
        let text = String(decoding: response, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let code = Int(parts[1]) else { return nil }
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (code, body)
    }
}
