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
              endorse answers status --cycle sample-2026
            """,
        subcommands: [Import.self, History.self, Status.self]
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

extension AnswersCommand {
    /// `endorse answers status`: who has been invited, opened their link, saved a draft, submitted.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Per candidate: invited, opened, draft, submitted, with times (whom to chase).",
            discussion: """
                Status is the furthest stage reached: not_invited, invited, opened, draft or \
                submitted (answers by any entry path). Times are UTC. A draft's content is never \
                shown. --format json prints {"cycle", "candidates": [{"id", "race", "name", \
                "email", "status", "withdrawn", "revoked", "invited_at", "opened_at", \
                "draft_saved_at", "submitted_at"}]}.

                Example:
                  endorse answers status --cycle sample-2026 --format json
                """
        )

        @Option(help: "The cycle id.") var cycle: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let rows = try await store.withStore { s in try await AnswersStatus(store: s).rows(cycle: cycle) }
            if output.isJSON {
                Console.json(.object(["cycle": .string(cycle), "candidates": .array(rows.map { r in
                    .object(["id": .string(r.candidate), "race": .string(r.race), "name": .string(r.name),
                             "email": .optional(r.email), "status": .string(r.stage.rawValue),
                             "withdrawn": .bool(r.withdrawn), "revoked": .bool(r.revoked),
                             "invited_at": .optional(r.invitedAt), "opened_at": .optional(r.openedAt),
                             "draft_saved_at": .optional(r.draftSavedAt), "submitted_at": .optional(r.submittedAt)])
                })]))
                return
            }
            var t = TextTable(["id", "race", "status", "invited", "opened", "draft", "submitted"])
            for r in rows {
                var stage = r.stage.rawValue.replacingOccurrences(of: "_", with: " ")
                if r.withdrawn { stage += " (withdrawn)" } else if r.revoked { stage += " (revoked)" }
                t.append([r.candidate, r.race, stage, r.invitedAt ?? "-", r.openedAt ?? "-",
                          r.draftSavedAt ?? "-", r.submittedAt ?? "-"])
            }
            Console.out(t.render())
            let counts = Dictionary(grouping: rows, by: \.stage).mapValues(\.count)
            let order: [AnswersStatusRow.Stage] = [.submitted, .draft, .opened, .invited, .notInvited]
            Console.out("\n" + order.map { "\(counts[$0] ?? 0) \($0.rawValue.replacingOccurrences(of: "_", with: " "))" }
                .joined(separator: ", ") + "\n")
        }
    }
}
