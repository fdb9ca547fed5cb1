import ArgumentParser
import EndorseCore
import EndorseStore
import Foundation

/// `endorse demo [--out DIR] [--config DIR]`.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole cycle on the bundled sample and publish a verified slate.",
        discussion: """
            Follows config/README.md step by step on a fresh database `endorse_demo` (dropped \
            and recreated on every run, on the managed cluster or the --database-url server; \
            your own database is never touched): cycle load, org import, candidate import, \
            answers import, reviews, a withdrawal, a recusal, score, vote open --all, vote \
            import, vote close --all, decide per race (district-9 has no quorum: no endorsement, \
            with a reason), key generate (a fresh demo key in $ENDORSE_HOME/demo-keys), slate \
            publish into --out, slate verify. The sample is found in config/ above the current \
            folder or the executable, or with --config DIR.

            Example:
              endorse demo --out demo-out
            """
    )

    @Option(help: "Folder for the slate, its signature and coalition.pub (default: ./demo-out).")
    var out: String = "demo-out"

    @Option(help: "Folder holding the sample (default: config/ above the current folder or the executable).")
    var config: String?

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let cwd = FileManager.default.currentDirectoryPath
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let configDir = try Demo.findConfig(explicit: config, startingAt: [cwd, executable])
        let keys = (store.database.resolvedHome as NSString).appendingPathComponent("demo-keys")
        let paths = Demo.Paths(config: configDir, out: out, keys: keys)
        let logger = store.database.logger()
        let base = try store.database.config()
        let fresh = try await Demo.freshDatabase(base, logger: logger)
        let actor = store.actor.flatMap { $0.isEmpty ? nil : $0 } ?? "endorse-demo"
        // Step-by-step progress goes to stderr only when it is a terminal (cli.md).
        let progress = Console.showsProgress
        if progress { Console.error("demo: fresh database \(Demo.databaseName); sample from \(configDir)") }
        let report = try await Database.withDatabase(fresh, logger: logger) { db in
            try await Store(db: db).acting(as: actor).runDemo(paths) { line in
                if progress { Console.error("  \(line)") }
            }
        }
        Console.out(Self.summary(report))
    }

    static func summary(_ r: Demo.Report) -> String {
        var endorsed = TextTable(["race", "endorsed"])
        var none: [String] = []
        for race in r.races {
            if race.endorsed.isEmpty {
                none.append(race.outcome == "no_endorsement" ? race.race : "\(race.race) (\(race.outcome))")
            } else {
                endorsed.append([race.race, race.endorsed.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")])
            }
        }
        return """
            Sample City 2026: \(endorsed.rows.count) races endorsed, \(none.count) with no endorsement.

            \(endorsed.render())
            No endorsement: \(none.joined(separator: ", "))

            slate:       \(r.slate.slate) (version \(r.version))
            signature:   \(r.slate.signature)
            public key:  \(r.slate.publicKey)
            secret key:  \(r.secretKey)
            verified:    \(r.verification.summary)
            audit log:   \(r.auditEvents) events, \(r.auditIntact ? "intact" : "BROKEN")
            check it yourself: signify-openbsd -V -p \(r.slate.publicKey) -m \(r.slate.slate)

            """
    }
}
