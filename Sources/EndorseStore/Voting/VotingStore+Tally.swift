import EndorseCore
import PostgresNIO

extension VotingStore {
    /// `tally --cycle C --race R`: counts the race from its snapshots (voting.md). Candidates are
    /// the ballot snapshot; E the weights of active, non-recused roster orgs; the ballots are
    /// the current ones (withdrawals left out) of orgs that may vote, with their roster weights.
    /// An open race gives the provisional outcome `open`. A draft race has nothing to count.
    public func tally(cycle cycleID: String, race raceID: String) async throws -> Tally {
        try await read { conn in
            let cycle = try await self.cycle(cycleID, on: conn)
            let r = try await self.votingRace(cycle, raceID, lock: .none, on: conn)
            return try await self.tally(cycle: cycle, race: r, on: conn)
        }
    }

    /// The tally of a race whose state is known, on `conn` (a decision counts inside its own
    /// transaction).
    func tally(cycle: Cycle, race r: VotingRace, on conn: PostgresConnection) async throws -> Tally {
        guard r.state != .draft else {
            throw EndorseError(.wrongState, "race \(r.race.id) is draft: voting has not opened, there is nothing to count",
                               at: r.race.id)
        }
        let input = try await tallyInput(cycle: cycle, race: r, on: conn)
        return try Tally.tally(input)
    }

    /// The `TallyInput` of a race from the database snapshots.
    func tallyInput(cycle: Cycle, race r: VotingRace, on conn: PostgresConnection) async throws -> TallyInput {
        let id = r.race.id
        let candidates = try await raceBallot(cycle: cycle.id, race: id, on: conn)
        var eligible: Int64 = 0
        var recused: [String] = []
        let roster = try await conn.query("""
            SELECT org, weight, active, recused FROM race_roster WHERE cycle = \(cycle.id) AND race = \(id) ORDER BY org
            """, logger: logger)
        for try await (org, weight, active, isRecused) in roster.decode((String, Int64, Bool, Bool).self) {
            if isRecused { recused.append(org) } else if active { eligible += weight }
        }
        var ballots: [WeightedBallot] = []
        let rows = try await conn.query("""
            SELECT b.org, r.weight, b.kind, b.ranking, b.approve FROM ballots b
            JOIN race_roster r ON r.cycle = b.cycle AND r.race = b.race AND r.org = b.org
            WHERE b.cycle = \(cycle.id) AND b.race = \(id) AND b.current AND b.kind <> 'withdrawal'
              AND r.active AND NOT r.recused
            ORDER BY b.org
            """, logger: logger)
        for try await (org, weight, kind, ranking, approve) in rows.decode((String, Int64, String, [String]?, [String]?).self) {
            let choice: BallotChoice
            switch kind {
            case "ranking": choice = .ranking(ranking ?? [])
            case "approve": choice = .approve(approve ?? [])
            case "no_endorsement": choice = .noEndorsement
            default: choice = .abstain
            }
            ballots.append(WeightedBallot(org: org, weight: weight, choice: choice))
        }
        return TallyInput(cycle: cycle.id, race: r.race, rules: cycle.rules(for: r.race), state: r.state,
                          candidates: candidates, eligibleWeight: eligible,
                          recused: recused.sorted(by: Identifier.byteOrder), ballots: ballots)
    }
}
