import ArgumentParser
import EndorseCore
import EndorseStore
import Foundation

/// `endorse audit ...`: the hash-chained audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show and verify the hash-chained audit log.",
        discussion: """
            Example:
              endorse audit verify
            """,
        subcommands: [AuditLogCommand.self, AuditVerifyCommand.self]
    )
}

/// `endorse audit log [--cycle C]`.
struct AuditLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List audit events in order, of one cycle or all.",
        discussion: """
            The table shows id, time, actor, action, cycle, subject and the details JSON. \
            --format json prints an array of {"id", "at", "actor", "action", "cycle", \
            "subject", "details", "prev_hash", "hash"}.

            Example:
              endorse audit log --cycle sample-2026
            """
    )

    @Option(help: "Only events of this cycle.")
    var cycle: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() async throws {
        let cycle = self.cycle
        let events = try await store.withStore { s in try await s.audit.auditEvents(cycle: cycle) }
        if output.isJSON {
            Console.json(.array(events.map(\.json)))
            return
        }
        var table = TextTable(["id", "at", "actor", "action", "cycle", "subject", "details"],
                              alignments: [.right, .left, .left, .left, .left, .left, .left])
        for e in events {
            table.append([String(e.id), e.at, e.actor, e.action, e.cycle ?? "", e.subject ?? "", e.details])
        }
        Console.out(table.render())
    }
}

/// `endorse audit verify`.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the audit log's hash chain; exit 1 naming the first broken event.",
        discussion: """
            Prints "audit log intact: N events" and exits 0, or names on stderr the id of the \
            first event whose hash does not follow from its predecessor and exits 1. Also checks \
            that every ballot version has its audit event: a ballot written around the service \
            is reported (exit 1).

            Example:
              endorse audit verify
            """
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let check = try await store.withStore { s in try await s.audit.verifyAudit() }
        if let broken = check.firstBroken {
            Console.fail(EndorseError(.tampered,
                "audit log broken: event \(broken) does not follow from its predecessor", at: "audit_log id \(broken)"))
        }
        if !check.unaudited.isEmpty {
            Console.fail(EndorseError(.tampered,
                "\(check.unauditedCount) ballot versions have no audit event (written around the service?)",
                at: "ballots", details: check.unaudited))
        }
        Console.out("audit log intact: \(check.events) events\n")
    }
}
