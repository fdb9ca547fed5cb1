import Crypto
import EndorseCore
@testable import EndorseStore
import Foundation
import Testing

/// `vote import`: all-or-nothing, every bad line reported, file order, one audit event.
struct BallotImportTests {
    static let c = VotingFixture.cycleID

    @Test("a ballots file with 60 bad lines reports the first 50 and how many more; nothing imported")
    func manyBadLinesAreCappedAtFifty() async throws {
        try await VotingFixture.withStore { store in
            _ = try await store.voting.openVoting(cycle: Self.c, race: "d1")
            let file = (1...60).map { _ in #"{"org": "o-a", "race": "d1", "ranking": ["c-zz"]}"# + "\n" }.joined()
            let before = try await VotingFixture.counts(store)
            do {
                _ = try await store.ballots.importBallots(cycle: Self.c, bytes: Array(file.utf8), file: "b.jsonl")
                Issue.record("the import should have been refused")
            } catch let e as EndorseError {
                #expect(e.code == .invalidInput)
                #expect(e.message == "60 bad rows in b.jsonl, nothing imported")
                #expect(e.details.count == 51)
                #expect(e.details.first?.hasPrefix("b.jsonl:1: ") == true, "\(e.details.first ?? "")")
                #expect(e.details.last == "... and 10 more")
            }
            #expect(try await VotingFixture.counts(store) == before)
        }
    }

    @Test func badLinesAreAllReportedAndNothingIsImported() async throws {
        try await VotingFixture.withStore { store in
            _ = try await store.voting.openVoting(cycle: Self.c, race: "d1")
            let file = """
                {"org": "o-a", "race": "d1", "ranking": ["c-a"]}
                {"org": "o-b", "race": "d1", "ranking": ["c-b"], "weight": 2}
                {"org": "o-zz", "race": "d1", "abstain": true}
                not json
                {"org": "o-a", "race": "d3", "ranking": ["c-g"]}
                {"weight": 3, "race": "d1", "abstain": true}
                {"org": "o-e", "race": "d1", "abstain": true}
                {"org": "o-c", "race": "d1", "ranking": ["c-a", "c-a"]}
                {"org": "o-c", "race": "d1", "approve": ["c-a"]}
                {"org": "o-c", "race": "d1", "ranking": ["c-n"]}
                {"org": "o-d", "race": "d1", "abstain": true}
                {"org": "o-c", "race": "d9", "abstain": true}

                """
            let before = try await VotingFixture.counts(store)
            do {
                _ = try await store.ballots.importBallots(cycle: Self.c, bytes: Array(file.utf8), file: "b.jsonl")
                Issue.record("the import should have been refused")
            } catch let e as EndorseError {
                #expect(e.code == .invalidInput)
                #expect(e.message == "11 bad rows in b.jsonl, nothing imported")
                #expect(e.details == [
                    "b.jsonl:2: weight: not allowed in a database import: the roster gives each org's weight",
                    "b.jsonl:3: org: no member org o-zz",
                    "b.jsonl:4: json: " + (e.details.count > 2 ? String(e.details[2].dropFirst("b.jsonl:4: json: ".count)) : ""),
                    "b.jsonl:5: race: race d3 is draft, not open for voting",
                    "b.jsonl:6: weight: not allowed in a database import: the roster gives each org's weight",
                    "b.jsonl:6: org: missing: a database import names the org of every line",
                    "b.jsonl:7: org: org o-e is recused from race d1",
                    "b.jsonl:8: ranking: c-a appears more than once in the ranking list",
                    "b.jsonl:9: approve: an irv race takes a \"ranking\", not an approval list",
                    "b.jsonl:10: ranking: c-n is not on the race's ballot",
                    "b.jsonl:11: org: org o-d is inactive and does not vote",
                    "b.jsonl:12: race: no race d9 in cycle test-2026",
                ])
                #expect(e.details[2].hasPrefix("b.jsonl:4: json: not JSON"))
            }
            #expect(try await VotingFixture.counts(store) == before)
        }
    }

    @Test func linesApplyInFileOrderAsVersionsWithOneAuditEvent() async throws {
        try await VotingFixture.withStore { store in
            _ = try await store.voting.openVoting(cycle: Self.c, race: nil)
            _ = try await store.ballots.cast(cycle: Self.c, race: "d1", org: "o-b", choice: .abstain)
            let file = "\u{FEFF}" + """
                {"org": "o-a", "race": "d1", "ranking": ["c-a"]}\r
                {"org": "o-b", "race": "d1", "ranking": ["c-c", "c-b"]}
                {"org": "o-a", "race": "d1", "ranking": ["c-b"]}
                {"org": "o-a", "race": "d2", "approve": ["c-d", "c-e"]}
                """
            let bytes = Array(file.utf8)
            let audit = try await VotingFixture.counts(store).audit
            let result = try await store.ballots.importBallots(cycle: Self.c, bytes: bytes, file: "b.jsonl")
            #expect(result.lines == 4 && result.replaced == 2 && result.ballots == 3 && result.races == ["d1", "d2"])
            let hex = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            #expect(result.sha256 == hex)
            let events = try await store.db.auditEvents()
            #expect(events.count == Int(audit) + 1)
            #expect(events.last?.action == "ballot.import")
            #expect(events.last?.details.contains(hex) == true)
            let rows = try await store.read { conn in
                var out: [String] = []
                for try await (org, race, v, cur, kind, src) in try await conn.query("""
                    SELECT org, race, version, current, kind, source FROM ballots ORDER BY race, org, version
                    """, logger: store.logger).decode((String, String, Int, Bool, String, String).self) {
                    out.append("\(race)/\(org) v\(v) \(cur ? "current" : "old") \(kind) \(src)")
                }
                return out
            }
            #expect(rows == ["d1/o-a v1 old ranking import", "d1/o-a v2 current ranking import",
                             "d1/o-b v1 old abstain cli", "d1/o-b v2 current ranking import",
                             "d2/o-a v1 current approve import"])
            let tally = try await store.voting.tally(cycle: Self.c, race: "d1")
            #expect(tally.rounds.first?.votes == ["c-a": 0, "c-b": 3, "c-c": 2])
        }
    }

    @Test func anEmptyFileIsRefused() async throws {
        try await VotingFixture.withStore { store in
            try await VotingFixture.expectRefused(store, .invalidInput) {
                _ = try await store.ballots.importBallots(cycle: Self.c, bytes: Array("\n \n".utf8), file: "e.jsonl")
            }
        }
    }
}
