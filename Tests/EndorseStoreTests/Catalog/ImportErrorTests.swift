import EndorseCore
@testable import EndorseStore
import Testing

/// Every bad CSV row kind: the exact `FILE:LINE: column: problem` lines, and nothing changed.
@Suite(.serialized) struct ImportErrorTests {
    /// Runs `body` (expected to be refused) and checks the refusal's lines and that no table
    /// (audit log included) changed.
    static func expectRefused(_ db: Database, _ expected: [String],
                              _ body: () async throws -> Void) async throws {
        let before = try await Catalog.snapshot(db)
        do {
            try await body()
            Issue.record("the import was accepted")
        } catch let error as EndorseError {
            #expect(error.code == .invalidInput)
            #expect(Catalog.lines(error) == expected)
        }
        #expect(try await Catalog.snapshot(db) == before)
    }

    @Test func badOrgRows() async throws {
        try await withStore { store, db in
            _ = try await store.catalog.importOrgs(Catalog.bytes("id,name,weight\norg-a,A,3\n"), file: "orgs.csv")
            let csv = """
                id,name,weight,contact_email,active
                org-a,A changed,10,,true
                org-b,B,0,,
                Org-C,C,2,,maybe
                org-d,,x,,
                org-a,Again,1,,

                """
            try await Self.expectRefused(db, [
                "orgs.csv:3: weight: \"0\" is not a positive integer",
                "orgs.csv:4: id: \"Org-C\" does not match [a-z0-9][a-z0-9-]{0,62}",
                "orgs.csv:4: active: must be true, false or empty",
                "orgs.csv:5: name: required",
                "orgs.csv:5: weight: \"x\" is not a positive integer",
                "orgs.csv:6: id: org-a repeats line 2",
                "error: 4 bad rows in orgs.csv, nothing imported",
            ]) { _ = try await store.catalog.importOrgs(Catalog.bytes(csv), file: "orgs.csv") }
            try await Self.expectRefused(db, [
                "orgs.csv:1: name: missing column",
                "orgs.csv:1: members: unknown column",
                "error: 1 bad rows in orgs.csv, nothing imported",
            ]) { _ = try await store.catalog.importOrgs(Catalog.bytes("id,weight,members\norg-a,1,3\n"), file: "orgs.csv") }
            // A good file with a BOM and CRLF; weight defaults to 1.
            let r = try await store.catalog.importOrgs([0xEF, 0xBB, 0xBF] + Catalog.bytes("id,name,weight\r\norg-a,A,3\r\norg-b,B,\r\n"), file: "orgs.csv")
            #expect(r == ImportResult(rows: 2, created: 1, updated: 0, unchanged: 1))
            #expect(try await store.catalog.orgs().map(\.weight) == [3, 1])
        }
    }

    @Test func manyBadRowsAreCappedAtFifty() async throws {
        try await withStore { store, db in
            let csv = "id,name,weight\n" + (1...60).map { "org-\($0),N,-1\n" }.joined()
            let before = try await Catalog.snapshot(db)
            do {
                _ = try await store.catalog.importOrgs(Catalog.bytes(csv), file: "o.csv")
                Issue.record("accepted")
            } catch let error as EndorseError {
                #expect(error.details.count == 51)
                #expect(error.details[49] == "o.csv:51: weight: \"-1\" is not a positive integer")
                #expect(error.details[50] == "... and 10 more")
                #expect(error.message == "60 bad rows in o.csv, nothing imported")
            }
            #expect(try await Catalog.auditCount(db) == 0)
            #expect(try await Catalog.snapshot(db) == before)
        }
    }

