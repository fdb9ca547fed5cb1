import ArgumentParser
import EndorseCore
import EndorseStore

/// `endorse review ...`: rubric points for free-text answers.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review free-text answers; list the ones still waiting.",
        discussion: """
            Example:
              endorse review add --cycle sample-2026 --candidate c-ana-ruiz --question q-sped-plan --points 4 --reviewer dana.whitfield
              endorse review pending --cycle sample-2026
            """,
        subcommands: [Add.self, Pending.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record a reviewer's rubric points for a candidate's current text answer.",
            discussion: """
                Refused for a question that is not free text, points outside 0..max_points, or \
                an unanswered question. A reviewer's later review of the same answer replaces \
                the earlier one in scoring.

                Example:
                  endorse review add --cycle sample-2026 --candidate c-ana-ruiz --question q-restorative --points 3 --reviewer dana.whitfield --note "clear plan"
                """
        )

        @OptionGroup var scope: CycleScope
        @Option(help: "The candidate id.") var candidate: String
        @Option(help: "The text question id.") var question: String
        @Option(help: "Rubric points, 0..max_points.") var points: Int
        @Option(help: "Who reviewed.") var reviewer: String
        @Option(help: "An optional note.") var note: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let r = try await store.withStore { s in
                try await s.answers.addReview(cycle: scope.cycle, candidate: candidate, question: question, points: points,
                                      reviewer: reviewer, note: note)
            }
            Console.out("review \(r.id) recorded: \(candidate) \(question) (answer version \(r.answerVersion)) \(points) points by \(reviewer)\n")
        }
    }

    struct Pending: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pending",
            abstract: "Text answers still waiting for a review.",
            discussion: """
                Example:
                  endorse review pending --cycle sample-2026
                """
        )

        @OptionGroup var scope: CycleScope
        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let list = try await store.withStore { s in try await s.answers.pendingReviews(cycle: scope.cycle) }
            if output.isJSON {
                Console.json(.object(["cycle": .string(scope.cycle), "pending": .array(list.map { p in
                    .object(["candidate": .string(p.candidate), "race": .string(p.race), "question": .string(p.question)])
                })]))
                return
            }
            if list.isEmpty { Console.out("no text answer is waiting for a review\n"); return }
            var t = TextTable(["race", "candidate", "question"])
            for p in list { t.append([p.race, p.candidate, p.question]) }
            Console.out(t.render())
        }
    }
}
