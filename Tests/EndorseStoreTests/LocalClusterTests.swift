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
