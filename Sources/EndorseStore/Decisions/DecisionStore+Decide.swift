import Crypto
import EndorseCore
import Foundation
import PostgresNIO

/// A stored decision (`decide`, `rescind`).
public struct DecisionSummary: Hashable, Sendable {
    public var cycle: String
    public var race: String
    /// 1, 2, ... per race.
    public var seq: Int
    /// `decide` or `rescind`.
    public var kind: String
    public var record: DecisionRecord
    /// Hex sha256 of the canonical tally JSON the decision was made from.
    public var tallySha256: String

    public var json: JSONValue {
        .object(["cycle": .string(cycle), "race": .string(race), "seq": .int(seq), "kind": .string(kind),
                 "outcome": .string(record.outcome.rawValue), "endorsed": .strings(record.endorsed),
                 "override": .bool(record.override), "reason": .optional(record.reason),
                 "tally_sha256": .string(tallySha256)])
    }
}

extension DecisionStore {
    /// `decide`: the race must be closed. Counts it, applies `DecisionRules.decide`, and stores
    /// the decision with the canonical tally JSON and its sha256 and the endorsed candidates'
    /// scores; the race becomes `decided`. One transaction, one audit event `race.decide`.
    public func decide(cycle cycleID: String, race raceID: String,
                       request: DecisionRequest) async throws -> DecisionSummary {
        do {
            return try await change(action: "race.decide", cycle: cycleID, subject: raceID) { conn in
                let cycle = try await self.cycle(cycleID, on: conn)
                let r = try await voting.votingRace(cycle, raceID, lock: .update, on: conn)
                switch r.state {
                case .closed: break
                case .decided:
                    throw EndorseError(.wrongState, "race \(raceID) is already decided; rescind, or reopen it for a revote",
                                       at: raceID)
                case .open:
                    throw EndorseError(.wrongState, "race \(raceID) is still open; close it before deciding", at: raceID)
                case .draft:
                    throw EndorseError(.wrongState, "race \(raceID) is draft: voting has not opened", at: raceID)
                }
                let tally = try await voting.tally(cycle: cycle, race: r, on: conn)
                let outcome = tally.outcome
                guard outcome != .open else {
                    throw EndorseError(.wrongState, "race \(raceID) has no outcome to decide", at: raceID)
                }
                let votes = Self.decisionVotes(tally)
                let ballot = try await voting.raceBallot(cycle: cycleID, race: raceID, on: conn)
                let record = try DecisionRules.decide(outcome: outcome, tallyEndorsed: tally.endorsed, votes: votes,
                                                      race: r.race, ballot: ballot, request: request)
                let report = try await voting.votingScores(cycle, race: raceID, on: conn)
                let scores = DecisionScores.json(report, candidates: record.endorsed)
                let summary = try await self.insertDecision(cycle: cycleID, race: raceID, kind: "decide", record: record,
                                                            tallyText: tally.json.canonicalString,
                                                            scores: scores.canonicalString, on: conn)
                try await voting.setState(.decided, cycle: cycleID, race: raceID, on: conn)
                return (summary, summary.json)
            }
        } catch {
            throw Self.mapConstraint(error)
        }
    }

    /// `rescind`: drops one endorsement of the race's current decision (`DecisionRules.rescind`)
    /// as a new decision, keeping the tally and the remaining candidates' scores, and records the
    /// rescission. History is kept. One transaction, one audit event `race.rescind`.
    public func rescind(cycle cycleID: String, race raceID: String, candidate: String,
                        reason: String) async throws -> DecisionSummary {
        try await change(action: "race.rescind", cycle: cycleID, subject: raceID) { conn in
            let cycle = try await self.cycle(cycleID, on: conn)
            _ = try await voting.votingRace(cycle, raceID, lock: .update, on: conn)
            let rows = try await conn.query("""
                SELECT tally_outcome, endorsed, override, reason, tally, scores FROM decisions
                WHERE cycle = \(cycleID) AND race = \(raceID) AND current
                """, logger: logger).collect()
            var current: DecisionRecord?
            var tallyText = "", scoresText = "{}"
            if let row = rows.first {
                let (outcome, endorsed, override, reason, tally, scores) =
                    try row.decode((String, [String], Bool, String?, String, String).self)
                current = DecisionRecord(outcome: DecisionOutcome(rawValue: outcome) ?? .noEndorsement,
                                         endorsed: endorsed, override: override, reason: reason)
                tallyText = tally
                scoresText = scores
            }
            let record = try DecisionRules.rescind(current, race: raceID, candidate: candidate, reason: reason)
            let scores = DecisionScores.filter(scoresText, keeping: record.endorsed)
            let summary = try await self.insertDecision(cycle: cycleID, race: raceID, kind: "rescind", record: record,
                                                        tallyText: tallyText, scores: scores.canonicalString, on: conn)
            let decisionID = try await conn.query("""
                SELECT id FROM decisions WHERE cycle = \(cycleID) AND race = \(raceID) AND seq = \(summary.seq)
                """, logger: logger).collect()[0].decode(Int64.self)
            try await conn.query("""
                INSERT INTO rescissions (cycle, race, candidate, reason, decision, actor)
                VALUES (\(cycleID), \(raceID), \(candidate), \(record.reason ?? reason), \(decisionID), \(actor))
                """, logger: logger)
            var details = summary.json.objectValue ?? [:]
            details["candidate"] = .string(candidate)
            return (summary, .object(details))
        }
    }

