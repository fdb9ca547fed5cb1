import ArgumentParser
import EndorseCore
import Foundation

/// `endorse cycle ...`: the cycle file (cycle.md). Further subcommands (`load`, `show`) live in
/// their own files and are listed in `CycleCommand.subcommands`.
struct CycleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle",
        abstract: "Check, load and show an endorsement cycle (races, platform, questionnaire, rules).",
        discussion: """
            A cycle file (YAML) defines one election: its races, the coalition platform, the \
            candidate questionnaire and the voting rules. Every problem in the file is reported \
            at once, each with its line and path (e.g. races[2].method).

            Example:
              endorse cycle check config/sample-2026.yaml
            """,
        subcommands: CycleCommand.subcommands
    )

    /// Every `cycle` subcommand; others add theirs here.
    static let subcommands: [ParsableCommand.Type] = [Check.self, Load.self, Show.self]
}

extension CycleCommand {
    /// `endorse cycle check FILE [--format json]`: validate without a database.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a cycle file without a database and print a summary.",
            discussion: """
                Prints the cycle's races, planks and questions, or every problem in the file \
                (exit 1, nothing is loaded). With --format json, prints the cycle as JSON with \
                defaults filled in.

                Example:
                  endorse cycle check config/sample-2026.yaml
                  endorse cycle check config/sample-2026.yaml --format json
                """
        )

        @Argument(help: "The cycle file (YAML).")
        var file: String

        @OptionGroup var output: FormatOptions

        func run() async throws {
            let cycle = try CycleCommand.readCycle(file)
            if output.isJSON {
                Console.json(CycleSummary.json(cycle))
            } else {
                Console.out(CycleSummary.render(cycle))
            }
        }
    }

    /// Reads and validates a cycle file; throws an `EndorseError` naming the file (unreadable)
    /// or listing every problem (invalid).
    static func readCycle(_ path: String) throws -> Cycle {
        let bytes: [UInt8]
        do {
            bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read cycle file"
                                                                      : "no such cycle file"
            throw EndorseError(.invalidInput, reason, at: path)
        }
        do {
            return try CycleFile.parse(bytes, file: path)
        } catch {
            throw error.asEndorseError()
        }
    }
}
