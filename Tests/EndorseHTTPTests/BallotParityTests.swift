import EndorseCore
@testable import EndorseHTTP
@testable import EndorseStore
import Hummingbird
import HummingbirdTesting
import Testing
import EndorseTestSupport

/// One ballot write path: every refusal of voting.md, sent through the CLI's operation (`vote
/// cast`, staff entry), the API (`PUT .../ballot` with the org's token) and an import (`vote
/// import`, one line), gets the same error code and message from each, and writes nothing.
@Suite("Ballot write parity")
struct BallotParityTests {
    static let orgD = "org-d-token-00000000000000000000000000000000"
    static let orgE = "org-e-token-00000000000000000000000000000000"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var race: String
        var org: String
        var body: String
        var code: EndorseError.Code
        /// The import's column for this refusal.
        var column: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "race not open", race: "r3", org: "org-a", body: #"{"abstain": true}"#, code: .raceNotOpen, column: "race"),
        Case(name: "unknown race", race: "r9", org: "org-a", body: #"{"abstain": true}"#, code: .notFound, column: "race"),
        Case(name: "recused org", race: "r1", org: "org-c", body: #"{"ranking": ["c-a"]}"#, code: .recused, column: "org"),
        Case(name: "inactive org", race: "r1", org: "org-e", body: #"{"abstain": true}"#, code: .orgInactive, column: "org"),
        Case(name: "not on the roster", race: "r1", org: "org-d", body: #"{"abstain": true}"#, code: .notOnRoster, column: "org"),
        Case(name: "id not on the ballot", race: "r1", org: "org-a", body: #"{"ranking": ["c-a", "c-zz"]}"#,
             code: .notOnBallot, column: "ranking"),
        Case(name: "id of another race", race: "r1", org: "org-a", body: #"{"ranking": ["c-c"]}"#,
             code: .notOnBallot, column: "ranking"),
        Case(name: "duplicates", race: "r1", org: "org-a", body: #"{"ranking": ["c-a", "c-a"]}"#,
             code: .invalidBallot, column: "ranking"),
        Case(name: "empty ranking", race: "r1", org: "org-a", body: #"{"ranking": []}"#, code: .invalidBallot, column: "ranking"),
        Case(name: "empty approval", race: "r2", org: "org-a", body: #"{"approve": []}"#, code: .invalidBallot, column: "approve"),
        Case(name: "approval in irv", race: "r1", org: "org-a", body: #"{"approve": ["c-a"]}"#,
             code: .invalidBallot, column: "approve"),
        Case(name: "ranking in approval", race: "r2", org: "org-a", body: #"{"ranking": ["c-c"]}"#,
             code: .invalidBallot, column: "ranking"),
    ]

    static let tokens = ["org-a": ServiceFixture.orgA, "org-c": ServiceFixture.orgC, "org-d": orgD, "org-e": orgE]

    /// The tiny cycle plus r3 (a draft irv race), org-e (inactive) on the rosters, r1 and r2
    /// open, then org-d (too late for the rosters); tokens for org-d and org-e.
    static func prepared(_ body: @escaping @Sendable (ServiceFixture) async throws -> Void) async throws {
        try await ServiceFixture.with { f in
            let yaml = TinyFixture.yaml.replacingOccurrences(
                of: "  - {id: r2,", with: "  - {id: r3, name: Race 3, method: irv}\n  - {id: r2,")
            _ = try await f.store.catalog.loadCycle(Array(yaml.utf8), file: "tiny.yaml")
            _ = try await f.store.catalog.importOrgs(Array("id,name,weight,contact_email,active\norg-e,Org E,1,,false\n".utf8),
                                                    file: "e.csv")
            _ = try await f.store.voting.openVoting(cycle: "tiny", race: "r1")
            _ = try await f.store.voting.openVoting(cycle: "tiny", race: "r2")
            _ = try await f.store.catalog.importOrgs(Array("id,name,weight,contact_email\norg-d,Org D,1,\n".utf8), file: "d.csv")
            try await ServiceFixture.insertToken(f.store, name: "tok-d", role: "org", org: "org-d", token: orgD)
            try await ServiceFixture.insertToken(f.store, name: "tok-e", role: "org", org: "org-e", token: orgE)
            try await body(f)
        }
    }

    @Test(arguments: cases) func sameRefusalEverywhere(_ c: Case) async throws {
        try await Self.prepared { f in
            let before = try await f.writes()
            let object = try #require(try JSONValue.parse(Array(c.body.utf8)).objectValue)
            let choice = try BallotChoice(kindOf: object)

            // The CLI's operation.
            let cli = await #expect(throws: EndorseError.self) {
                _ = try await f.store.ballots.cast(cycle: "tiny", race: c.race, org: c.org, choice: choice)
            }
            #expect(cli?.code == c.code, "vote cast: \(String(describing: cli))")

            // The API, as the org itself.
            let token = try #require(Self.tokens[c.org])
            let http = try await f.call(.put, "/v1/cycles/tiny/races/\(c.race)/ballot", token: token, json: c.body)
            let (status, apiCode, _) = ErrorStatus.of(c.code)
            #expect(http.status == status, "PUT: \(http.text)")
            #expect(http.errorCode == apiCode, "PUT: \(http.text)")
            if let cli {
                let message = http.json["error"]?["message"]?.stringValue
                #expect(message == cli.message || message == cli.description, "PUT: \(http.text) vs \(cli)")
            }

            // An import of one line.
            let line = #"{"org": "\#(c.org)", "race": "\#(c.race)", "# + c.body.dropFirst()
            let imported = await #expect(throws: EndorseError.self) {
                _ = try await f.store.ballots.importBallots(cycle: "tiny", bytes: Array(line.utf8), file: "b.jsonl")
            }
            #expect(imported?.details == ["b.jsonl:1: \(c.column): \(cli?.message ?? "?")"], "\(String(describing: imported))")

            #expect(try await f.writes() == before)
        }
    }

    @Test("withdrawing without a ballot: 404 from the CLI's operation and the API, nothing written")
    func withdrawWithoutBallot() async throws {
        try await Self.prepared { f in
            let before = try await f.writes()
            let cli = await #expect(throws: EndorseError.self) {
                _ = try await f.store.ballots.withdraw(cycle: "tiny", race: "r1", org: "org-a")
            }
            #expect(cli?.code == .notFound)
            let http = try await f.call(.delete, "/v1/cycles/tiny/races/r1/ballot", token: ServiceFixture.orgA)
            #expect(http.status == .notFound)
            #expect(http.json["error"]?["message"]?.stringValue == cli?.description)
            #expect(try await f.writes() == before)
        }
    }
}
