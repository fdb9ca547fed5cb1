import EndorseCore
@testable import EndorseStore
import Foundation
import PostgresNIO
import Testing
import EndorseTestSupport

@Suite struct DemoTests {
    /// config/README.md, "Expected tallies": outcome, endorsed ids in slate order, shares (nil:
    /// null, as for stv).
    static let expected: [(race: String, outcome: String, endorsed: [String], shares: [String?])] = [
        ("district-1", "endorsed", ["c-ana-ruiz"], ["0.6923"]),
        ("district-2", "endorsed", ["c-tomas-herrera"], ["0.7059"]),
        ("district-3", "endorsed", ["c-lena-kowalski"], ["0.7073"]),
        ("district-4", "no_endorsement", [], []),
        ("district-5", "endorsed", ["c-terrence-hill"], ["0.7556"]),
        ("district-6", "endorsed", ["c-sofia-marchetti"], ["0.766"]),
        ("district-7", "endorsed", ["c-yolanda-brooks"], ["0.6735"]),
        ("district-8", "endorsed", ["c-carmen-vega"], ["0.6122"]),
        ("district-9", "no_quorum", [], []),
        ("district-10", "endorsed", ["c-fatima-noor"], ["0.6731"]),
        ("district-11", "no_endorsement", [], []),
        ("district-12", "no_endorsement", [], []),
        ("district-13", "endorsed", ["c-ximena-paredes"], ["0.6923"]),
        ("district-14", "no_endorsement", [], []),
        ("district-15", "endorsed", ["c-nadia-petrov"], ["0.8723"]),
        ("district-16", "endorsed", ["c-maria-delgado"], ["0.7045"]),
        ("district-17", "endorsed", ["c-colleen-murphy"], ["0.766"]),
        ("district-18", "endorsed", ["c-jose-nunez"], ["0.6731"]),
        ("district-19", "endorsed", ["c-esperanza-flores"], ["0.6923"]),
        ("district-20", "endorsed", ["c-theresa-nguyen"], ["0.6863"]),
        ("at-large", "endorsed", ["c-kwame-asante", "c-angela-brooks-reyes"], ["0.7308", "0.7115"]),
        // stv: in order of election, no share.
        ("at-large-ranked", "endorsed", ["c-rosalind-okoye", "c-mina-park", "c-henry-walsh"], [nil, nil, nil]),
    ]

    @Test func demoRunsTheSampleToAVerifiedSlateWithThePinnedOutcomes() async throws {
        let out = try SlateStoreFixture.tempDir()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try await TestDatabase.withFreshDatabase { db in
            let paths = Demo.Paths(config: TestDatabase.packageRoot + "/config", out: out + "/public",
                                   keys: out + "/keys")
            let report = try await Store(db: db).acting(as: "demo").runDemo(paths)
            #expect(report.verification.ok, "\(report.verification.failures)")
            #expect(report.version == 1 && report.auditIntact)
            #expect(report.slate.slate == out + "/public/slate-sample-2026-v1.json")
            #expect(report.races.map(\.race) == Self.expected.map(\.race))
            for (got, want) in zip(report.races, Self.expected) {
                #expect(got.outcome == want.outcome, "\(want.race)")
                #expect(got.endorsed.map(\.id) == want.endorsed, "\(want.race)")
            }
            // The slate file itself: statuses, shares, district-9's reasoned no-endorsement.
            let bytes = [UInt8](try #require(FileManager.default.contents(atPath: report.slate.slate)))
            let slate = try JSONValue.parse(bytes)
            let races = try #require(slate["races"]?.arrayValue)
            for (race, want) in zip(races, Self.expected) {
                #expect(race["id"] == .string(want.race))
                #expect(race["status"] == .string(want.endorsed.isEmpty ? "no_endorsement" : "endorsed"), "\(want.race)")
                let shares = (race["endorsements"]?.arrayValue ?? []).map { $0["vote"]?["share"] }
                #expect(shares == want.shares.map { $0.map(JSONValue.number) ?? .null }, "\(want.race)")
            }
            // The stv race's votes: method stv, no threshold or base.
            let ranked = try #require(races.first { $0["id"] == .string("at-large-ranked") })
            for endorsement in ranked["endorsements"]?.arrayValue ?? [] {
                #expect(endorsement["vote"]?["method"] == .string("stv"))
                #expect(endorsement["vote"]?["threshold"] == .null)
                #expect(endorsement["vote"]?["base"] == .null)
            }
            // 13 active member orgs (org-westside-block-clubs is inactive).
            #expect(slate["coalition"]?["member_organizations"]?.arrayValue?.count == 13)
            let schemaErrors = try SchemaCheck.errors(bytes)
            #expect(schemaErrors == nil, "\(schemaErrors ?? "")")
            let reason = try await db.withConnection { conn in
                try await conn.query("SELECT reason FROM decisions WHERE race = 'district-9' AND current",
                                     logger: db.logger).collect()[0].decode(String?.self)
            }
            #expect(reason?.isEmpty == false)
            // The secret key stays out of the published folder.
            #expect(!FileManager.default.fileExists(atPath: out + "/public/coalition.sec"))
            #expect(FileManager.default.fileExists(atPath: out + "/keys/coalition.sec"))
        }
    }

    @Test func freshDatabaseDropsThePreviousDemo() async throws {
        let base = try await TestDatabase.config(database: "postgres")
        let first = try await Demo.freshDatabase(base, logger: TestDatabase.logger)
        guard case .server(let endpoint) = first.target else { Issue.record("not a server target"); return }
        #expect(endpoint.database == Demo.databaseName)
        try await Database.withDatabase(first, logger: TestDatabase.logger) { db in
            _ = try await Store(db: db).acting(as: "t").tokens.createToken(name: "left-over", role: .staff, org: nil)
        }
        let second = try await Demo.freshDatabase(base, logger: TestDatabase.logger)
        let tokens = try await Database.withDatabase(second, logger: TestDatabase.logger) { db in
            try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM api_tokens")
        }
        #expect(tokens == 0)
        try await TestDatabase.drop(Demo.databaseName)
    }

    @Test func configIsFoundAboveTheStartFolders() throws {
        let root = TestDatabase.packageRoot
        #expect(try Demo.findConfig(explicit: nil, startingAt: [root + "/Sources/EndorseStore"]) == root + "/config")
        #expect(try Demo.findConfig(explicit: nil, startingAt: ["/", root]) == root + "/config")
        #expect(try Demo.findConfig(explicit: root + "/config", startingAt: []) == root + "/config")
        let empty = try SlateStoreFixture.tempDir()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: EndorseError.self) { try Demo.findConfig(explicit: empty, startingAt: []) }
        #expect(throws: EndorseError.self) { try Demo.findConfig(explicit: nil, startingAt: ["/"]) }
    }
}
