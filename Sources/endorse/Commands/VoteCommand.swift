import ArgumentParser
import EndorseCore
import EndorseStore

/// `endorse vote ...`: open, cast, import, close, reopen and status (voting.md).
struct VoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vote",
        abstract: "Open and close voting on races, enter ballots, and follow turnout.",
        discussion: """
            A race opens with a snapshot of its ballot (the candidates eligible by score, plus \
            staff inclusions with a reason) and of the org roster (weights, active, recused). \
            Orgs then have one ballot per race, which they may replace while it is open.

            Example:
              endorse vote open --cycle sample-2026 --all
              endorse vote cast --cycle sample-2026 --race district-1 --org org-ctu --rank c-a,c-b
              endorse vote close --cycle sample-2026 --all
            """,
        subcommands: [Open.self, Cast.self, Withdraw.self, Import.self, Close.self, Reopen.self, Status.self]
    )

    /// Splits `A,B` into ids (blanks dropped; an empty list is refused by the ballot rules).
    static func ids(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    struct RaceSelection: ParsableArguments {
        @Option(help: "The race id.") var race: String?
        @Flag(help: "Every race of the cycle (races already in the target state are skipped).") var all = false

        func validate() throws {
            if (race == nil) == !all {
                throw ValidationError("give exactly one of --race R or --all")
            }
        }
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open",
            abstract: "Open voting: snapshot the ballot (eligible candidates) and the org roster.",
            discussion: """
                The race must be draft (use vote reopen for a closed or decided one). --include \
                puts a candidate who is not eligible by score on the ballot; each --include needs \
                its own --reason, in the same order. A race with no eligible candidate opens \
                with a warning: only no-endorsement and abstention ballots are then possible.

                Example:
                  endorse vote open --cycle sample-2026 --race district-1
                  endorse vote open --cycle sample-2026 --race district-2 --include c-x --reason "board vote of 9 May"
                """
        )

        @OptionGroup var scope: CycleScope
        @OptionGroup var selection: RaceSelection
        @Option(help: "A candidate to include on the ballot (repeatable).") var include: [String] = []
        @Option(help: "Why the matching --include is on the ballot (repeatable, same order).") var reason: [String] = []
        @OptionGroup var output: FormatOptions
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if include.count != reason.count {
                throw ValidationError("each --include needs its own --reason (\(include.count) --include, \(reason.count) --reason)")
            }
        }

        func run() async throws {
            let includes = zip(include, reason).map { BallotInclusion(candidate: $0.0, reason: $0.1) }
            let race = selection.race
            let opened = try await store.withStore { s in
                try await s.voting.openVoting(cycle: scope.cycle, race: race, includes: includes)
            }
            for o in opened { for w in o.warnings { Console.error("warning: \(w)") } }
            if output.isJSON {
                Console.json(.array(opened.map {
                    .object(["race": .string($0.race), "ballot": .strings($0.ballot), "included": .strings($0.included),
                             "roster": .int($0.rosterSize), "eligible_weight": .int($0.eligibleWeight)])
                }))
                return
            }
            if opened.isEmpty { Console.out("no draft race to open\n"); return }
            var t = TextTable(["race", "ballot", "roster", "eligible weight"], alignments: [.left, .left, .right, .right])
            for o in opened {
                t.append([o.race, o.ballot.map { o.included.contains($0) ? $0 + "+" : $0 }.joined(separator: ", "),
                          String(o.rosterSize), String(o.eligibleWeight)])
            }
            Console.out(t.render())
            if opened.contains(where: { !$0.included.isEmpty }) { Console.out("+ included by staff\n") }
        }
    }

    struct Cast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cast",
            abstract: "Enter an org's ballot for it (a proxy, recorded as such).",
            discussion: """
                Exactly one of --rank (irv, stv; threshold: one id), --approve (approval), \
                --no-endorsement or --abstain. Casting again replaces the org's ballot while the \
                race is open; every version is kept.

                Example:
                  endorse vote cast --cycle sample-2026 --race district-1 --org org-ctu --rank c-a,c-b --proxy-note "delegates' meeting"
                """
        )

        @OptionGroup var scope: RaceScope
        @Option(help: "The org id.") var org: String
        @Option(help: "A ranking, most preferred first: A,B,...") var rank: String?
        @Option(help: "An approval set: A,B,...") var approve: String?
        @Flag(help: "A vote against endorsing anyone in this race.") var noEndorsement = false
        @Flag(help: "Present, not voting.") var abstain = false
        @Option(help: "A note on the proxy (e.g. which meeting).") var proxyNote: String?
        @OptionGroup var output: FormatOptions
        @OptionGroup var store: StoreOptions

        var choice: BallotChoice? {
            var choices: [BallotChoice] = []
            if let rank { choices.append(.ranking(VoteCommand.ids(rank))) }
            if let approve { choices.append(.approve(VoteCommand.ids(approve))) }
            if noEndorsement { choices.append(.noEndorsement) }
            if abstain { choices.append(.abstain) }
            return choices.count == 1 ? choices[0] : nil
        }

        func validate() throws {
            if choice == nil {
                throw ValidationError("give exactly one of --rank, --approve, --no-endorsement, --abstain")
            }
        }

        func run() async throws {
            guard let choice else { return }
            let r = try await store.withStore { s in
                try await s.ballots.cast(cycle: scope.cycle, race: scope.race, org: org, choice: choice, proxyNote: proxyNote)
            }
            if output.isJSON { Console.json(r.json); return }
            Console.out("\(r.replaced ? "replaced" : "cast"): \(org) in \(scope.race), version \(r.version) (\(r.kind), entered by staff)\n")
        }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "withdraw",
            abstract: "Withdraw an org's ballot while the race is open (a new version; the org then has none).",
            discussion: """
                Example:
                  endorse vote withdraw --cycle sample-2026 --race district-1 --org org-ctu
                """
        )

        @OptionGroup var scope: RaceScope
        @Option(help: "The org id.") var org: String
        @OptionGroup var output: FormatOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let r = try await store.withStore { s in try await s.ballots.withdraw(cycle: scope.cycle, race: scope.race, org: org) }
            if output.isJSON { Console.json(r.json); return }
            Console.out("withdrawn: \(org) in \(scope.race), version \(r.version)\n")
        }
    }
}
