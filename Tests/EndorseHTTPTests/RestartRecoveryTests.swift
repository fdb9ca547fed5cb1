import EndorseCore
@testable import EndorseHTTP
import EndorseStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import EndorseTestSupport

/// api.md "Behaviour under load and faults": while PostgreSQL restarts, routes that need it answer
/// 503 `unavailable` within the configured timeout, the others keep answering, and the service
/// recovers without a restart of its own. Runs on a throwaway managed cluster of its own (stopping
/// the shared test cluster would break every other suite running beside it).
@Suite("PostgreSQL restart")
struct RestartRecoveryTests {
    static let timeout = 2

    @Test("503 while PostgreSQL is down, 200 again once it is back, with no restart of the service")
    func answers503ThenRecovers() async throws {
        let home = FileManager.default.temporaryDirectory
            .appendingPathComponent("endorse-restart-\(UUID().uuidString.prefix(8))").path
        let cluster = LocalCluster(home: home)
        let layout = try await Self.blocking { try cluster.start() }
        defer { Self.remove(cluster, layout: layout, home: home) }

        let config = DatabaseConfig(target: .server(Endpoint(layout: layout)), poolSize: 4,
                                    timeoutSeconds: Self.timeout)
        try await Database.withDatabase(config, logger: TestDatabase.logger) { db in
            // The service's store bounds every wait; the test's own calls use an unbounded one.
            let shared = Store(db: db, timeout: .seconds(Self.timeout))
            let store = Store(db: db).acting(as: "test")
            try await ServiceFixture.load(store)
            let app = EndorseService.application(store: shared, actor: "test", host: "127.0.0.1", port: 0,
                                                 databaseTimeout: .seconds(Self.timeout), services: [shared.ballotBatcher],
                                                 logger: TestDatabase.logger)
            try await app.test(.router) { client in
                let fixture = ServiceFixture(store: store, db: db, client: client,
                                             published: PublishedCache(store: shared, actor: "test"))
                let races = "/v1/cycles/tiny/races"
                #expect(try await fixture.call(.get, races, token: ServiceFixture.staff).status == .ok)
                #expect(try await fixture.call(.get, "/healthz").status == .ok)
                // An org's ballot, which goes through the batcher (its race now cached).
                _ = try await store.voting.openVoting(cycle: "tiny", race: "r1")
                let ballot = #"{"ranking": ["c-a"]}"#
                #expect(try await fixture.call(.put, BallotRouteTests.r1, token: ServiceFixture.orgA, json: ballot).status == .created)

                #expect(try await Self.blocking { try cluster.stop() })

                // A route behind authentication, one public route and a ballot: all need the database.
                for (method, uri, token) in [(HTTPRequest.Method.get, races, ServiceFixture.staff), (.get, "/healthz", nil),
                                             (.put, BallotRouteTests.r1, ServiceFixture.orgA)] {
                    let started = ContinuousClock.now
                    let down = try await fixture.call(method, uri, token: token, json: method == .put ? ballot : nil)
                    let elapsed = ContinuousClock.now - started
                    #expect(down.status == .serviceUnavailable, "\(uri): \(down.text)")
                    #expect(down.errorCode == "unavailable", "\(uri)")
                    #expect(elapsed < .seconds(Self.timeout) + .milliseconds(1500), "\(uri) took \(elapsed)")
                }
                // Routes that need no database keep answering.
                let doc = try await fixture.call(.get, "/openapi.yaml")
                #expect(doc.status == .ok)
                #expect(doc.text.hasPrefix("openapi: 3.1"))

                _ = try await Self.blocking { try cluster.start() }

                // The pool reconnects on its own: poll until the route answers again.
                var recovered: TestResponse?
                let deadline = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < deadline {
                    let r = try await fixture.call(.get, races, token: ServiceFixture.staff)
                    if r.status == .ok { recovered = r; break }
                    #expect(r.status == .serviceUnavailable, "while reconnecting: \(r.status) \(r.text)")
                    try await Task.sleep(for: .milliseconds(200))
                }
                let back = try #require(recovered, "the service did not recover within 30 s")
                #expect(back.json["races"]?.arrayValue?.count == 2)
                #expect(try await fixture.call(.get, "/healthz").status == .ok)
                let again = try await fixture.call(.put, BallotRouteTests.r1, token: ServiceFixture.orgA, json: ballot)
                #expect(again.status == .ok, "\(again.text)")
                #expect(again.json["version"] == .number("2"))
            }
        }
    }

    /// Runs blocking process work (pg_ctl) off the cooperative pool.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Stops the throwaway cluster and deletes its files (as root they live outside `home`).
    static func remove(_ cluster: LocalCluster, layout: ClusterLayout, home: String) {
        _ = try? cluster.stop()
        let base = (layout.dataDirectory as NSString).deletingLastPathComponent
        for path in [base, layout.socketDirectory, home] {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
