import ArgumentParser
import EndorseCore
import EndorseHTTP
import EndorseStore
import Foundation

/// Who gets links: candidates (questionnaire pages `/q/...`) or member orgs (ballot pages `/b/...`).
enum LinkRecipients: String, EnumerableFlag {
    case candidates, orgs
}

/// The options `invite` and `remind` share (web.md pinned details).
struct LinkOptions: ParsableArguments {
    @Option(help: "The cycle id.") var cycle: String
    @Flag(help: "Whom to give links to.") var recipients: LinkRecipients
    @Option(help: ArgumentHelp("Only these ids, comma-separated.", valueName: "ids"))
    var only: String?
    @Option(help: ArgumentHelp("Base of the links (default: $ENDORSE_BASE_URL, else http://$ENDORSE_HOST:$ENDORSE_PORT).",
                               valueName: "url"))
    var baseURL: String?
    @Flag(help: "Send one email per recipient through $ENDORSE_SENDMAIL (default /usr/sbin/sendmail) -t -i.")
    var send = false
    @Option(help: ArgumentHelp("Write the mail-merge CSV (id,name,email,link) to this file instead of stdout.",
                               valueName: "file"))
    var out: String?

    var onlyIDs: [String]? {
        only.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// `--base-url`, else `ENDORSE_BASE_URL`, else `http://<ENDORSE_HOST>:<ENDORSE_PORT>`.
    var resolvedBaseURL: String {
        let env = ProcessInfo.processInfo.environment
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        var base = nonEmpty(baseURL) ?? nonEmpty(env["ENDORSE_BASE_URL"])
            ?? "http://\(nonEmpty(env["ENDORSE_HOST"]) ?? "127.0.0.1"):\(nonEmpty(env["ENDORSE_PORT"]) ?? "8080")"
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// Issues the links, then writes the CSV or sends the mails; recipients without an address
    /// are listed on stderr. Exits 1 when a mail could not be handed to sendmail.
    func run(mode: Invitations.Mode, store: StoreOptions) async throws {
        let base = resolvedBaseURL
        let cycleID = self.cycle
        let (links, cycle) = try await store.withStore { s in
            let invitations = Invitations(store: s)
            let links = recipients == .orgs
                ? try await invitations.issueOrgs(cycle: cycleID, mode: mode, only: onlyIDs)
                : try await invitations.issue(cycle: cycleID, mode: mode, only: onlyIDs)
            return (links, try await s.catalog.cycleOverview(cycleID).cycle)
        }
        let url = { (l: IssuedLink) in "\(base)/\(l.kind == .org ? "b" : "q")/\(l.token)" }
        var csv = "id,name,email,link\n"
        for l in links { csv += [l.candidate, l.name, l.email ?? "", url(l)].map(Self.csvField).joined(separator: ",") + "\n" }
        if let out {
            _ = FileManager.default.createFile(atPath: out, contents: Data(csv.utf8),
                                           attributes: [.posixPermissions: 0o600])
        } else if !send {
            Console.out(csv)
        }
        let noAddress = links.filter { ($0.email ?? "").isEmpty }
        for l in noAddress { Console.error("no email address: \(l.candidate) (\(l.name)); give them the link yourself") }
        guard send else {
            if out != nil { Console.out("\(links.count) links written to \(out ?? "")\n") }
            return
        }
        let sendmail = ProcessInfo.processInfo.environment["ENDORSE_SENDMAIL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "/usr/sbin/sendmail"
        let from = ProcessInfo.processInfo.environment["ENDORSE_MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 }
        var failed: [String] = []
        var sent = 0
        for l in links {
            guard let message = InvitationMail(link: l, url: url(l), reminder: mode == .remind, from: from)
                .message(cycle: cycle) else { continue }
            if let problem = Self.sendmail(sendmail, message) {
                failed.append(l.candidate)
                Console.error("not sent to \(l.candidate) (\(l.email ?? "")): \(problem)")
            } else {
                sent += 1
            }
        }
        Console.out("\(sent) of \(links.count) emails sent; \(noAddress.count) without an address"
                    + (failed.isEmpty ? "" : "; \(failed.count) failed") + "\n")
        if !failed.isEmpty {
            throw EndorseError(.conflict,
                               "\(failed.count) emails could not be sent (the links work; send them with --out)",
                               at: failed.joined(separator: ","))
        }
    }

    /// Runs `sendmail -t -i` with the message on stdin; nil on success, else what went wrong.
    static func sendmail(_ path: String, _ message: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-t", "-i"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch { return "cannot run \(path): \(error.localizedDescription)" }
        input.fileHandleForWriting.write(Data(message.utf8))
        try? input.fileHandleForWriting.close()
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: said, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return "\(path) exited \(process.terminationStatus)" + (text.isEmpty ? "" : ": \(text)")
        }
        return nil
    }

    /// RFC 4180 quoting where needed.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// `endorse invite`: personal links for candidates (web.md "Invitations and access links").
struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Give candidates or member orgs personal links to their pages; revoke links.",
        discussion: """
            Example:
              endorse invite --cycle sample-2026 --candidates --base-url https://endorse.example.org > links.csv
              endorse invite --cycle sample-2026 --candidates --send
              endorse invite --cycle sample-2026 --orgs --send
              endorse invite revoke --cycle sample-2026 --candidate c-ana-ruiz
              endorse invite revoke --cycle sample-2026 --org org-paras
            """,
        subcommands: [Issue.self, Revoke.self],
        defaultSubcommand: Issue.self
    )

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Issue a new link for every candidate (not withdrawn) or active org, or --only some.",
            discussion: """
                Each link (BASE/q/<token> for a candidate, BASE/b/<token> for an org's ballot \
                pages; 32 random bytes, only its SHA-256 is stored) replaces the recipient's \
                earlier links, which stop working. Orgs are mailed at contact_email of orgs.csv. Without --send, prints the \
                mail-merge CSV id,name,email,link (or writes it to --out, mode 0600). With \
                --send, mails each candidate through $ENDORSE_SENDMAIL -t -i (default \
                /usr/sbin/sendmail; From: $ENDORSE_MAIL_FROM when set), in the cycle's languages. \
                Candidates without an email address are listed on stderr.

                Example:
                  endorse invite --cycle sample-2026 --candidates --only c-ana-ruiz,c-marcus-bell --send
                  endorse invite --cycle sample-2026 --orgs --out org-links.csv
                """
        )
        @OptionGroup var links: LinkOptions
        @OptionGroup var store: StoreOptions

        func run() async throws { try await links.run(mode: .invite, store: store) }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "End a candidate's or an org's links and every session opened with them, at once.",
            discussion: """
                Give exactly one of --candidate and --org.

                Example:
                  endorse invite revoke --cycle sample-2026 --candidate c-ana-ruiz
                  endorse invite revoke --cycle sample-2026 --org org-paras
                """
        )
        @Option(help: "The cycle id.") var cycle: String
        @Option(help: "The candidate id.") var candidate: String?
        @Option(help: "The member org id.") var org: String?
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard (candidate == nil) != (org == nil) else {
                throw ValidationError("give exactly one of --candidate and --org")
            }
        }

        func run() async throws {
            let who = candidate ?? org ?? ""
            let n = try await store.withStore { s in
                let invitations = Invitations(store: s)
                if let org { return try await invitations.revokeOrg(cycle: cycle, org: org) }
                return try await invitations.revoke(cycle: cycle, candidate: who)
            }
            Console.out("revoked \(n) link\(n == 1 ? "" : "s") of \(who); their sessions have ended\n")
        }
    }
}

/// `endorse remind`: another link for those who have not answered.
struct RemindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "Give candidates who have not submitted, or orgs that have not voted, an additional link.",
        discussion: """
            Takes the options of invite; earlier links keep working. With --candidates, skips \
            candidates who have submitted answers, who have withdrawn, and whose links were \
            revoked. With --orgs, reminds only active orgs without a ballot in some open race \
            they may vote in, never those whose links were revoked; the mail never says how \
            anyone voted.

            Example:
              endorse remind --cycle sample-2026 --candidates --send
              endorse remind --cycle sample-2026 --orgs --send
            """
    )
    @OptionGroup var links: LinkOptions
    @OptionGroup var store: StoreOptions

    func run() async throws { try await links.run(mode: .remind, store: store) }
}
