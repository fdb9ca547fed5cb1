import ArgumentParser
import EndorseCore
import EndorseStore

extension CycleCommand {
    /// `endorse cycle show CYCLE`: the loaded cycle with the state of each race.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a loaded cycle: races with their voting state, planks, questions.",
            discussion: """
                With --format json, prints the cycle as JSON (defaults filled in) with a "state" \
                on each race and the number of candidates.

                Example:
                  endorse cycle show sample-2026
                  endorse cycle show sample-2026 --format json
                """
        )

        @Argument(help: "The cycle id.")
        var cycle: String

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let overview = try await store.withStore { s in try await s.catalog.cycleOverview(cycle) }
            if output.isJSON {
                Console.json(Self.json(overview))
            } else {
                Console.out(Self.render(overview))
            }
        }

        static func json(_ o: CycleOverview) -> JSONValue {
            guard case .object(var object) = CycleSummary.json(o.cycle),
                  case .array(let races)? = object["races"] else { return CycleSummary.json(o.cycle) }
            object["races"] = .array(races.map { race in
                guard case .object(var r) = race, case .string(let id)? = r["id"] else { return race }
                r["state"] = .string(o.states[id] ?? "draft")
                return .object(r)
            })
            object["candidates"] = .int(o.candidates)
            return .object(object)
        }

        static func render(_ o: CycleOverview) -> String {
            var states = TextTable(["race", "state"])
            for race in o.cycle.races { states.append([race.id, o.states[race.id] ?? "draft"]) }
            return CycleSummary.render(o.cycle) + "\nVoting (\(o.candidates) candidates)\n" + states.render()
        }
    }
}
