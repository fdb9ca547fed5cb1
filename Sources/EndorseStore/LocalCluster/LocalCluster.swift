import Crypto
import EndorseCore
import Foundation

/// The managed local PostgreSQL of cli.md: a private cluster for one `$ENDORSE_HOME`, reached
/// over a unix socket only (no TCP), created with `initdb` on first use and started with
/// `pg_ctl`. When endorse runs as root the cluster is owned and run by an unprivileged account
/// (`postgres`, else a created `endorse`) in `/var/lib/endorse/<hash of ENDORSE_HOME>`, since
/// PostgreSQL refuses root and `/root` is not traversable by others. Where it lives is recorded
/// in `$ENDORSE_HOME/cluster.json`. Start, stop and creation are serialized across processes by
/// an flock on `$ENDORSE_HOME/cluster.lock`.
public struct LocalCluster: Sendable {
    /// The database endorse uses inside the cluster.
    public static let databaseName = "endorse"
    /// The superuser role the cluster is created with (trust authentication on the socket).
    public static let roleName = "endorse"
    /// Only names the socket file (`.s.PGSQL.5432`); the cluster listens on no TCP port.
    public static let port = 5432
    /// Longest socket path the kernel accepts (sun_path is 108 bytes with the final NUL).
    public static let maxSocketPathBytes = 107

    /// `$ENDORSE_HOME`, absolute.
    public let home: String
    /// Where server binaries are searched (`<root>/<version>/bin`).
    public let serverSearchRoot: String
    /// Where root-owned installs put clusters: `<systemRoot>/<hash>`.
    public let systemRoot: String

    /// - Parameters:
    ///   - home: `$ENDORSE_HOME` (relative paths are taken from the working directory).
    ///   - serverSearchRoot: tests point this at an empty folder to see the missing-server error.
    public init(home: String, serverSearchRoot: String = ServerBinaries.defaultSearchRoot,
                systemRoot: String = "/var/lib/endorse") {
        self.home = LocalCluster.absolute(home)
        self.serverSearchRoot = serverSearchRoot
        self.systemRoot = systemRoot
    }

    /// `$ENDORSE_HOME/cluster.json`.
    public var recordPath: String { home + "/cluster.json" }

