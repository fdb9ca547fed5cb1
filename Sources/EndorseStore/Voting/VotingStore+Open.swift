import EndorseCore
import PostgresNIO

/// A staff inclusion on a race's ballot (`vote open --include ID --reason TEXT`).
public struct BallotInclusion: Hashable, Sendable {
    public var candidate: String
    public var reason: String
    public init(candidate: String, reason: String) {
        self.candidate = candidate
        self.reason = reason
    }
}

/// What `vote open` did to one race.
public struct RaceOpening: Hashable, Sendable {
    public var race: String
    /// The ballot snapshot in display order: eligible candidates (overall descending, then id),
    /// then staff inclusions in the order given.
    public var ballot: [String]
    /// The staff inclusions among `ballot`.
    public var included: [String]
    /// Orgs on the roster snapshot (active or not, recused or not).
    public var rosterSize: Int
    /// E of the snapshot.
    public var eligibleWeight: Int64
    /// Notes for staff (e.g. no eligible candidate), printed on stderr by the CLI.
    public var warnings: [String]
}

extension VotingStore {
    /// `vote open`: snapshots the ballot (eligible candidates plus `includes`) and the org roster
    /// (weight, active, recused) of `race`, or of every draft race when `race` is nil, and opens
    /// them. One transaction and one audit event per race. A named race must be `draft`; with
    /// `race` nil, races not in `draft` are skipped (an inclusion for such a race is refused).
    public func openVoting(cycle cycleID: String, race raceID: String?,
                           includes: [BallotInclusion] = []) async throws -> [RaceOpening] {
        let (cycle, targets) = try await read { conn -> (Cycle, [String]) in
            let cycle = try await self.cycle(cycleID, on: conn)
            if let raceID { return (cycle, [raceID]) }
            let rows = try await conn.query("SELECT id FROM races WHERE cycle = \(cycleID) AND state = 'draft' ORDER BY position",
                                            logger: logger)
            var ids: [String] = []
            for try await id in rows.decode(String.self) { ids.append(id) }
            return (cycle, ids)
        }
        let byRace = try await checkInclusions(includes, cycle: cycle, race: raceID, targets: Set(targets))
        var openings: [RaceOpening] = []
        for id in targets {
            let opening = try await change(action: "vote.open", cycle: cycleID, subject: id) { conn in
                let r = try await self.votingRace(cycle, id, lock: .update, on: conn)
                guard r.state == .draft else {
                    throw EndorseError(.wrongState, "race \(id) is already \(r.state.rawValue); use vote reopen for a closed or decided race",
                                       at: id)
                }
                let o = try await self.snapshot(cycle: cycle, race: r.race, includes: byRace[id] ?? [], on: conn)
                try await self.setState(.open, cycle: cycleID, race: id, on: conn)
                let details: JSONValue = .object([
                    "race": .string(id), "ballot": .strings(o.ballot),
                    "included": .array((byRace[id] ?? []).map {
                        .object(["candidate": .string($0.candidate), "reason": .string($0.reason)])
                    }),
                    "roster": .int(o.rosterSize), "eligible_weight": .int(o.eligibleWeight),
                ])
                return (o, details)
            }
            openings.append(opening)
        }
        return openings
    }

    /// Checks every inclusion before anything is written; returns them grouped by race.
    private func checkInclusions(_ includes: [BallotInclusion], cycle: Cycle, race: String?,
                                 targets: Set<String>) async throws -> [String: [BallotInclusion]] {
        if let race, cycle.race(race) == nil {
            throw EndorseError(.notFound, "no race \(race) in cycle \(cycle.id)", at: race)
        }
        var seen = Set<String>()
        var byRace: [String: [BallotInclusion]] = [:]
        for inc in includes {
            guard seen.insert(inc.candidate).inserted else {
                throw EndorseError(.invalidInput, "candidate \(inc.candidate) is included twice", at: inc.candidate)
            }
            guard !inc.reason.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else {
                throw EndorseError(.invalidInput, "including candidate \(inc.candidate) needs a --reason", at: inc.candidate)
            }
            let found = try await read { conn in
                try await conn.query("""
                    SELECT race, withdrawn_at IS NOT NULL FROM candidates
                    WHERE cycle = \(cycle.id) AND id = \(inc.candidate)
                    """, logger: logger).collect().first.map { try $0.decode((String, Bool).self) }
            }
            guard let (candidateRace, withdrawn) = found else {
                throw EndorseError(.notFound, "no candidate \(inc.candidate) in cycle \(cycle.id)", at: inc.candidate)
            }
            if let race, candidateRace != race {
                throw EndorseError(.invalidInput, "candidate \(inc.candidate) runs in race \(candidateRace), not \(race)",
                                   at: inc.candidate)
            }
            guard targets.contains(candidateRace) else {
                throw EndorseError(.wrongState, "race \(candidateRace) of candidate \(inc.candidate) is not a draft race being opened",
                                   at: inc.candidate)
            }
            guard !withdrawn else {
                throw EndorseError(.wrongState, "candidate \(inc.candidate) has withdrawn", at: inc.candidate)
            }
            byRace[candidateRace, default: []].append(inc)
        }
        return byRace
    }

    /// Writes race_ballot and race_roster for one race.
    private func snapshot(cycle: Cycle, race: Race, includes: [BallotInclusion],
                          on conn: PostgresConnection) async throws -> RaceOpening {
        let report = try await votingScores(cycle, race: race.id, on: conn)
        var ballot = report.candidates.filter { $0.race == race.id && $0.eligible }.map(\.id)
        var warnings: [String] = []
        var included: [String] = []
        for (position, id) in ballot.enumerated() {
            try await conn.query("""
                INSERT INTO race_ballot (cycle, race, candidate, position)
                VALUES (\(cycle.id), \(race.id), \(id), \(position))
                """, logger: logger)
        }
        let noneEligible = ballot.isEmpty
        for inc in includes {
            if ballot.contains(inc.candidate) {
                warnings.append("candidate \(inc.candidate) is eligible by score; the inclusion was not needed")
                continue
            }
            try await conn.query("""
                INSERT INTO race_ballot (cycle, race, candidate, position, included_reason)
                VALUES (\(cycle.id), \(race.id), \(inc.candidate), \(ballot.count), \(inc.reason))
                """, logger: logger)
            ballot.append(inc.candidate)
            included.append(inc.candidate)
        }
        if noneEligible {
            warnings.insert("race \(race.id) has no eligible candidate" + (ballot.isEmpty
                ? "; only no-endorsement and abstention ballots are possible" : "; its ballot holds only staff inclusions"), at: 0)
        }
        try await conn.query("""
            INSERT INTO race_roster (cycle, race, org, weight, active, recused)
            SELECT \(cycle.id), \(race.id), o.id, o.weight, o.active,
                   EXISTS (SELECT 1 FROM recusals x WHERE x.cycle = \(cycle.id) AND x.race = \(race.id) AND x.org = o.id)
            FROM orgs o
            """, logger: logger)
        let row = try await conn.query("""
            SELECT count(*)::bigint, coalesce(sum(weight) FILTER (WHERE active AND NOT recused), 0)::bigint
            FROM race_roster WHERE cycle = \(cycle.id) AND race = \(race.id)
            """, logger: logger).collect()
        let (size, eligible) = try row[0].decode((Int64, Int64).self)
        return RaceOpening(race: race.id, ballot: ballot, included: included, rosterSize: Int(size),
                           eligibleWeight: eligible, warnings: warnings)
    }
}
