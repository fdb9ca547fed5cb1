import EndorseCore
@testable import EndorseStore
import Foundation
import PostgresNIO
import Testing
import EndorseTestSupport

/// Links for member orgs (`invite --orgs`, `remind --orgs`, `invite revoke --org`), their
/// sessions, and the one ballot write path from a page.
@Suite("Org links, sessions and page ballots")
struct OrgInvitationStoreTests {
    func ballots(_ db: Database) async throws -> Int {
        try await db.withConnection { conn in
            Int(try await conn.query("SELECT count(*)::bigint FROM ballots", logger: TestDatabase.logger)
                .collect().first?.decode(Int64.self) ?? -1)
        }
    }

    @Test("invite --orgs: active orgs get /b links; they open only org sessions; status shows invited and opened")
    func invite() async throws {
        try await withStore { store, db in
            try await TinyFixture.load(store)
            let invitations = Invitations(store: store), sessions = WebSessions(store: store)
            let links = try await invitations.issueOrgs(cycle: "tiny", mode: .invite)
            #expect(links.map(\.candidate) == ["org-a", "org-b", "org-c"])
            #expect(links.allSatisfy { $0.kind == .org && $0.linkName == "invite-1" && $0.race.isEmpty })
            let audit = try await db.auditEvents(cycle: "tiny").last
            #expect(audit?.action == "invite.create" && audit?.details.contains("\"orgs\":[\"org-a\",\"org-b\",\"org-c\"]") == true)
            #expect(try await sessions.open(token: links[0].token, kind: .candidate, currentSessionID: nil) == nil)
            let opened = try #require(try await sessions.open(token: links[0].token, kind: .org, currentSessionID: nil))
            #expect(opened.session.actor == "org:org-a/invite-1")
            let status = try await invitations.orgLinks(cycle: "tiny")
            #expect(status.map(\.org) == ["org-a", "org-b", "org-c"])
            #expect(status.allSatisfy { $0.invitedAt != nil })
            #expect(status.map { $0.openedAt != nil } == [true, false, false])
            await #expect(throws: EndorseError.self) { try await invitations.issueOrgs(cycle: "tiny", mode: .invite, only: ["org-zz"]) }
        }
    }

    @Test("remind --orgs: only orgs without a ballot in an open race they vote in; never revoked ones")
    func remind() async throws {
        try await withStore { store, db in
            try await TinyFixture.load(store)
            let invitations = Invitations(store: store)
            let links = try await invitations.issueOrgs(cycle: "tiny", mode: .invite)
            #expect(try await invitations.issueOrgs(cycle: "tiny", mode: .remind).isEmpty)   // nothing open
            _ = try await store.voting.openVoting(cycle: "tiny", race: "r1")
            _ = try await store.voting.openVoting(cycle: "tiny", race: "r2")
            let sid = try #require(try await WebSessions(store: store).open(token: links[0].token, kind: .org,
                                                                             currentSessionID: nil)?.newSessionID)
            _ = try await store.ballots.putFromPage(sessionID: sid, race: "r1", choice: .ranking(["c-a"]))
            #expect(try await invitations.issueOrgs(cycle: "tiny", mode: .remind).map(\.candidate) == ["org-a", "org-b", "org-c"])
            let stored = try await store.ballots.putFromPage(sessionID: sid, race: "r2", choice: .abstain)
            #expect(stored.version == 1 && stored.org == "org-a")
            let reminded = try await invitations.issueOrgs(cycle: "tiny", mode: .remind)
            #expect(reminded.map(\.candidate) == ["org-b", "org-c"])
            #expect(reminded.map(\.linkName) == ["remind-3", "remind-3"])

            // Revoked: its sessions end at once, a page write is refused and writes nothing,
            // and it is not reminded.
            #expect(try await invitations.revokeOrg(cycle: "tiny", org: "org-a") == 2)
            #expect(try await WebSessions(store: store).resume(sessionID: sid) == nil)
            let before = try await ballots(db)
            await #expect(throws: EndorseError.self) {
                try await store.ballots.putFromPage(sessionID: sid, race: "r1", choice: .abstain)
            }
            #expect(try await ballots(db) == before)
            _ = try await store.voting.closeVoting(cycle: "tiny", race: "r2")
            #expect(try await invitations.revokeOrg(cycle: "tiny", org: "org-b") == 3)
            // r2 closed; org-c is recused from r1, the only open race: nobody is left to remind.
            #expect(try await invitations.issueOrgs(cycle: "tiny", mode: .remind).isEmpty)
            await #expect(throws: EndorseError.self) { try await invitations.revokeOrg(cycle: "tiny", org: "org-b") }
            #expect(try await invitations.orgLinks(cycle: "tiny").map(\.revoked) == [true, true, false])
        }
    }
}
