import ArgumentParser
import EndorseCore
import Foundation

@main
struct Endorse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endorse",
        abstract: "Endorse candidates for an elected school board: score, vote, tally, publish.",
        discussion: """
            Staff load the coalition's cycle file, import candidates, answers and member orgs, \
            score, open and close voting, tally, decide, and publish a signed slate.

            Example:
              endorse cycle check config/sample-2026.yaml
            """,
        subcommands: Endorse.allSubcommands
    )

    /// Runs the command; maps errors to the exit codes of formats.md (1 refused, 2 usage,
    /// 3 database unreachable) instead of ArgumentParser's own (64 for usage).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as EndorseError {
            Console.fail(error)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Console.error(fullMessage(for: error))
            // ArgumentParser's usage errors (validationFailure, 64) become 2, as grep does.
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
