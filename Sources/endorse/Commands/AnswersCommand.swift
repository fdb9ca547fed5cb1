import ArgumentParser
import EndorseCore
import EndorseStore

/// `endorse answers ...`: questionnaire responses.
struct AnswersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answers",
        abstract: "Import questionnaire answers; show the history of a candidate's answers.",
        discussion: """
            Example:
              endorse answers import --cycle sample-2026 config/answers.csv
              endorse answers history --cycle sample-2026 c-ana-ruiz
            """,
        subcommands: [Import.self, History.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import answers.csv (candidate_id + one column per question id).",
            discussion: """
                Every cell is checked first (all-or-nothing). A re-import replaces each listed \
                candidate's current answers and keeps the previous versions; only changed \
                values get a new version, so unchanged text answers keep their reviews. A \
                missing question column or an empty cell means unanswered.

                Example:
                  endorse answers import --cycle sample-2026 config/answers.csv
                """
        )

        @OptionGroup var input: CycleImport

        func run() async throws {
            let (bytes, file, cycle) = (try input.bytes(), input.file, input.cycle)
            var progress: (@Sendable (Int) -> Void)? = nil
            if Console.showsProgress {
                progress = { @Sendable n in Console.error("answers: \(n) rows checked") }
            }
            let r = try await input.store.withStore { s in
                try await s.answers.importAnswers(cycle: cycle, bytes, file: file, progress: progress)
            }
            Console.out("\(r.rows) candidates in \(file): \(r.written) answer versions written, "
                        + "\(r.candidatesChanged) candidates changed\n")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Every version of every answer of a candidate, with time and actor.",
            discussion: """
                Example:
                  endorse answers history --cycle sample-2026 c-ana-ruiz --format json
                """
        )

        @OptionGroup var scope: CycleScope
        @Argument(help: "The candidate id.") var id: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let versions = try await store.withStore { s in try await s.answers.answerHistory(cycle: scope.cycle, candidate: id) }
            if output.isJSON {
                Console.json(.object(["cycle": .string(scope.cycle), "candidate": .string(id),
                                      "versions": .array(versions.map { v in
                    .object(["question": .string(v.question), "version": .int(v.version),
                             "value": .optional(v.value), "current": .bool(v.current), "at": .string(v.at),
                             "actor": .string(v.actor), "source": .string(v.source)])
                })]))
                return
            }
            var t = TextTable(["question", "version", "current", "at", "actor", "value"])
            for v in versions {
                let value = v.value.map { $0.count > 60 ? String($0.prefix(60)) + "…" : $0 } ?? "(unanswered)"
                t.append([v.question, String(v.version), v.current ? "yes" : "", v.at, v.actor,
                          value.replacingOccurrences(of: "\n", with: " ")])
            }
            Console.out(t.render())
        }
    }
}
