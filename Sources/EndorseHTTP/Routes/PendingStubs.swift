import Hummingbird

// Until the voting and publish store functions land on main.
extension API {
    func registerBallot(_ router: Router<Context>) {}
    func registerTally(_ router: Router<Context>) {}
    func registerSlate(_ router: Router<Context>) {}
    func registerVoterGuide(_ router: Router<Context>) {}
}
