import EndorseCore
@testable import EndorseStore
import Foundation
import Testing
import EndorseTestSupport

/// The managed cluster's life: start, status, url (psql connects), stop; missing binaries.
@Suite(.serialized)
struct LocalClusterTests {
    /// A cluster of its own, so stopping it does not disturb the shared test cluster.
    static let home = TestDatabase.packageRoot + "/.build/endorse-test-lifecycle"

    @Test func startStatusURLStop() async throws {
        let cluster = LocalCluster(home: Self.home)
        let layout = try cluster.start()
        // Idempotent: a second start while running is fine and returns the same layout.
        #expect(try cluster.start() == layout)

        let status = try cluster.status()
        #expect(status.initialized)
        #expect(status.running)
        #expect(status.layout == layout)
        #expect(FileManager.default.fileExists(atPath: layout.socketPath))

        // Recorded in ENDORSE_HOME.
        let record = try #require(FileManager.default.contents(atPath: Self.home + "/cluster.json"))
        let decoded = try JSONDecoder().decode(ClusterLayout.self, from: record)
        #expect(decoded == layout)

        // The printed URL works with psql (after the database exists).
        _ = try await Database.withDatabase(DatabaseConfig(target: .managed(home: Self.home, serverSearchRoot: ServerBinaries.defaultSearchRoot)),
                                            logger: TestDatabase.logger) { _ in 0 }
        let url = layout.url()
        #expect(url.hasPrefix("postgresql:///endorse?host=/"))
        let r = try TestDatabase.psql([url, "-At", "-c", "select 40 + 2"])
        #expect(r.status == 0)
        #expect(r.output.trimmingCharacters(in: .whitespacesAndNewlines) == "42")

        // No TCP: the server listens on no address.
        let tcp = try TestDatabase.psql([url, "-At", "-c", "show listen_addresses"])
        #expect(tcp.output.trimmingCharacters(in: .whitespacesAndNewlines) == "")
        // Durable: fsync stays on.
        let fsync = try TestDatabase.psql([url, "-At", "-c", "show fsync"])
        #expect(fsync.output.trimmingCharacters(in: .whitespacesAndNewlines) == "on")

        #expect(try cluster.stop() == true)
        #expect(try cluster.status().running == false)
        #expect(try cluster.stop() == false)
        #expect(!FileManager.default.fileExists(atPath: layout.socketPath))
    }

    @Test func concurrentStartsAgree() async throws {
        let cluster = LocalCluster(home: Self.home)
        _ = try cluster.stop()
        let layouts = try await withThrowingTaskGroup(of: ClusterLayout.self) { group in
            for _ in 0..<3 { group.addTask { try cluster.start() } }
            return try await group.reduce(into: [ClusterLayout]()) { $0.append($1) }
        }
        #expect(layouts.count == 3)
        #expect(Set(layouts).count == 1)
        #expect(try cluster.status().running)
        _ = try cluster.stop()
    }

    @Test func missingServerBinariesIsExit3WithInstallCommand() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("endorse-empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let home = empty + "/home"

        let error = #expect(throws: EndorseError.self) {
            try LocalCluster(home: home, serverSearchRoot: empty).start()
        }
        #expect(error?.code == .unavailable)
        #expect(error?.exitCode == 3)
        #expect(error?.message.contains("apt-get install postgresql") == true)

        // The same through the database layer.
        let config = DatabaseConfig(target: .managed(home: home, serverSearchRoot: empty))
        await #expect(throws: EndorseError(.unavailable, error?.message ?? "", at: error?.location)) {
            try await Database.withDatabase(config, logger: TestDatabase.logger) { _ in 0 }
        }
    }

    @Test func newestServerVersionFirst() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("endorse-pg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for v in ["9.6", "15", "16", "notaversion"] {
            let bin = root + "/" + v + "/bin"
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            for p in ServerBinaries.required {
                FileManager.default.createFile(atPath: bin + "/" + p, contents: Data("#!/bin/sh\n".utf8),
                                               attributes: [.posixPermissions: 0o755])
            }
        }
        // 16 without initdb does not count.
        try FileManager.default.removeItem(atPath: root + "/16/bin/initdb")
        #expect(ServerBinaries.installed(searchRoot: root).map(\.majorVersion) == [15, 9])
        #expect(try ServerBinaries.find(searchRoot: root).directory == root + "/15/bin")
    }

    @Test func longHomeMovesSocketUnderTmp() throws {
        // Long both ways, so the rule shows whether or not the tests run as root.
        let long = "/tmp/" + String(repeating: "x", count: 120)
        let layout = try LocalCluster(home: long, systemRoot: long).plannedLayout(majorVersion: 15)
        #expect(layout.socketDirectory.hasPrefix("/tmp/endorse-"))
        #expect(layout.socketPath.utf8.count <= 107)
        let short = try LocalCluster(home: "/tmp/h").plannedLayout(majorVersion: 15)
        #expect(short.socketPath.utf8.count <= 107)
        #expect(!short.socketDirectory.hasPrefix("/tmp/endorse-"))
    }

    @Test func runningAsRootUsesAnUnprivilegedAccountOutsideHome() throws {
        guard geteuid() == 0 else { return }
        let layout = try LocalCluster(home: "/root/some/project/.endorse").plannedLayout(majorVersion: 15)
        #expect(layout.dataDirectory.hasPrefix("/var/lib/endorse/"))
        let cluster = LocalCluster(home: Self.home)
        let started = try cluster.start()
        #expect(started.osUser != nil)
        #expect(started.osUser != "root")
        #expect(started.dataDirectory.hasPrefix("/var/lib/endorse/" + cluster.homeHash))
        _ = try cluster.stop()
    }
}

