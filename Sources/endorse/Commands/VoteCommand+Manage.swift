import ArgumentParser
import EndorseCore
import EndorseStore

extension VoteCommand {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import ballots from ballots.jsonl, all-or-nothing.",
            discussion: """
                One JSON object a line naming org and race and one of ranking, approve, \
                no_endorsement or abstain (no weight: the roster gives weights). Every bad line \
                is reported as FILE:LINE: column: problem and nothing is imported. Several lines \
                for one org and race are applied in file order, each as a ballot version; the \
                last one stands. One audit event records the file's sha256 and counts.

                Example:
                  endorse vote import --cycle sample-2026 config/ballots.jsonl
                """
        )

        @OptionGroup var input: CycleImport
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let (bytes, file, cycle) = (try input.bytes(), input.file, input.cycle)
            let r = try await input.store.withStore { s in try await s.ballots.importBallots(cycle: cycle, bytes: bytes, file: file) }
            if output.isJSON { Console.json(r.json); return }
            Console.out("\(r.lines) ballot lines in \(file): \(r.ballots) org ballots in \(r.races.count) races, \(r.replaced) replaced\n")
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: "Close voting on a race, or on every open race.",
            discussion: """
                Example:
                  endorse vote close --cycle sample-2026 --race district-1
                  endorse vote close --cycle sample-2026 --all
                """
        )

        @OptionGroup var scope: CycleScope
        @OptionGroup var selection: RaceSelection
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let race = selection.race
            let closed = try await store.withStore { s in try await s.voting.closeVoting(cycle: scope.cycle, race: race) }
            Console.out(closed.isEmpty ? "no open race to close\n" : "closed: \(closed.joined(separator: ", "))\n")
        }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen",
            abstract: "Reopen a closed or decided race for a revote (clears its decision).",
            discussion: """
                The current decision, if any, is kept in the history marked as cleared with the \
                reason. Ballots stay; orgs may replace them.

                Example:
                  endorse vote reopen --cycle sample-2026 --race district-1 --reason "ballot error at the meeting"
                """
        )

        @OptionGroup var scope: RaceScope
        @Option(help: "Why the race is reopened.") var reason: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withStore { s in try await s.voting.reopenVoting(cycle: scope.cycle, race: scope.race, reason: reason) }
            Console.out("reopened: \(scope.race)\n")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Per race: state, turnout against quorum, and which orgs have not voted; per org: invited, opened.",
            discussion: """
                Never shows how anyone voted. The second table lists every member org with when \
                it was last given a link to its ballot pages (`invite --orgs`, `remind --orgs`) \
                and when a link was first opened; JSON adds them as "orgs".

                Example:
                  endorse vote status --cycle sample-2026
                  endorse vote status --cycle sample-2026 --format json
                """
        )

        @OptionGroup var scope: CycleScope
        @OptionGroup var output: FormatOptions
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let (races, orgs) = try await store.withStore { s in
                (try await s.voting.votingStatus(cycle: scope.cycle), try await Invitations(store: s).orgLinks(cycle: scope.cycle))
            }
            if output.isJSON {
                Console.json(.object(["cycle": .string(scope.cycle), "races": .array(races.map(\.json)),
                                      "orgs": .array(orgs.map(\.json))]))
                return
            }
            var t = TextTable(["race", "state", "E", "turnout", "quorum", "met", "not voted"],
                              alignments: [.left, .left, .right, .right, .right, .left, .left])
            for r in races {
                t.append([r.race, r.state.rawValue, r.eligibleWeight.map(String.init) ?? "-",
                          r.turnoutWeight.map(String.init) ?? "-", r.quorumRequired ?? "-",
                          r.quorumMet.map { $0 ? "yes" : "no" } ?? "-", r.notVoted.joined(separator: ", ")])
            }
            Console.out(t.render())
            var links = TextTable(["org", "active", "invited", "opened"], alignments: [.left, .left, .left, .left])
            for o in orgs {
                links.append([o.org, o.active ? "yes" : "no", o.revoked ? "revoked" : o.invitedAt ?? "-", o.openedAt ?? "-"])
            }
            Console.out("\n" + links.render())
        }
    }
}
