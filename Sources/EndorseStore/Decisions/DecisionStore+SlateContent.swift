import EndorseCore
import Foundation
import PostgresNIO

extension DecisionStore {
    /// The slate content of a cycle as the database holds it now (formats.md, "The slate").
    ///
    /// - members: the ACTIVE member orgs (an inactive org neither votes nor counts, so it is not
    ///   presented as a member of the coalition's decisions), by id.
    /// - every candidate of the cycle (the slate shows those a decision names).
    /// - per race, its current decision: endorsed ids in decision order, the scores stored with
    ///   the decision, and the vote block from the stored tally JSON. `decided_at` is the time of
    ///   the decision that endorsed (a rescission's follow-up decision keeps it).
    /// - every rescission of the cycle.
    public func slateContent(cycle cycleID: String) async throws -> SlateContent {
        try await read { conn in try await slateContent(cycle: cycleID, on: conn) }
    }

    func slateContent(cycle cycleID: String, on conn: PostgresConnection) async throws -> SlateContent {
        let cycle = try await self.cycle(cycleID, on: conn)

        var members: [SlateMember] = []
        for try await (id, name) in try await conn.query(
            "SELECT id, name FROM orgs WHERE active ORDER BY id", logger: logger
        ).decode((String, String).self) {
            members.append(SlateMember(id: id, name: name))
        }

        var candidates: [SlateCandidate] = []
        for try await (id, name, ballotName, incumbent, website) in try await conn.query("""
            SELECT id, name, ballot_name, incumbent, website FROM candidates
            WHERE cycle = \(cycleID) ORDER BY id
            """, logger: logger).decode((String, String, String?, Bool?, String?).self) {
            candidates.append(SlateCandidate(id: id, name: name, ballotName: ballotName, incumbent: incumbent,
                                             website: website))
        }

        var decisions: [String: SlateDecision] = [:]
        let rows = try await conn.query("""
            SELECT d.race, d.tally_outcome, d.endorsed, d.override, d.tally, d.scores,
                   coalesce((SELECT e.decided_at FROM decisions e
                             WHERE e.cycle = d.cycle AND e.race = d.race AND e.kind = 'decide'
                               AND e.seq <= d.seq
                             ORDER BY e.seq DESC LIMIT 1), d.decided_at)
            FROM decisions d
            WHERE d.cycle = \(cycleID) AND d.current
            """, logger: logger).collect()
        for row in rows {
            let (race, outcomeText, endorsed, override, tallyText, scoresText, decidedAt) =
                try row.decode((String, String, [String], Bool, String, String, Date).self)
            guard let outcome = DecisionOutcome(rawValue: outcomeText) else {
                throw EndorseError(.invalidInput, "stored decision has an unknown outcome \(outcomeText)", at: race)
            }
            let block = try SlateVoteBlock(tallyText: tallyText, race: race)
            let scores = try Self.decisionScores(scoresText, race: race)
            let endorsements = endorsed.map { id in
                SlateEndorsement(candidate: id, scores: scores[id] ?? SlateScores(overall: nil),
                                 share: block.share(of: id))
            }
            decisions[race] = SlateDecision(endorsements: endorsements, method: block.method, outcome: outcome,
                                            threshold: block.threshold, base: block.base, override: override,
                                            decidedAt: SlateTime.string(decidedAt))
        }

        var rescissions: [SlateRescission] = []
        for try await (race, candidate, reason, at) in try await conn.query("""
            SELECT race, candidate, reason, at FROM rescissions WHERE cycle = \(cycleID) ORDER BY id
            """, logger: logger).decode((String, String, String, Date).self) {
            rescissions.append(SlateRescission(race: race, candidate: candidate, reason: reason,
                                               at: SlateTime.string(at)))
        }
        return SlateContent(cycle: cycle, members: members, candidates: candidates, decisions: decisions,
                            rescissions: rescissions)
    }

    /// `decisions.scores`: `{"<candidate>": {"overall": n|null, "planks": {"<plank>": n|null}}}`.
    static func decisionScores(_ text: String, race: String) throws -> [String: SlateScores] {
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch {
            throw EndorseError(.invalidInput, "the scores stored with the decision are not JSON: \(error)", at: race)
        }
        guard let object = json.objectValue else {
            throw EndorseError(.invalidInput, "the scores stored with the decision are not a JSON object", at: race)
        }
        var out: [String: SlateScores] = [:]
        for (candidate, value) in object {
            var planks: [String: String?] = [:]
            for (plank, v) in value["planks"]?.objectValue ?? [:] { planks[plank] = v.numberText }
            out[candidate] = try SlateScores(overallText: value["overall"]?.numberText, planksText: planks)
        }
        return out
    }
}

/// The `vote` block of an endorsement, read from the tally JSON a decision stores (voting.md).
struct SlateVoteBlock {
    var method: TallyMethod
    /// nil for stv.
    var threshold: Fixed4?
    var base: ThresholdBase?
    var baseWeight: Int64
    /// irv: rounds' votes, first to last; others: one entry (the `votes` object).
    var rounds: [[String: Int64]]

    init(tallyText: String, race: String) throws {
        let tally: JSONValue
        do { tally = try JSONValue.parse(tallyText) } catch {
            throw EndorseError(.invalidInput, "the tally stored with the decision is not JSON: \(error)", at: race)
        }
        guard let methodText = tally["method"]?.stringValue, let method = TallyMethod(rawValue: methodText) else {
            throw EndorseError(.invalidInput, "the tally stored with the decision has no known method", at: race)
        }
        self.method = method
        let threshold = tally["threshold"]
        if method == .stv {
            self.threshold = nil
            self.base = nil
        } else {
            self.threshold = threshold?["share"]?.numberText.flatMap(Fixed4.init(parsing:))
            self.base = threshold?["base"]?.stringValue.flatMap(ThresholdBase.init(rawValue:))
        }
        self.baseWeight = threshold?["base_weight"]?.numberText.flatMap { Int64($0) } ?? 0
        func counts(_ v: JSONValue?) -> [String: Int64] {
            var out: [String: Int64] = [:]
            for (id, n) in v?.objectValue ?? [:] { out[id] = n.numberText.flatMap { Int64($0) } ?? 0 }
            return out
        }
        if method == .irv {
            rounds = (tally["rounds"]?.arrayValue ?? []).map { counts($0["votes"]) }
        } else {
            rounds = [counts(tally["votes"])]
        }
    }

    /// formats.md: votes / base, 4 decimals; irv: the votes of the last round in which the
    /// candidate was continuing; stv: none.
    func share(of candidate: String) -> Fixed4? {
        guard method != .stv else { return nil }
        let votes = rounds.last { $0[candidate] != nil }?[candidate] ?? 0
        return SlateEndorsement.share(votes: votes, base: baseWeight)
    }
}

extension JSONValue {
    /// The exact text of a number, nil for anything else (null included).
    var numberText: String? {
        if case .number(let n) = self { return n }
        return nil
    }
}