/// The managed cluster's socket is the only door to a superuser with `trust` authentication:
/// only the cluster's own account (and root) may open it, and no folder someone else made is
/// ever used for it.
@Suite(.serialized)
struct LocalClusterSecurityTests {
    static func uniqueRoot() -> String { "/tmp/endorse-sec-" + UUID().uuidString.prefix(8).lowercased() }

    /// Removes a test cluster and its folders.
    static func remove(_ cluster: LocalCluster, _ paths: [String]) {
        _ = try? cluster.stop()
        if let layout = try? cluster.recordedLayout() {
            try? FileManager.default.removeItem(atPath: (layout.dataDirectory as NSString).deletingLastPathComponent)
            try? FileManager.default.removeItem(atPath: layout.socketDirectory)
        }
        for p in paths { try? FileManager.default.removeItem(atPath: p) }
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }

    @Test("the socket and its folder admit only the cluster's account; a comma in the path does not split it")
    func socketIsPrivate() async throws {
        // A comma both in ENDORSE_HOME and in the root of clusters run as root.
        let root = Self.uniqueRoot()
        let cluster = LocalCluster(home: root + "/home,with,commas", systemRoot: root + "/sys,tem")
        defer { Self.remove(cluster, [root]) }
        let layout = try cluster.start()
        #expect(layout.dataDirectory.contains(","))
        #expect(!layout.socketDirectory.contains(","), "libpq would read the socket folder as two hosts")
        #expect(Self.mode(layout.socketDirectory) == 0o700)
        #expect(Self.mode(layout.socketPath) & 0o077 == 0, "socket mode \(String(Self.mode(layout.socketPath), radix: 8))")
        _ = try await Database.withDatabase(DatabaseConfig(target: .server(Endpoint(layout: layout))),
                                            logger: TestDatabase.logger) { _ in 0 }
        let r = try TestDatabase.psql([layout.url(), "-At", "-c", "show unix_socket_permissions"])
        #expect(r.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0700")
    }

    @Test("an ENDORSE_HOME deleted while its cluster ran: the next start at that path stops the orphan and starts afresh")
    func orphanedClusterIsStopped() throws {
        let root = Self.uniqueRoot()
        let home = root + "/home"
        let cluster = LocalCluster(home: home, systemRoot: root + "/sys")
        defer { Self.remove(cluster, [root]) }
        let first = try cluster.start()
        let pidText = try String(contentsOfFile: first.dataDirectory + "/postmaster.pid", encoding: .utf8)
        let pid = try #require(pid_t(pidText.split(separator: "\n")[0]))
        #expect(kill(pid, 0) == 0)
        try FileManager.default.removeItem(atPath: home)

        let again = try LocalCluster(home: home, systemRoot: root + "/sys").start()
        #expect(try cluster.status().running)
        if getuid() == 0 {
            // As root the data lived outside the home: the orphan was stopped, not left beside.
            #expect(again.dataDirectory == first.dataDirectory)
            #expect(kill(pid, 0) != 0)
        }
    }

    @Test("starting keeps ENDORSE_HOME's mode (it was loosened to 0755 on every start)")
    func homeModeIsKept() throws {
        let root = Self.uniqueRoot()
        let home = root + "/home"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let cluster = LocalCluster(home: home, systemRoot: root + "/sys")
        defer { Self.remove(cluster, [root]) }
        _ = try cluster.start()
        #expect(Self.mode(home) == 0o700)
        _ = try cluster.stop()
        _ = try cluster.start()
        #expect(Self.mode(home) == 0o700)
    }

    @Test("a socket folder made by someone else is refused, and nothing starts there")
    func impostorSocketFolderIsRefused() throws {
        let root = Self.uniqueRoot()
        // Long enough that the socket moves under /tmp, where anyone may create folders.
        let long = root + "/" + String(repeating: "h", count: 110)
        let cluster = LocalCluster(home: long, systemRoot: long)
        defer { Self.remove(cluster, [root]) }
        let layout = try cluster.start()
        #expect(layout.socketDirectory.hasPrefix("/tmp/endorse-"))
        #expect(layout.socketDirectory.count > "/tmp/endorse-".count + 12, "the name carries a random part")
        _ = try cluster.stop()
        try FileManager.default.removeItem(atPath: layout.socketDirectory)
        // Another account's folder at that path (only root can make one for another account).
        try FileManager.default.createDirectory(atPath: layout.socketDirectory, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o777])
        let nobody: uid_t = 65534
        if geteuid() == 0 { #expect(chown(layout.socketDirectory, nobody, nobody) == 0) }
        if geteuid() == 0 {
            let error = #expect(throws: EndorseError.self) { try cluster.start() }
            #expect(error?.message.contains("refusing to use the socket folder") == true, "\(String(describing: error))")
            #expect(try cluster.status().running == false)
        } else {
            // Not root: the folder is ours, so it is tightened and used.
            _ = try cluster.start()
            #expect(Self.mode(layout.socketDirectory) == 0o700)
        }
        // A link where the folder should be is refused too.
        try FileManager.default.removeItem(atPath: layout.socketDirectory)
        try FileManager.default.createSymbolicLink(atPath: layout.socketDirectory, withDestinationPath: root)
        _ = try? cluster.stop()
        #expect(throws: EndorseError.self) { try cluster.start() }
        try? FileManager.default.removeItem(atPath: layout.socketDirectory)
    }

    @Test func socketDirectoryQuoting() {
        #expect(LocalCluster.quotedDirectory("/a,b") == #""/a,b""#)
        #expect(LocalCluster.quotedDirectory(#"/a"b"#) == #""/a""b""#)
        #expect(LocalCluster.confString("it's") == "'it''s'")
    }
}
