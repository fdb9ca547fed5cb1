import EndorseCore
import EndorseHTTP
import EndorseStore
import Foundation
import Testing

@Suite("Invitation email")
struct InvitationMailTests {
    static let cycle: Cycle = {
        let yaml = PageFixture.yaml(closes: "2026-09-15T23:59:00-05:00")
        return (try? CycleFile.parse(Array(yaml.utf8), file: "tiny.yaml"))
            ?? Cycle(id: "x", name: "x", electionDate: "2026-11-03", coalition: Coalition(name: "x"), races: [], platform: [], questionnaire: [])
    }()

    static let link = IssuedLink(candidate: "c-a", name: "Ana Álvarez", email: "ana@example.com", race: "r1",
                                 linkName: "invite-1", token: "T")

    @Test("one plain-text message in the cycle's languages, default first, with the link and the deadline")
    func bilingual() throws {
        let message = try #require(InvitationMail(link: Self.link, url: "https://e.org/q/TOKEN", reminder: false,
                                                  from: "Coalition <c@example.org>").message(cycle: Self.cycle))
        let (head, body) = try #require(message.split(separator: "\n\n", maxSplits: 1).map(String.init).pairs)
        #expect(head.contains("From: Coalition <c@example.org>"))
        #expect(head.contains("To: =?UTF-8?B?") && head.contains("<ana@example.com>"))
        #expect(head.contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(head.contains("Content-Language: en, es"))
        #expect(body.contains("Dear Ana Álvarez,"))
        #expect(body.contains("Tiny Coalition invites you to answer its candidate questionnaire for Tiny Election (Race 1)."))
        #expect(body.contains("Estimado/a Ana Álvarez:"))
        #expect(body.contains("para Elección Pequeña (Contienda 1)"))
        #expect(body.components(separatedBy: "https://e.org/q/TOKEN").count == 3)
        #expect(body.contains("Answers close on September 15, 2026, 11:59 PM (UTC−05:00)."))
        #expect(body.contains("15 de septiembre de 2026, 23:59 (UTC−05:00)"))
        let english = body.range(of: "Dear")?.lowerBound, spanish = body.range(of: "Estimado")?.lowerBound
        #expect(english != nil && spanish != nil && english! < spanish!)
    }

    @Test("no address, no message; a cycle of plain strings gets English alone; a reminder says so")
    func variants() throws {
        var noEmail = Self.link
        noEmail.email = nil
        #expect(InvitationMail(link: noEmail, url: "u", reminder: false).message(cycle: Self.cycle) == nil)
        var plain = Self.cycle
        plain.name = "Plain"
        plain.races = plain.races.map { var r = $0; r.name = LocalizedText(r.name.default); return r }
        plain.platform = plain.platform.map { var p = $0; p.title = LocalizedText(p.title.default); return p }
        plain.questionnaire = []
        #expect(InvitationMail.languages(of: plain) == [.en])
        let reminder = try #require(InvitationMail(link: Self.link, url: "u", reminder: true).message(cycle: Self.cycle))
        #expect(reminder.contains("This is a reminder") && reminder.contains("Le recordamos"))
    }

    @Test("an org's mail: its ballot link, both languages, no questionnaire deadline; a reminder names no race or vote")
    func org() throws {
        let link = IssuedLink(candidate: "org-a", name: "Org A", email: "a@example.org", race: "", linkName: "invite-1",
                              token: "T", kind: .org)
        let message = try #require(InvitationMail(link: link, url: "https://e.org/b/TOKEN", reminder: false)
            .message(cycle: Self.cycle))
        #expect(message.contains("Subject: Endorsement ballots: Tiny Election / Boletas de respaldo: Elecci") ||
                message.contains("Subject: =?UTF-8?B?"))
        #expect(message.contains("Tiny Coalition invites your organization to cast its endorsement ballots for Tiny Election."))
        #expect(message.contains("invita a su organización a emitir sus boletas de respaldo para Elección Pequeña."))
        #expect(message.components(separatedBy: "https://e.org/b/TOKEN").count == 3)
        #expect(!message.contains("Answers close") && !message.contains("questionnaire"))
        let reminder = try #require(InvitationMail(link: link, url: "u", reminder: true).message(cycle: Self.cycle))
        #expect(reminder.contains("has not yet cast a ballot in every open race of Tiny Election"))
        #expect(!reminder.contains("Race 1") && !reminder.contains("rank"))
    }
}

extension Array where Element == String {
    var pairs: (String, String)? { count == 2 ? (self[0], self[1]) : nil }
}
