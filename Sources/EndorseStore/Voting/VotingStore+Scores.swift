import EndorseCore
import PostgresNIO

/// Scores as voting needs them: eligibility when a race opens, and the endorsed candidates'
/// scores stored with a decision. Reads current answers and reviews and runs `ScoringEngine`
/// (the same engine `endorse score` uses), inside the caller's transaction so that the snapshot
/// and the scores agree.
extension VotingStore {
    /// The score report of the candidates of one race, from the current answers and the latest
    /// review of each reviewer of each current text answer (the same query and engine as
    /// `endorse score`).
    func votingScores(_ cycle: Cycle, race: String, on conn: PostgresConnection) async throws -> ScoreReport {
        try await base.answers.scores(cycle: cycle, race: race, on: conn)
    }
}

/// The scores a decision stores for its endorsed candidates (formats.md: the slate shows them):
/// canonical JSON `{"<id>": {"overall": 87.5, "planks": {"<plank>": 100, ...}}}`, numbers rounded
/// to 2 decimals (scoring.md) in shortest form, `null` where there is no score.
public enum DecisionScores {
    /// The JSON of `scores` restricted to `candidates` (absent candidates are left out).
    public static func json(_ report: ScoreReport, candidates: [String]) -> JSONValue {
        var out: [String: JSONValue] = [:]
        let wanted = Set(candidates)
        for c in report.candidates where wanted.contains(c.id) {
            var planks: [String: JSONValue] = [:]
            for p in c.planks { planks[p.plank] = CandidateScore.number(p.score) }
            out[c.id] = .object(["overall": CandidateScore.number(c.overall), "planks": .object(planks)])
        }
        return .object(out)
    }

    /// Reads a decision's stored `scores` text back; numbers (or decimal strings) become
    /// `SlateScores`.
    public static func decode(_ text: String) throws(EndorseError) -> [String: SlateScores] {
        let value: JSONValue
        do {
            value = try JSONValue.parse(Array(text.utf8))
        } catch {
            throw EndorseError(.invalidInput, "stored decision scores are not JSON")
        }
        guard let object = value.objectValue else {
            throw EndorseError(.invalidInput, "stored decision scores are not a JSON object")
        }
        func number(_ v: JSONValue?) -> String? {
            switch v {
            case .number(let t)?, .string(let t)?: t
            default: nil
            }
        }
        var result: [String: SlateScores] = [:]
        for (id, entry) in object {
            var planks: [String: String?] = [:]
            for (plank, v) in entry.objectValue?["planks"]?.objectValue ?? [:] { planks[plank] = number(v) }
            result[id] = try SlateScores(overallText: number(entry.objectValue?["overall"]), planksText: planks)
        }
        return result
    }

    /// `json` filtered to `candidates`, from an earlier decision's stored text (a rescission keeps
    /// the remaining candidates' scores as they were decided).
    static func filter(_ text: String, keeping candidates: [String]) -> JSONValue {
        guard let object = (try? JSONValue.parse(Array(text.utf8)))?.objectValue else { return .object([:]) }
        let wanted = Set(candidates)
        return .object(object.filter { wanted.contains($0.key) })
    }
}
