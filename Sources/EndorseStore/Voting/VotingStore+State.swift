import EndorseCore
import Foundation
import PostgresNIO

/// One race in `vote status`: never how anyone voted.
public struct RaceVotingStatus: Hashable, Sendable {
    public var race: String
    public var state: RaceState
    /// E of the roster snapshot; nil before the race opened (no snapshot).
    public var eligibleWeight: Int64?
    /// T: weight of orgs with a current ballot of any kind.
    public var turnoutWeight: Int64?
    /// quorum × E, exact decimal text (`20`, `20.5`).
    public var quorumRequired: String?
    public var quorumMet: Bool?
    /// Active, non-recused roster orgs without a current ballot, by id.
    public var notVoted: [String]

    /// `{"race", "state", "eligible_weight", "turnout_weight", "quorum_required", "quorum_met", "not_voted"}`.
    public var json: JSONValue {
        .object([
            "race": .string(race), "state": .string(state.rawValue),
            "eligible_weight": eligibleWeight.map { .int($0) } ?? .null,
            "turnout_weight": turnoutWeight.map { .int($0) } ?? .null,
            "quorum_required": quorumRequired.map(JSONValue.number) ?? .null,
            "quorum_met": quorumMet.map(JSONValue.bool) ?? .null,
            "not_voted": .strings(notVoted),
        ])
    }
}

extension VotingStore {
    /// `vote close`: open -> closed for `race`, or for every open race when nil (others skipped).
    /// One transaction and one audit event per race. Returns the races closed.
    public func closeVoting(cycle cycleID: String, race raceID: String?) async throws -> [String] {
        let (cycle, targets) = try await read { conn -> (Cycle, [String]) in
            let cycle = try await self.cycle(cycleID, on: conn)
            if let raceID { return (cycle, [raceID]) }
            let rows = try await conn.query("SELECT id FROM races WHERE cycle = \(cycleID) AND state = 'open' ORDER BY position",
                                            logger: logger)
            var ids: [String] = []
            for try await id in rows.decode(String.self) { ids.append(id) }
            return (cycle, ids)
        }
        for id in targets {
            try await change(action: "vote.close", cycle: cycleID, subject: id) { conn in
                let r = try await self.votingRace(cycle, id, lock: .update, on: conn)
                guard r.state == .open else {
                    throw EndorseError(.wrongState, "race \(id) is \(r.state.rawValue), not open", at: id)
                }
                try await self.setState(.closed, cycle: cycleID, race: id, on: conn)
                return ((), .object(["race": .string(id)]))
            }
        }
        return targets
    }

    /// `vote reopen`: a closed or decided race back to open for a revote. Clears the current
    /// decision (kept, marked cleared with `reason`); snapshots and ballots stay as they were.
    public func reopenVoting(cycle cycleID: String, race raceID: String, reason: String) async throws {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw EndorseError(.reasonRequired, "reopening race \(raceID) needs --reason", at: raceID)
        }
        try await change(action: "vote.reopen", cycle: cycleID, subject: raceID) { conn in
            let cycle = try await self.cycle(cycleID, on: conn)
            let r = try await self.votingRace(cycle, raceID, lock: .update, on: conn)
            guard r.state == .closed || r.state == .decided else {
                throw EndorseError(.wrongState, "race \(raceID) is \(r.state.rawValue); only a closed or decided race can be reopened",
                                   at: raceID)
            }
            let cleared = try await conn.query("""
                UPDATE decisions SET current = false, cleared_at = now(), clear_reason = \(reason)
                WHERE cycle = \(cycleID) AND race = \(raceID) AND current RETURNING seq
                """, logger: logger).collect()
            try await self.setState(.open, cycle: cycleID, race: raceID, on: conn)
            let seq = try cleared.first.map { try $0.decode(Int.self) }
            return ((), .object(["race": .string(raceID), "from": .string(r.state.rawValue),
                                 "reason": .string(reason), "cleared_decision": seq.map { .int($0) } ?? .null]))
        }
    }

    /// `vote status`: per race in cycle-file order, its state, E, T, quorum and who has not voted.
    public func votingStatus(cycle cycleID: String) async throws -> [RaceVotingStatus] {
        try await read { conn in
            let cycle = try await self.cycle(cycleID, on: conn)
            var states: [String: RaceState] = [:]
            for try await (id, state) in try await conn.query("SELECT id, state FROM races WHERE cycle = \(cycleID)",
                                                               logger: logger).decode((String, String).self) {
                states[id] = RaceState(rawValue: state)
            }
            var result: [RaceVotingStatus] = []
            for race in cycle.races {
                let state = states[race.id] ?? .draft
                var status = RaceVotingStatus(race: race.id, state: state, notVoted: [])
                if state != .draft {
                    let rows = try await conn.query("""
                        SELECT r.org, r.weight, r.active AND NOT r.recused,
                               EXISTS (SELECT 1 FROM ballots b WHERE b.cycle = r.cycle AND b.race = r.race
                                       AND b.org = r.org AND b.current AND b.kind <> 'withdrawal')
                        FROM race_roster r WHERE r.cycle = \(cycleID) AND r.race = \(race.id) ORDER BY r.org
                        """, logger: logger)
                    var e: Int64 = 0, t: Int64 = 0
                    for try await (org, weight, mayVote, voted) in rows.decode((String, Int64, Bool, Bool).self) {
                        guard mayVote else { continue }
                        e += weight
                        if voted { t += weight } else { status.notVoted.append(org) }
                    }
                    let rules = cycle.rules(for: race)
                    let required = Int128(rules.quorum.units) * Int128(e)
                    let turnout = Int128(t) * 10_000
                    status.eligibleWeight = e
                    status.turnoutWeight = t
                    status.quorumRequired = Fixed4.format(units: required, fractionDigits: 4)
                    status.quorumMet = e > 0 && (rules.quorumStrict ? turnout > required : turnout >= required)
                }
                result.append(status)
            }
            return result
        }
    }
}
