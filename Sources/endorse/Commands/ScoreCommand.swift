import ArgumentParser
import EndorseCore
import EndorseStore

/// `endorse score --cycle C`: plank and overall scores and eligibility (scoring.md).
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every candidate of a cycle and show who is eligible for the ballot.",
        discussion: """
            Candidates are sorted by race id, then overall score descending, then id. A score \
            marked * is provisional: a text answer awaits its first review.

            Example:
              endorse score --cycle sample-2026
              endorse score --cycle sample-2026 --format json
            """
    )

    @OptionGroup var scope: CycleScope
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() async throws {
        let report = try await store.withStore { s in try await s.answers.scores(cycle: scope.cycle) }
        if output.isJSON { Console.jsonBytes(report.canonicalJSONBytes) } else { Console.out(report.table) }
    }
}
