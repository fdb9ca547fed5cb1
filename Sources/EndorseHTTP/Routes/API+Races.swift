import EndorseCore
import EndorseStore
import Hummingbird

extension API {
    /// `GET /v1/cycles/{cycle}/races` (staff, org).
    func registerRaces(_ router: Router<Context>) {
        add(router, .get, "/v1/cycles/:cycle/races", .staffOrOrg) { _, context, caller in
            let cycle = try Self.cycle(context)
            let viewer: RaceViewer = caller?.role == .org ? .org(try Self.org(caller)) : .staff
            return .json(try await self.acting(caller).voting.raceOverview(cycle: cycle, for: viewer))
        }
    }
}
