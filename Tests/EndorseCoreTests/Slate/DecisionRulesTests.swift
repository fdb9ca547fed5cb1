import Testing
@testable import EndorseCore

@Suite struct DecisionRulesTests {
    static let race = Race(id: "district-2", name: "District 2", seats: 2, method: .approval)
    static let ballot = ["c-a", "c-b", "c-c", "c-d"]
    static let votes: [String: Int64] = ["c-a": 10, "c-b": 14, "c-c": 10, "c-d": 1]

    static func decide(_ outcome: DecisionOutcome, endorsed: [String] = [], _ choice: DecisionRequest.Choice = .accept,
                       override: Bool = false, reason: String? = nil) throws(EndorseError) -> DecisionRecord {
        try DecisionRules.decide(outcome: outcome, tallyEndorsed: endorsed, votes: votes, race: race, ballot: ballot,
                                 request: DecisionRequest(choice: choice, override: override, reason: reason))
    }

    static func code(_ body: () throws(EndorseError) -> DecisionRecord) -> String? {
        do { _ = try body(); return nil } catch { return error.code.rawValue }
    }

    @Test func acceptingAnApprovalTallyOrdersByVotesThenID() throws {
        let d = try Self.decide(.endorsed, endorsed: ["c-c", "c-a", "c-b"])
        #expect(d == DecisionRecord(outcome: .endorsed, endorsed: ["c-b", "c-a", "c-c"], override: false, reason: nil))
    }

