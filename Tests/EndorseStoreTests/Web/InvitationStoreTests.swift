import EndorseCore
@testable import EndorseStore
import Foundation
import PostgresNIO
import Testing
import EndorseTestSupport

@Suite("Access links and sessions")
struct InvitationStoreTests {
    @Test("invite: one link per candidate, stored only as SHA-256, one audit event without tokens")
    func invite() async throws {
        try await withStore { store, db in
            try await WebFixture.load(store)
            let links = try await Invitations(store: store).issue(cycle: "tiny", mode: .invite)
            #expect(links.map(\.candidate) == ["c-a", "c-b", "c-c"])
            #expect(links.map(\.linkName) == ["invite-1", "invite-1", "invite-1"])
            #expect(links.allSatisfy { LinkSecret.isWellFormed($0.token) })
            #expect(Set(links.map(\.token)).count == 3)
            let dump = try await WebFixture.snapshot(db).description
            let everything = try await db.withConnection { conn in
                try await conn.query("SELECT string_agg(t::text, '|') FROM (SELECT * FROM access_links) t",
                                     logger: TestDatabase.logger).collect().first?.decode(String.self) ?? ""
            }
            let audit = try await db.auditEvents(cycle: "tiny").last
            #expect(audit?.action == "invite.create")
            #expect(audit?.details.contains("\"without_email\":[\"c-c\"]") == true)
            for l in links {
                #expect(!everything.contains(l.token) && !dump.contains(l.token) && audit?.details.contains(l.token) == false)
            }
        }
    }

    @Test("inviting again replaces the link: the old one and its sessions stop; remind adds one and the old keeps working")
    func replaceAndRemind() async throws {
        try await withStore { store, _ in
            try await WebFixture.load(store)
            let invitations = Invitations(store: store), sessions = WebSessions(store: store)
            let first = try #require(try await invitations.issue(cycle: "tiny", mode: .invite, only: ["c-a"]).first)
            let opened = try #require(try await sessions.open(token: first.token, kind: .candidate, currentSessionID: nil))
            let sid = try #require(opened.newSessionID)
            #expect(opened.session.actor == "candidate:c-a/invite-1")
            // The same browser opening the link again keeps its session (no new device).
            #expect(try await sessions.open(token: first.token, kind: .candidate, currentSessionID: sid)?.newSessionID == nil)

            let reminder = try #require(try await invitations.issue(cycle: "tiny", mode: .remind, only: ["c-a"]).first)
            #expect(reminder.linkName == "remind-2")
            #expect(try await sessions.open(token: first.token, kind: .candidate, currentSessionID: nil) != nil)
            #expect(try await sessions.resume(sessionID: sid) != nil)

            let second = try #require(try await invitations.issue(cycle: "tiny", mode: .invite, only: ["c-a"]).first)
            #expect(second.linkName == "invite-3")
            #expect(try await sessions.open(token: first.token, kind: .candidate, currentSessionID: nil) == nil)
            #expect(try await sessions.open(token: reminder.token, kind: .candidate, currentSessionID: nil) == nil)
            #expect(try await sessions.resume(sessionID: sid) == nil)
            #expect(try await sessions.open(token: second.token, kind: .candidate, currentSessionID: nil) != nil)
        }
    }

    @Test("revoke ends every link and session of the candidate at once; remind skips revoked and submitted candidates")
    func revoke() async throws {
        try await withStore { store, db in
            try await WebFixture.load(store)
            let invitations = Invitations(store: store), sessions = WebSessions(store: store)
            let (_, sid) = try await WebFixture.session(store, "c-a")
            #expect(try await invitations.revoke(cycle: "tiny", candidate: "c-a") == 1)
            #expect(try await sessions.resume(sessionID: sid) == nil)
            let before = try await WebFixture.snapshot(db)
            let twice = await #expect(throws: EndorseError.self) { try await invitations.revoke(cycle: "tiny", candidate: "c-a") }
            #expect(twice?.code == .wrongState || twice?.code == .notFound, "\(String(describing: twice))")
            #expect(try await WebFixture.snapshot(db) == before)

            _ = try await store.answers.importAnswers(cycle: "tiny", Catalog.bytes("candidate_id,q-yn\nc-b,yes\n"), file: "a.csv")
            let reminded = try await invitations.issue(cycle: "tiny", mode: .remind)
            #expect(reminded.map(\.candidate) == ["c-c"])
            let status = try await AnswersStatus(store: store).rows(cycle: "tiny")
            #expect(status.map(\.stage) == [.opened, .submitted, .invited])
            #expect(status.map(\.revoked) == [true, false, false])
        }
    }

    @Test("unknown, malformed and revoked tokens open nothing; --only refuses unknown and withdrawn ids, writing nothing")
    func refusals() async throws {
        try await withStore { store, db in
            try await WebFixture.load(store)
            let sessions = WebSessions(store: store)
            #expect(try await sessions.open(token: LinkSecret.random(), kind: .candidate, currentSessionID: nil) == nil)
            #expect(try await sessions.open(token: "short", kind: .candidate, currentSessionID: nil) == nil)
            #expect(try await sessions.resume(sessionID: "x' OR 1=1 --") == nil)
            try await store.catalog.withdrawCandidate(cycle: "tiny", id: "c-c", reason: "moved away")
            let before = try await WebFixture.snapshot(db)
            let invitations = Invitations(store: store)
            await #expect(throws: EndorseError(.notFound, "no candidate c-zz in cycle tiny", at: "c-zz")) {
                try await invitations.issue(cycle: "tiny", mode: .invite, only: ["c-a", "c-zz"])
            }
            await #expect(throws: EndorseError(.wrongState, "candidate c-c has withdrawn", at: "c-c")) {
                try await invitations.issue(cycle: "tiny", mode: .invite, only: ["c-c"])
            }
            #expect(try await WebFixture.snapshot(db) == before)
            #expect(try await invitations.issue(cycle: "tiny", mode: .invite).map(\.candidate) == ["c-a", "c-b"])
        }
    }

    @Test("a link opens only the pages of its kind: an org's link on /q opens nothing and starts no session")
    func kinds() async throws {
        try await withStore { store, db in
            try await WebFixture.load(store)
            _ = try await store.catalog.importOrgs(Catalog.bytes("id,name,weight,contact_email\norg-a,Org A,1,\n"), file: "orgs.csv")
            let token = LinkSecret.random()
            let hash = ByteBuffer(bytes: LinkSecret.hash(token))
            try await db.withConnection { conn in
                try await conn.query("""
                    INSERT INTO access_links (cycle, org, name, kind, token_sha256, actor)
                    VALUES ('tiny', 'org-a', 'invite-1', 'invite', \(hash), 'test')
                    """, logger: TestDatabase.logger)
            }
            let before = try await WebFixture.snapshot(db)
            #expect(try await WebSessions(store: store).open(token: token, kind: .candidate, currentSessionID: nil) == nil)
            #expect(try await WebFixture.snapshot(db) == before)
            let opened = try await WebSessions(store: store).open(token: token, kind: .org, currentSessionID: nil)
            #expect(opened?.session.actor == "org:org-a/invite-1")
        }
    }
}
