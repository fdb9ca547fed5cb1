import EndorseCore
import EndorseStore
import Foundation

/// The plain-text email carrying a candidate's personal link (web.md: "in the cycle's
/// languages"). Candidates.csv has no language column, so one message carries every language
/// of the cycle that the pages speak, the cycle's default first (English alone when the cycle's
/// texts are plain strings); each part names the cycle and race in its own language.
public struct InvitationMail: Sendable {
    public var link: IssuedLink
    public var url: String
    public var reminder: Bool
    /// `From:`; nil leaves it to the mail system.
    public var from: String?

    public init(link: IssuedLink, url: String, reminder: Bool, from: String? = nil) {
        self.link = link
        self.url = url
        self.reminder = reminder
        self.from = from
    }

    /// The languages of the message, in order.
    public static func languages(of cycle: Cycle) -> [WebLanguage] {
        let chosen = cycle.languages.compactMap(WebLanguage.init(rawValue:))
        return chosen.isEmpty ? [.en] : chosen
    }

    /// The whole message (headers, blank line, body), for `sendmail -t -i`; nil without an
    /// address.
    public func message(cycle: Cycle) -> String? {
        guard let to = link.email, !to.isEmpty else { return nil }
        let languages = Self.languages(of: cycle)
        let org = link.kind == .org
        let subjectKey = org ? (reminder ? "mailOrgSubjectRemind" : "mailOrgSubject")
            : (reminder ? "mailSubjectRemind" : "mailSubject")
        let subject = languages.map { WebCatalog.text(subjectKey, $0, cycle.name.text(for: $0.rawValue)) }
            .joined(separator: " / ")
        var headers: [String] = []
        if let from { headers.append("From: \(from)") }
        headers += [
            "To: \(Self.encodeWord(link.name)) <\(to)>",
            "Subject: \(Self.encodeWord(subject))",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "Content-Language: \(languages.map(\.rawValue).joined(separator: ", "))",
        ]
        let parts = languages.map { body($0, cycle: cycle) }
        return headers.joined(separator: "\n") + "\n\n" + parts.joined(separator: "\n\n----------\n\n") + "\n"
    }

    func body(_ language: WebLanguage, cycle: Cycle) -> String {
        let t = { (key: String, args: [String]) in WebCatalog.text(key, language, args: args) }
        let cycleName = cycle.name.text(for: language.rawValue)
        let race = cycle.race(link.race)?.name.text(for: language.rawValue) ?? link.race
        if link.kind == .org {
            return [t("mailHello", [link.name]), "",
                    t(reminder ? "mailOrgRemind" : "mailOrgInvite", [cycle.coalition.name, cycleName]), "",
                    t("mailLink", []), url, "", t("mailOrgHow", []), "", t("mailOrgKeep", []), "",
                    "— \(cycle.coalition.name)"].joined(separator: "\n")
        }
        var lines = [
            t("mailHello", [link.name]),
            "",
            t(reminder ? "mailRemind" : "mailInvite", [cycle.coalition.name, cycleName, race]),
            "",
            t("mailLink", []),
            url,
            "",
            t("mailHow", []),
        ]
        if let closes = cycle.questionnaireCloses {
            lines.append(t("mailDeadline", [WebDates.deadline(closes, language)]))
        }
        lines += ["", t("mailKeep", []), "", "— \(cycle.coalition.name)"]
        return lines.joined(separator: "\n")
    }

    /// RFC 2047 encoded words (`=?UTF-8?B?...?=`, folded, each under 76 characters) for a
    /// header text that is not plain ASCII or holds characters special in addresses.
    static func encodeWord(_ text: String) -> String {
        let specials = Set(",;:<>@()[]\"\\".utf8)
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && !specials.contains($0) }) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for c in text {
            let bytes = Array(String(c).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\n ")
    }
}