    @Test func badCandidateRows() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            let csv = """
                id,race,name,ballot_name,incumbent,email,website
                c-x,r9,X,,,,
                c-y,r1,"Y, with a
                newline",,yes,,
                c-z,r1,Z,,maybe,,
                c-w,,W,,,,
                c-v,r1,V,,
                -bad,r1,,,,,

                """
            try await Self.expectRefused(db, [
                "candidates.csv:2: race: no race r9 in cycle tiny",
                "candidates.csv:3: incumbent: must be true, false or empty",
                "candidates.csv:5: incumbent: must be true, false or empty",
                "candidates.csv:6: race: required",
                "candidates.csv:7: row: 5 fields, the header has 7",
                "candidates.csv:8: id: \"-bad\" does not match [a-z0-9][a-z0-9-]{0,62}",
                "candidates.csv:8: name: required",
                "error: 6 bad rows in candidates.csv, nothing imported",
            ]) { _ = try await store.catalog.importCandidates(cycle: "tiny", Catalog.bytes(csv), file: "candidates.csv") }
            try await Self.expectRefused(db, [
                "candidates.csv:1: race: missing column",
                "error: 1 bad rows in candidates.csv, nothing imported",
            ]) { _ = try await store.catalog.importCandidates(cycle: "tiny", Catalog.bytes("id,name\nc-q,Q\n"), file: "candidates.csv") }
            // A repeated id and an unknown column (usually a typo) are refused too.
            try await Self.expectRefused(db, [
                "candidates.csv:3: id: c-q repeats line 2",
                "error: 1 bad rows in candidates.csv, nothing imported",
            ]) { _ = try await store.catalog.importCandidates(cycle: "tiny", Catalog.bytes("""
                id,race,name,ballot_name,incumbent,email,website
                c-q,r1,Q,,,,
                c-q,r2,Q again,,,,

                """), file: "candidates.csv") }
            try await Self.expectRefused(db, [
                "candidates.csv:1: party: unknown column",
                "error: 1 bad rows in candidates.csv, nothing imported",
            ]) { _ = try await store.catalog.importCandidates(cycle: "tiny", Catalog.bytes("""
                id,race,name,ballot_name,incumbent,email,website,party
                c-q,r1,Q,,,,,Green

                """), file: "candidates.csv") }
        }
    }

    @Test func badAnswerRows() async throws {
        try await withStore { store, db in
            try await Catalog.loadTiny(store)
            try await Self.expectRefused(db, [
                "answers.csv:1: q-nope: no question q-nope in cycle tiny",
                "error: 1 bad rows in answers.csv, nothing imported",
            ]) { _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes("candidate_id,q-yn,q-nope\nc-a,yes,1\n"), file: "answers.csv") }
            let csv = """
                candidate_id,q-yn,q-sc,q-ch,q-tx
                c-a,yes,9,a,"long
                text, with \"\"quotes\"\"\"
                c-b,maybe,3,z,ok
                c-zz,yes,3,a,ok
                c-c,yes,3.5,A,
                c-a,yes,3,a,again

                """
            try await Self.expectRefused(db, [
                "answers.csv:2: q-sc: 9 is outside the scale 1..5",
                "answers.csv:4: q-yn: \"maybe\" is not yes or no (accepted: yes, no, y, n, true, false)",
                "answers.csv:4: q-ch: \"z\" is not an option (valid: a, b)",
                "answers.csv:5: candidate_id: no candidate c-zz in cycle tiny",
                "answers.csv:6: q-sc: \"3.5\" is not a whole number on the scale 1..5",
                "answers.csv:7: candidate_id: c-a repeats line 2",
                "error: 5 bad rows in answers.csv, nothing imported",
            ]) { _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes(csv), file: "answers.csv") }
            try await Self.expectRefused(db, [
                "answers.csv:1: candidate_id: missing column",
                "error: 1 bad rows in answers.csv, nothing imported",
            ]) { _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes("id,q-yn\nc-a,yes\n"), file: "answers.csv") }
        }
    }

    @Test func unknownCycleIsNotFound() async throws {
        try await withStore { store, db in
            await #expect(throws: EndorseError(.notFound, "no such cycle", at: "nope")) {
                _ = try await store.catalog.importCandidates(cycle: "nope", Catalog.bytes("id,race,name\n"), file: "c.csv")
            }
            let events = try await Catalog.auditCount(db)
            #expect(events == 0)
        }
    }
}