    /// The current decision of a race, if any.
    public func currentDecision(cycle cycleID: String, race raceID: String) async throws -> DecisionSummary? {
        try await read { conn in
            let rows = try await conn.query("""
                SELECT seq, kind, tally_outcome, endorsed, override, reason, tally_sha256 FROM decisions
                WHERE cycle = \(cycleID) AND race = \(raceID) AND current
                """, logger: logger).collect()
            guard let row = rows.first else { return nil }
            let (seq, kind, outcome, endorsed, override, reason, hash) =
                try row.decode((Int, String, String, [String], Bool, String?, ByteBuffer).self)
            return DecisionSummary(cycle: cycleID, race: raceID, seq: seq, kind: kind,
                                   record: DecisionRecord(outcome: DecisionOutcome(rawValue: outcome) ?? .noEndorsement,
                                                          endorsed: endorsed, override: override, reason: reason),
                                   tallySha256: Hex.encode(hash.readableBytesView))
        }
    }

    /// Each candidate's count as `DecisionRules` orders an accepted result: approvals or votes,
    /// or for irv the final-round votes.
    static func decisionVotes(_ tally: Tally) -> [String: Int64] {
        if let votes = tally.votes { return votes }
        return tally.rounds.last?.votes ?? [:]
    }

    /// Supersedes the current decision and inserts the next one as current.
    private func insertDecision(cycle: String, race: String, kind: String, record: DecisionRecord,
                                tallyText: String, scores: String, on conn: PostgresConnection) async throws -> DecisionSummary {
        let seq = try await conn.query("""
            SELECT coalesce(max(seq), 0)::bigint + 1 FROM decisions WHERE cycle = \(cycle) AND race = \(race)
            """, logger: logger).collect()[0].decode(Int64.self)
        try await conn.query("""
            UPDATE decisions SET current = false WHERE cycle = \(cycle) AND race = \(race) AND current
            """, logger: logger)
        let digest = Array(SHA256.hash(data: Array(tallyText.utf8)))
        var hash = ByteBuffer()
        hash.writeBytes(digest)
        try await conn.query("""
            INSERT INTO decisions (cycle, race, seq, kind, tally_outcome, endorsed, override, reason, tally,
                                   tally_sha256, scores, actor)
            VALUES (\(cycle), \(race), \(Int(seq)), \(kind), \(record.outcome.rawValue), \(record.endorsed),
                    \(record.override), \(record.reason), \(tallyText), \(hash), \(scores), \(actor))
            """, logger: logger)
        return DecisionSummary(cycle: cycle, race: race, seq: Int(seq), kind: kind, record: record,
                               tallySha256: Hex.encode(digest))
    }
}

extension DecisionStore {
    /// Voting's operations on races, inside a decision's transaction.
    var voting: VotingStore { base.voting }

    /// A decision refused by the schema's last line of defence, as the clear error.
    static func mapConstraint(_ error: any Error) -> any Error {
        switch ServerError(error)?.constraint {
        case "decisions_max_endorsements"?: EndorseError(.tooManyEndorsements, ServerError(error)?.message ?? "")
        case "decisions_candidates"?: EndorseError(.notOnBallot, ServerError(error)?.message ?? "")
        default: error
        }
    }
}