    /// A short stable hash of the absolute home, naming its folders outside it.
    public var homeHash: String {
        SHA256.hash(data: Array(home.utf8)).prefix(6).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    /// What the cluster looks like now.
    public struct Status: Hashable, Sendable {
        /// Whether `initdb` has run.
        public var initialized: Bool
        /// Whether the server is running.
        public var running: Bool
        /// Where it lives (the recorded layout, or where it would be created).
        public var layout: ClusterLayout
        /// The server binaries' folder (nil when none are installed).
        public var binDirectory: String?
    }

    /// The recorded layout, else the one `start` would create.
    public func layout() throws -> ClusterLayout {
        if let recorded = try recordedLayout() { return recorded }
        return try plannedLayout(majorVersion: ServerBinaries.find(searchRoot: serverSearchRoot).majorVersion)
    }

    /// Creates the cluster if needed and starts it; already running is fine.
    /// - Throws: `EndorseError(.unavailable)` when no server binaries are installed or the
    ///   server does not start (with the end of its log).
    @discardableResult
    public func start() throws -> ClusterLayout {
        try SystemAccount.ensureDirectory(home, mode: 0o700)
        let lock = try FileLock.acquire(home + "/cluster.lock")
        defer { lock.unlock() }

        let account = SystemAccount.isRoot ? try SystemAccount.serverAccount() : nil
        var layout: ClusterLayout
        let binaries: ServerBinaries
        if let recorded = try recordedLayout(), FileManager.default.fileExists(atPath: recorded.dataDirectory + "/PG_VERSION") {
            layout = recorded
            binaries = try ServerBinaries.find(searchRoot: serverSearchRoot, majorVersion: recorded.majorVersion)
        } else {
            binaries = try ServerBinaries.find(searchRoot: serverSearchRoot)
            layout = try plannedLayout(majorVersion: binaries.majorVersion)
            layout.osUser = account?.name
            try initialize(layout, binaries: binaries, account: account)
            try writeRecord(layout)
        }
        // The socket folder may be under /tmp, which a reboot empties: made again, privately.
        try SystemAccount.privateDirectory(layout.socketDirectory, owner: account)
        if try isRunning(layout, binaries: binaries) { return layout }
        try harden(layout)

        let r = try ProcessRunner.run(binaries.path("pg_ctl"),
            ["-D", layout.dataDirectory, "-l", layout.logFile, "-w", "-t", "60", "start"],
            as: layout.osUser)
        guard r.status == 0 else {
            throw EndorseError(.unavailable,
                "the managed PostgreSQL did not start: \(r.output.trimmingWhitespace()) \(logTail(layout))",
                at: layout.dataDirectory)
        }
        return layout
    }

    /// Stops the server (`pg_ctl stop -m fast`); returns whether it was running.
    @discardableResult
    public func stop() throws -> Bool {
        guard let layout = try recordedLayout(),
              FileManager.default.fileExists(atPath: layout.dataDirectory + "/PG_VERSION") else { return false }
        let lock = try FileLock.acquire(home + "/cluster.lock")
        defer { lock.unlock() }
        let binaries = try ServerBinaries.find(searchRoot: serverSearchRoot, majorVersion: layout.majorVersion)
        guard try isRunning(layout, binaries: binaries) else { return false }
        let r = try ProcessRunner.run(binaries.path("pg_ctl"),
            ["-D", layout.dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], as: layout.osUser)
        guard r.status == 0 else {
            throw EndorseError(.unavailable, "the managed PostgreSQL did not stop: \(r.output.trimmingWhitespace())",
                at: layout.dataDirectory)
        }
        return true
    }

    /// Whether the cluster exists and runs, and where.
    public func status() throws -> Status {
        let binaries = ServerBinaries.installed(searchRoot: serverSearchRoot)
        if let layout = try recordedLayout(),
           FileManager.default.fileExists(atPath: layout.dataDirectory + "/PG_VERSION") {
            let match = binaries.first { $0.majorVersion == layout.majorVersion }
            let running = try match.map { try isRunning(layout, binaries: $0) } ?? false
            return Status(initialized: true, running: running, layout: layout, binDirectory: match?.directory)
        }
        guard let newest = binaries.first else {
            _ = try ServerBinaries.find(searchRoot: serverSearchRoot)  // throws the install hint
            throw EndorseError(.unavailable, "no PostgreSQL server binaries", at: serverSearchRoot)
        }
        return Status(initialized: false, running: false,
                      layout: try plannedLayout(majorVersion: newest.majorVersion), binDirectory: newest.directory)
    }

    // MARK: - Internals

    private static func absolute(_ path: String) -> String {
        let base = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var url = URL(fileURLWithPath: base).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path) { url = url.resolvingSymlinksInPath() }
        var p = url.path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    func recordedLayout() throws -> ClusterLayout? {
        guard let data = FileManager.default.contents(atPath: recordPath) else { return nil }
        do {
            return try JSONDecoder().decode(ClusterLayout.self, from: data)
        } catch {
            throw EndorseError(.unavailable, "cannot read the managed cluster's record: \(error)", at: recordPath)
        }
    }

    private func writeRecord(_ layout: ClusterLayout) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(layout)
        data.append(0x0A)
        let tmp = recordPath + ".tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: data), rename(tmp, recordPath) == 0 else {
            throw EndorseError(.unavailable, "cannot write the managed cluster's record", at: recordPath)
        }
    }

    /// Where a new cluster goes: in `$ENDORSE_HOME/postgres`, or under `systemRoot` as root.
    func plannedLayout(majorVersion: Int) throws -> ClusterLayout {
        let base = SystemAccount.isRoot ? systemRoot + "/" + homeHash : home + "/postgres"
        var socketDir = base + "/run"
        // Too long for the kernel, or holding a comma (libpq reads `host=a,b` as two hosts, so
        // `endorse db url` would not work): the socket moves to a short folder of its own.
        if (socketDir + "/.s.PGSQL.\(Self.port)").utf8.count > Self.maxSocketPathBytes || socketDir.contains(",") {
            // Not guessable in advance (a folder someone else made first is refused anyway).
            let nonce = (0..<4).map { _ in String(UInt8.random(in: 0...255), radix: 16).leftPadded(to: 2) }.joined()
            socketDir = "/tmp/endorse-" + homeHash + "-" + nonce
        }
        return ClusterLayout(dataDirectory: base + "/data", socketDirectory: socketDir,
                             logFile: base + "/postgres.log", port: Self.port,
                             osUser: nil, role: Self.roleName, majorVersion: majorVersion)
    }

    private func initialize(_ layout: ClusterLayout, binaries: ServerBinaries, account: SystemAccount.Account?) throws {
        let base = (layout.dataDirectory as NSString).deletingLastPathComponent
        if account != nil { try SystemAccount.makeDirectory(systemRoot, mode: 0o755, owner: nil) }
        try SystemAccount.makeDirectory(base, mode: 0o700, owner: account)
        try SystemAccount.privateDirectory(layout.socketDirectory, owner: account)
        // A leftover from an interrupted initdb would make it refuse; one whose server still runs
        // (its ENDORSE_HOME, holding the record, was deleted) would keep the socket.
        if FileManager.default.fileExists(atPath: layout.dataDirectory) {
            Self.stopOrphan(dataDirectory: layout.dataDirectory)
            try? FileManager.default.removeItem(atPath: layout.dataDirectory)
        }
        // Durable by design: no --no-sync, fsync stays on (acknowledged ballots survive crashes).
        let r = try ProcessRunner.run(binaries.path("initdb"),
            ["-D", layout.dataDirectory, "-U", layout.role, "--auth-local=trust", "--auth-host=scram-sha-256",
             "-E", "UTF8", "--locale=C"], as: account?.name)
        guard r.status == 0 else {
            throw EndorseError(.unavailable, "initdb failed: \(r.output.trimmingWhitespace())", at: layout.dataDirectory)
        }
        try appendConfiguration(layout, """

            # endorse managed cluster: unix socket only, no TCP.
            listen_addresses = ''
            unix_socket_directories = \(Self.confString(Self.quotedDirectory(layout.socketDirectory)))
            port = \(layout.port)

            """)
        try harden(layout)
    }

    /// The socket admits only the cluster's own account (and root): authentication on it is
    /// `trust`. Applied to clusters created before this setting too.
    private func harden(_ layout: ClusterLayout) throws {
        let conf = (try? String(contentsOfFile: layout.dataDirectory + "/postgresql.conf", encoding: .utf8)) ?? ""
        guard !conf.contains("\nunix_socket_permissions = 0700\n") else { return }
        try appendConfiguration(layout, "\n# endorse: the socket is private to the cluster's account.\nunix_socket_permissions = 0700\n")
    }

    private func appendConfiguration(_ layout: ClusterLayout, _ text: String) throws {
        guard let handle = FileHandle(forWritingAtPath: layout.dataDirectory + "/postgresql.conf") else {
            throw EndorseError(.unavailable, "cannot configure the cluster", at: layout.dataDirectory + "/postgresql.conf")
        }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try? handle.close()
    }

    /// One element of PostgreSQL's comma-separated directory list, double-quoted so that a comma
    /// in the path does not split it (`"` doubled inside).
    static func quotedDirectory(_ path: String) -> String {
        "\"" + path.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A postgresql.conf string literal (`'` doubled inside).
    static func confString(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Stops the server `postmaster.pid` in `dataDirectory` names, if it is a live `postgres`:
    /// fast shutdown, immediate after 30 s. Whatever its version (no pg_ctl needed).
    static func stopOrphan(dataDirectory: String) {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first, let pid = pid_t(first.trimmingCharacters(in: .whitespaces)),
              pid > 1, let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
              name.hasPrefix("postgres") else { return }
        kill(pid, SIGINT)
        for tick in 0..<600 {
            if kill(pid, 0) != 0 { return }
            if tick == 300 { kill(pid, SIGQUIT) }
            usleep(100_000)
        }
    }

    private func isRunning(_ layout: ClusterLayout, binaries: ServerBinaries) throws -> Bool {
        // pg_ctl status: 0 running, 3 not running, 4 no data directory.
        let r = try ProcessRunner.run(binaries.path("pg_ctl"), ["-D", layout.dataDirectory, "status"], as: layout.osUser)
        return r.status == 0
    }

    private func logTail(_ layout: ClusterLayout) -> String {
        guard let text = try? String(contentsOfFile: layout.logFile, encoding: .utf8) else { return "" }
        let lines = text.split(separator: "\n").suffix(5)
        return lines.isEmpty ? "" : "; log: " + lines.joined(separator: " | ")
    }
}
