import ArgumentParser
import EndorseCore

@main
struct Endorse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endorse",
        abstract: "Endorse candidates for an elected school board: score, vote, tally, publish.",
        subcommands: []
    )
}
