import EndorseCore
import PostgresNIO

/// Who asks for the race list: staff see everything; an org sees its own recusal and, only when
/// the cycle's `results_sealed` is false, turnout and eligible weight (never per-candidate counts).
public enum RaceViewer: Hashable, Sendable {
    case staff
    case org(String)
}

extension VotingStore {
    /// `GET /v1/cycles/{cycle}/races` (api.md): every race in cycle-file order with its state,
    /// the caller's recusal and its ballot (the snapshot taken when voting opened: candidate ids,
    /// names and current overall scores, 2 decimals; empty before voting opens).
    /// `{"cycle", "races": [{"id", "name", "seats", "method", "state", "recused", "ballot": [...],
    /// "eligible_weight"?, "turnout_weight"?}]}`. Throws `not_found` for an unknown cycle.
    public func raceOverview(cycle cycleID: String, for viewer: RaceViewer) async throws -> JSONValue {
        try await read { conn in
            let cycle = try await self.cycle(cycleID, on: conn)
            var states: [String: String] = [:]
            for try await (id, state) in try await conn.query(
                "SELECT id, state FROM races WHERE cycle = \(cycleID)", logger: logger).decode((String, String).self) {
                states[id] = state
            }
            var ballots: [String: [(id: String, name: String)]] = [:]
            for try await (race, id, name) in try await conn.query("""
                SELECT b.race, b.candidate, c.name FROM race_ballot b
                JOIN candidates c ON c.cycle = b.cycle AND c.id = b.candidate
                WHERE b.cycle = \(cycleID) ORDER BY b.race, b.position
                """, logger: logger).decode((String, String, String).self) {
                ballots[race, default: []].append((id, name))
            }
            let overall = ballots.isEmpty ? [:] : Dictionary(
                try await base.answers.scores(cycle: cycleID, on: conn).candidates.map { ($0.id, $0.overall) },
                uniquingKeysWith: { a, _ in a })
            let org: String? = if case .org(let o) = viewer { o } else { nil }
            let showWeights = org == nil || !cycle.rules.resultsSealed
            var weights: [String: (eligible: Int64, turnout: Int64)] = [:]
            if showWeights {
                for try await (race, e, t) in try await conn.query("""
                    SELECT r.race,
                           coalesce(sum(r.weight) FILTER (WHERE r.active AND NOT r.recused), 0)::bigint,
                           coalesce(sum(r.weight) FILTER (WHERE r.active AND NOT r.recused AND EXISTS (
                               SELECT 1 FROM ballots b WHERE b.cycle = r.cycle AND b.race = r.race AND b.org = r.org
                                 AND b.current AND b.kind <> 'withdrawal')), 0)::bigint
                    FROM race_roster r WHERE r.cycle = \(cycleID) GROUP BY r.race
                    """, logger: logger).decode((String, Int64, Int64).self) {
                    weights[race] = (e, t)
                }
            }
            var recused: Set<String> = []
            if let org {
                // The snapshot once voting opened, else the recusals table.
                for try await race in try await conn.query("""
                    SELECT race FROM recusals WHERE cycle = \(cycleID) AND org = \(org)
                    UNION SELECT race FROM race_roster WHERE cycle = \(cycleID) AND org = \(org) AND recused
                    """, logger: logger).decode(String.self) {
                    recused.insert(race)
                }
            }
            let races: [JSONValue] = cycle.races.map { race in
                let state = states[race.id] ?? "draft"
                var object: [String: JSONValue] = [
                    "id": .string(race.id), "name": .string(race.name.default), "seats": .int(race.seats),
                    "method": .string(race.method.rawValue), "state": .string(state),
                    "recused": .bool(recused.contains(race.id)),
                    "ballot": .array((ballots[race.id] ?? []).map { c in
                        .object(["id": .string(c.id), "name": .string(c.name),
                                 "overall": CandidateScore.number(overall[c.id] ?? nil)])
                    }),
                ]
                if state != "draft", let w = weights[race.id] {
                    object["eligible_weight"] = .int(w.eligible)
                    object["turnout_weight"] = .int(w.turnout)
                }
                return .object(object)
            }
            return .object(["cycle": .string(cycleID), "races": .array(races)])
        }
    }
}
