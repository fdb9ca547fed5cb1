import Testing
@testable import EndorseCore

@Suite struct BallotRulesTests {
    let ballot: Set<String> = ["a", "b", "c"]

    func code(_ choice: BallotChoice, _ method: TallyMethod) -> EndorseError.Code? {
        do {
            try BallotRules.validate(choice, method: method, ballot: ballot)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func acceptsTheRightKinds() {
        #expect(code(.ranking(["a", "b"]), .irv) == nil)
        #expect(code(.ranking(["c", "a", "b"]), .stv) == nil)
        #expect(code(.ranking(["a"]), .threshold) == nil)
        #expect(code(.approve(["a", "c"]), .approval) == nil)
        for method in TallyMethod.allCases {
            #expect(code(.noEndorsement, method) == nil)
            #expect(code(.abstain, method) == nil)
        }
    }

    @Test func refusesWrongKindsEmptyAndDuplicates() {
        #expect(code(.approve(["a"]), .irv) == .invalidBallot)
        #expect(code(.approve(["a"]), .threshold) == .invalidBallot)
        #expect(code(.ranking(["a"]), .approval) == .invalidBallot)
        #expect(code(.ranking(["a", "b"]), .threshold) == .invalidBallot)
        #expect(code(.ranking([]), .irv) == .invalidBallot)
        #expect(code(.approve([]), .approval) == .invalidBallot)
        #expect(code(.ranking(["a", "b", "a"]), .irv) == .invalidBallot)
        #expect(code(.approve(["c", "c"]), .approval) == .invalidBallot)
    }

    @Test func refusesIdsNotOnTheBallot() throws {
        #expect(code(.ranking(["a", "z"]), .irv) == .notOnBallot)
        #expect(code(.approve(["z"]), .approval) == .notOnBallot)
        let error = try #require(throws: EndorseError.self) {
            try BallotRules.validate(.ranking(["zed"]), method: .irv, ballot: ballot)
        }
        #expect(error.message == "zed is not on the race's ballot")
    }
}
