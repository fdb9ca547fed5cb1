import EndorseCore
import EndorseStore
import Hummingbird

extension API {
    /// `GET /v1/cycles/{cycle}/races/{race}/tally` (staff only).
    func registerTally(_ router: Router<Context>) {
        // Tally JSON of voting.md; orgs never read tallies over HTTP (403 before anything else).
        add(router, .get, "/v1/cycles/:cycle/races/:race/tally", .staff) { _, context, caller in
            let (cycle, race) = try Self.cycleAndRace(context)
            let tally = try await self.acting(caller).voting.tally(cycle: cycle, race: race)
            return .json(tally.json)
        }
    }
}
