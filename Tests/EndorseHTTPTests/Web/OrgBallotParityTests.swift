import EndorseCore
import Foundation
import EndorseHTTP
import EndorseStore
import Hummingbird
import HummingbirdTesting
import Testing

/// The pages and the API write through the same path: the same ballots entered either way give
/// the same tally, and the same current ballots.
@Suite("Org ballot pages: parity with the API")
struct OrgBallotParityTests {
    /// (org, race, page fields, API body)
    static let ballots: [(String, String, [(String, String)], String)] = [
        ("org-a", "r1", [("rank-c-b", "1"), ("rank-c-a", "2")], #"{"ranking": ["c-b", "c-a"]}"#),
        ("org-b", "r1", [("rank-c-a", "1")], #"{"ranking": ["c-a"]}"#),
        ("org-a", "r2", [("approve", "c-c")], #"{"approve": ["c-c"]}"#),
        ("org-b", "r2", [("special", "abstain")], #"{"abstain": true}"#),
        ("org-c", "r2", [("approve", "c-c"), ("approve", "c-d")], #"{"approve": ["c-c", "c-d"]}"#),
    ]

    static func tallies(_ f: ServiceFixture) async throws -> [JSONValue] {
        _ = try await f.store.voting.closeVoting(cycle: "tiny", race: nil)
        return [try await f.store.voting.tally(cycle: "tiny", race: "r1").json,
                try await f.store.voting.tally(cycle: "tiny", race: "r2").json]
    }

    @Test("ballots via the pages tally exactly as the same ballots via PUT .../ballot")
    func sameTally() async throws {
        let viaPages = LockedBox<[JSONValue]>([])
        try await OrgPageFixture.with { o in
            var cookies: [String: String] = [:]
            for (org, race, fields, _) in Self.ballots {
                let cookie: String
                if let c = cookies[org] { cookie = c } else { cookie = try await o.open(org); cookies[org] = cookie }
                let r = try await o.cast(org, cookie: cookie, race: race, fields)
                #expect(r.status == .seeOther, "\(org) \(race)")
            }
            viaPages.value = try await Self.tallies(o.f)
        }
        let tokens = ["org-a": ServiceFixture.orgA, "org-b": ServiceFixture.orgB, "org-c": ServiceFixture.orgC]
        try await ServiceFixture.with { f in
            _ = try await f.store.voting.openVoting(cycle: "tiny", race: "r1")
            _ = try await f.store.voting.openVoting(cycle: "tiny", race: "r2")
            for (org, race, _, body) in Self.ballots {
                let r = try await f.call(.put, "/v1/cycles/tiny/races/\(race)/ballot", token: tokens[org], json: body)
                #expect(r.status == .created, "\(org) \(race) \(r.text)")
            }
            let viaAPI = try await Self.tallies(f)
            #expect(viaAPI == viaPages.value)
            #expect(viaAPI.count == 2)
        }
    }
}

/// A value set inside one `@Sendable` closure and read after it.
final class LockedBox<T: Sendable>: @unchecked Sendable {
    private var stored: T
    private let lock = NSLock()
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
