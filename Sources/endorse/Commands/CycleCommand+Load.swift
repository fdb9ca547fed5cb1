import ArgumentParser
import EndorseCore
import EndorseStore

extension CycleCommand {
    /// `endorse cycle load FILE`: validate, then create or update the cycle in the database.
    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "load",
            abstract: "Validate a cycle file and load it (or update the loaded cycle).",
            discussion: """
                The whole file is validated before anything is written. Loading the same file \
                again changes nothing ("unchanged", no audit event). An edited file updates \
                races, planks, questions and options in place; an edit that would invalidate \
                recorded answers, reviews or ballots (removing a question that has answers, \
                changing a race's method or seats after voting opened, ...) is refused with \
                every reason listed, and nothing changes.

                Example:
                  endorse cycle load config/sample-2026.yaml
                """
        )

        @Argument(help: "The cycle file (YAML).")
        var file: String

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let bytes = try InputFile.read(file, what: "cycle file")
            let result = try await store.withStore { s in try await s.catalog.loadCycle(bytes, file: file) }
            if output.isJSON {
                Console.json(.object(["cycle": .string(result.cycle), "outcome": .string(result.outcome.rawValue),
                                      "changes": .strings(result.changes)]))
                return
            }
            switch result.outcome {
            case .created: Console.out("cycle \(result.cycle) loaded\n")
            case .unchanged: Console.out("cycle \(result.cycle) unchanged\n")
            case .updated:
                Console.out("cycle \(result.cycle) updated\n")
                for change in result.changes { Console.out("  \(change)\n") }
            }
        }
    }
}