    /// stv: accepting the tally endorses the elected in order of election, whatever their votes;
    /// the same set in another order is not an override; a different set needs --override.
    @Test func acceptingAnSTVTallyKeepsTheOrderOfElection() throws {
        let stv = Race(id: "board", name: "Board", seats: 3, method: .stv)
        func decide(_ choice: DecisionRequest.Choice, override: Bool = false, reason: String? = nil) throws(EndorseError) -> DecisionRecord {
            try DecisionRules.decide(outcome: .endorsed, tallyEndorsed: ["c-d", "c-a", "c-b"], votes: Self.votes, race: stv,
                                     ballot: Self.ballot, request: DecisionRequest(choice: choice, override: override, reason: reason))
        }
        #expect(try decide(.accept).endorsed == ["c-d", "c-a", "c-b"])
        #expect(try decide(.endorse(["c-a", "c-b", "c-d"])) == DecisionRecord(outcome: .endorsed, endorsed: ["c-a", "c-b", "c-d"],
                                                                              override: false, reason: nil))
        #expect(Self.code { () throws(EndorseError) in try decide(.endorse(["c-a", "c-b", "c-c"])) } == "override_required")
        #expect(try decide(.endorse(["c-a", "c-b", "c-c"]), override: true, reason: "the body chose").override)
    }

    @Test func acceptingNeedsNoReasonButKeepsOne() throws {
        #expect(try Self.decide(.noEndorsement) == DecisionRecord(outcome: .noEndorsement, endorsed: [], override: false, reason: nil))
        #expect(try Self.decide(.endorsed, endorsed: ["c-a"], reason: "  as counted \n").reason == "as counted")
        #expect(try Self.decide(.noEndorsement, .noEndorsement).endorsed == [])
    }

    @Test func explicitSameSetIsNotAnOverrideAndKeepsTheGivenOrder() throws {
        let d = try Self.decide(.endorsed, endorsed: ["c-a", "c-b"], .endorse(["c-a", "c-b"]))
        #expect(d == DecisionRecord(outcome: .endorsed, endorsed: ["c-a", "c-b"], override: false, reason: nil))
    }

    @Test func tieAndNoQuorumNeedAChoiceAndAReason() throws {
        for outcome in [DecisionOutcome.tie, .noQuorum] {
            #expect(Self.code { () throws(EndorseError) in try Self.decide(outcome, reason: "x") } == "choice_required")
            #expect(Self.code { () throws(EndorseError) in try Self.decide(outcome, .endorse(["c-a"])) } == "reason_required")
            #expect(Self.code { () throws(EndorseError) in try Self.decide(outcome, .endorse(["c-a"]), reason: "   ") } == "reason_required")
            #expect(Self.code { () throws(EndorseError) in try Self.decide(outcome, .noEndorsement, override: true, reason: "x") }
                    == "override_not_applicable")
            let d = try Self.decide(outcome, endorsed: ["c-b"], .endorse(["c-c", "c-a"]), reason: "coin flip at the meeting")
            #expect(d == DecisionRecord(outcome: outcome, endorsed: ["c-c", "c-a"], override: false, reason: "coin flip at the meeting"))
            #expect(try Self.decide(outcome, .noEndorsement, reason: "r").endorsed == [])
        }
    }

    @Test func contradictingTheTallyNeedsOverrideAndReason() throws {
        // A dual endorsement where the count endorsed one.
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.endorsed, endorsed: ["c-a"], .endorse(["c-a", "c-b"]), reason: "dual") }
                == "override_required")
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.endorsed, endorsed: ["c-a"], .endorse(["c-a", "c-b"]), override: true) }
                == "reason_required")
        let dual = try Self.decide(.endorsed, endorsed: ["c-a"], .endorse(["c-a", "c-b"]), override: true, reason: "dual")
        #expect(dual == DecisionRecord(outcome: .endorsed, endorsed: ["c-a", "c-b"], override: true, reason: "dual"))
        // Overruling an endorsement, and endorsing against a no_endorsement count.
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.endorsed, endorsed: ["c-a"], .noEndorsement, reason: "r") }
                == "override_required")
        #expect(try Self.decide(.endorsed, endorsed: ["c-a"], .noEndorsement, override: true, reason: "r").override)
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.noEndorsement, .endorse(["c-d"]), reason: "r") } == "override_required")
        let d = try Self.decide(.noEndorsement, .endorse(["c-d"]), override: true, reason: "body voted")
        #expect(d == DecisionRecord(outcome: .noEndorsement, endorsed: ["c-d"], override: true, reason: "body voted"))
    }

    @Test func overrideWithoutContradictionIsRefused() {
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.endorsed, endorsed: ["c-a"], override: true, reason: "r") }
                == "override_not_applicable")
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.noEndorsement, .noEndorsement, override: true, reason: "r") }
                == "override_not_applicable")
    }

    @Test func openRaceIsRefused() {
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.open) } == "wrong_state")
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.open, .endorse(["c-a"]), override: true, reason: "r") } == "wrong_state")
    }

    @Test func idsAreChecked() {
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.tie, .endorse(["c-a", "c-b", "c-c"]), reason: "r") }
                == "too_many_endorsements")
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.tie, .endorse(["c-a", "c-a"]), reason: "r") }
                == "duplicate_candidate")
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.tie, .endorse(["c-z"]), reason: "r") } == "not_on_ballot")
        #expect(Self.code { () throws(EndorseError) in try Self.decide(.tie, .endorse([]), reason: "r") } == "invalid_input")
    }

    @Test func messagesNameTheRace() {
        do {
            _ = try Self.decide(.endorsed, endorsed: ["c-a"], .noEndorsement, reason: "r")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.location == "district-2")
            #expect(error.message == "the tally of race district-2 says endorsed c-a; recording anything else needs --override and --reason")
            #expect(error.exitCode == 1)
        }
    }

    @Test func rescindDropsTheCandidateAndNeedsAReason() throws {
        let current = DecisionRecord(outcome: .endorsed, endorsed: ["c-b", "c-a"], override: false, reason: nil)
        let after = try DecisionRules.rescind(current, race: "district-2", candidate: "c-b", reason: " broke the pledge ")
        #expect(after == DecisionRecord(outcome: .endorsed, endorsed: ["c-a"], override: false, reason: "broke the pledge"))
        #expect(try DecisionRules.rescind(after, race: "district-2", candidate: "c-a", reason: "r").endorsed == [])
        func code(_ body: () throws(EndorseError) -> DecisionRecord) -> String? {
            do { _ = try body(); return nil } catch { return error.code.rawValue }
        }
        #expect(code { () throws(EndorseError) in try DecisionRules.rescind(current, race: "district-2", candidate: "c-b", reason: nil) }
                == "reason_required")
        #expect(code { () throws(EndorseError) in try DecisionRules.rescind(current, race: "district-2", candidate: "c-z", reason: "r") }
                == "not_found")
        #expect(code { () throws(EndorseError) in try DecisionRules.rescind(nil, race: "district-2", candidate: "c-b", reason: "r") }
                == "wrong_state")
    }
}
