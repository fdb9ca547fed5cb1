import ArgumentParser
import EndorseCore
import EndorseStore

/// `endorse candidate ...`: the candidates of a cycle.
struct CandidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "candidate",
        abstract: "Import, list and withdraw the candidates of a cycle.",
        discussion: """
            Example:
              endorse candidate import --cycle sample-2026 config/candidates.csv
              endorse candidate list --cycle sample-2026
            """,
        subcommands: [Import.self, List.self, Withdraw.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import candidates.csv into a cycle (upsert by id, all-or-nothing).",
            discussion: """
                Columns id,race,name,ballot_name,incumbent,email,website; id, race and name \
                required, the race must be one of the cycle's, incumbent true/false/empty.

                Example:
                  endorse candidate import --cycle sample-2026 config/candidates.csv
                """
        )

        @OptionGroup var input: CycleImport

        func run() async throws {
            let (bytes, file, cycle) = (try input.bytes(), input.file, input.cycle)
            let r = try await input.store.withStore { s in try await s.catalog.importCandidates(cycle: cycle, bytes, file: file) }
            Console.out("\(r.rows) candidates in \(file): \(r.created) created, \(r.updated) updated, \(r.unchanged) unchanged\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List a cycle's candidates (race order, then id).",
            discussion: """
                Example:
                  endorse candidate list --cycle sample-2026 --format json
                """
        )

        @OptionGroup var scope: CycleScope
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let list = try await store.withStore { s in try await s.catalog.candidates(cycle: scope.cycle) }
            if output.isJSON {
                Console.json(.array(list.map { c in
                    .object(["id": .string(c.id), "race": .string(c.race), "name": .string(c.name),
                             "ballot_name": .string(c.ballotName ?? c.name),
                             "incumbent": c.incumbent.map(JSONValue.bool) ?? .null,
                             "email": .optional(c.email), "website": .optional(c.website),
                             "withdrawn": .bool(c.withdrawn), "withdraw_reason": .optional(c.withdrawReason)])
                }))
                return
            }
            var t = TextTable(["id", "race", "name", "ballot name", "incumbent", "withdrawn"])
            for c in list {
                t.append([c.id, c.race, c.name, c.ballotName ?? c.name,
                          c.incumbent.map { $0 ? "yes" : "no" } ?? "", c.withdrawn ? "yes" : ""])
            }
            Console.out(t.render())
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "withdraw",
            abstract: "Record that a candidate withdrew (kept, scored as withdrawn).",
            discussion: """
                Example:
                  endorse candidate withdraw --cycle sample-2026 c-victor-alvarado --reason "withdrew from the race"
                """
        )

        @OptionGroup var scope: CycleScope
        @Argument(help: "The candidate id.") var id: String
        @Option(help: "Why (recorded).") var reason: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withStore { s in try await s.catalog.withdrawCandidate(cycle: scope.cycle, id: id, reason: reason) }
            Console.out("\(id) withdrawn\n")
        }
    }
}
