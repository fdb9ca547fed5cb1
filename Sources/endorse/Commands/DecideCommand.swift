import ArgumentParser
import EndorseCore
import EndorseStore

/// `endorse decide`: record staff's decision on a closed race (voting.md, "Decisions").
struct DecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record the decision of a closed race from its tally.",
        discussion: """
            Without --endorse or --no-endorsement, accepts the tally's result (endorsed or \
            no_endorsement). A tie or no quorum needs an explicit choice and --reason. Recording \
            anything other than the tally's result needs --override and --reason. The decision \
            stores the tally JSON and its sha256 and the endorsed candidates' scores.

            Example:
              endorse decide --cycle sample-2026 --race district-1
              endorse decide --cycle sample-2026 --race district-9 --no-endorsement --reason "tie; no consensus"
              endorse decide --cycle sample-2026 --race at-large --endorse c-a,c-b --override --reason "dual endorsement"
            """
    )

    @OptionGroup var scope: RaceScope
    @Option(help: "Candidates to endorse, in slate order: A,B") var endorse: String?
    @Flag(help: "Endorse nobody in this race.") var noEndorsement = false
    @Flag(help: "Contradict an endorsed or no_endorsement tally (needs --reason).") var override = false
    @Option(help: "Why (required unless simply accepting the tally).") var reason: String?
    @OptionGroup var output: FormatOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if endorse != nil && noEndorsement {
            throw ValidationError("give at most one of --endorse and --no-endorsement")
        }
    }

    func run() async throws {
        let choice: DecisionRequest.Choice = endorse.map { .endorse(VoteCommand.ids($0)) }
            ?? (noEndorsement ? .noEndorsement : .accept)
        let request = DecisionRequest(choice: choice, override: override, reason: reason)
        let d = try await store.withStore { s in try await s.decisions.decide(cycle: scope.cycle, race: scope.race, request: request) }
        if output.isJSON { Console.json(d.json); return }
        let what = d.record.endorsed.isEmpty ? "no endorsement" : "endorsed " + d.record.endorsed.joined(separator: ", ")
        Console.out("decided \(scope.race): \(what) (tally \(d.record.outcome.rawValue)\(d.record.override ? ", override" : ""))\n")
    }
}

/// `endorse rescind`: withdraw one endorsement as a new decision (history kept).
struct RescindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescind",
        abstract: "Rescind one endorsement of a decided race (a new decision with a reason).",
        discussion: """
            The earlier decision stays in the history; the slate lists the rescission. A race \
            whose only endorsement is rescinded shows no endorsement.

            Example:
              endorse rescind --cycle sample-2026 --race district-4 --candidate c-x --reason "withdrew support for the platform"
            """
    )

    @OptionGroup var scope: RaceScope
    @Option(help: "The endorsed candidate to rescind.") var candidate: String
    @Option(help: "Why.") var reason: String
    @OptionGroup var output: FormatOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let d = try await store.withStore { s in
            try await s.decisions.rescind(cycle: scope.cycle, race: scope.race, candidate: candidate, reason: reason)
        }
        if output.isJSON { Console.json(d.json); return }
        let left = d.record.endorsed.isEmpty ? "no endorsement left" : "still endorsed: " + d.record.endorsed.joined(separator: ", ")
        Console.out("rescinded \(candidate) in \(scope.race); \(left)\n")
    }
}
