import ArgumentParser
import EndorseCore
import EndorseStore

/// `endorse org ...`: the coalition's member organisations.
struct OrgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "Import and list member organisations; recuse one from a race.",
        discussion: """
            Example:
              endorse org import config/orgs.csv
              endorse org recuse --cycle sample-2026 --org org-eastside-alliance --race district-3 --reason "conflict of interest"
            """,
        subcommands: [Import.self, Recuse.self, List.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import the coalition-wide roster from orgs.csv (upsert by id, all-or-nothing).",
            discussion: """
                Columns id,name,weight,contact_email[,active]; weight a positive integer \
                (default 1), active true/false (default true). Every bad row is reported as \
                FILE:LINE: column: problem and nothing is imported.

                Example:
                  endorse org import config/orgs.csv
                """
        )

        @Argument(help: "orgs.csv") var file: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let bytes = try InputFile.read(file)
            let r = try await store.withStore { s in try await s.catalog.importOrgs(bytes, file: file) }
            Console.out("\(r.rows) orgs in \(file): \(r.created) created, \(r.updated) updated, \(r.unchanged) unchanged\n")
        }
    }

    struct Recuse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recuse",
            abstract: "Recuse an org from a race for a conflict of interest.",
            discussion: """
                Allowed while the race is draft or open. When the race is open, the org is \
                marked recused in the race's roster snapshot and its current ballot, if any, is \
                withdrawn; it no longer votes or counts in E.

                Example:
                  endorse org recuse --cycle sample-2026 --org org-eastside-alliance --race district-3 --reason "a board member is the sister of a candidate"
                """
        )

        @OptionGroup var scope: RaceScope
        @Option(help: "The org id.") var org: String
        @Option(help: "Why the org is recused.") var reason: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let r = try await store.withStore { s in
                try await s.catalog.recuse(cycle: scope.cycle, org: org, race: scope.race, reason: reason)
            }
            var text = "\(org) recused from \(scope.race) (race \(r.raceState))"
            if r.ballotWithdrawn { text += "; its ballot was withdrawn" }
            Console.out(text + "\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List member organisations with their weights.",
            discussion: """
                Example:
                  endorse org list --format json
                """
        )

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let orgs = try await store.withStore { s in try await s.catalog.orgs() }
            if output.isJSON {
                Console.json(.array(orgs.map { o in
                    .object(["id": .string(o.id), "name": .string(o.name), "weight": .int(Int(o.weight)),
                             "contact_email": .optional(o.contactEmail), "active": .bool(o.active)])
                }))
                return
            }
            var t = TextTable(["id", "name", "weight", "active"], alignments: [.left, .left, .right, .left])
            for o in orgs { t.append([o.id, o.name, String(o.weight), o.active ? "yes" : "no"]) }
            Console.out(t.render())
        }
    }
}
