import EndorseCore
import PostgresNIO

/// Where a ballot version came from (the `ballots.source` column).
public enum BallotSource: String, Hashable, Sendable {
    case cli, api, `import`
}

/// A recorded ballot version (the receipt of `vote cast` / `vote withdraw` / the HTTP API).
public struct BallotReceipt: Hashable, Sendable {
    public var cycle: String
    public var race: String
    public var org: String
    /// 1, 2, ... per (org, race).
    public var version: Int
    /// `ranking`, `approve`, `no_endorsement`, `abstain` or `withdrawal`.
    public var kind: String
    /// True when an earlier current ballot was replaced (or withdrawn).
    public var replaced: Bool
    public var proxy: Bool

    public var json: JSONValue {
        .object(["cycle": .string(cycle), "race": .string(race), "org": .string(org), "version": .int(version),
                 "kind": .string(kind), "replaced": .bool(replaced), "proxy": .bool(proxy)])
    }
}

extension Store {
    /// `vote cast` (staff entry, `proxy` true) or an org's own ballot over HTTP (`proxy` false):
    /// checks the race is open, the org may vote (roster snapshot) and the choice against the
    /// method and the ballot snapshot, then writes version n+1 as current in one transaction with
    /// one audit event (`ballot.cast`, or `ballot.replaced` when a current ballot existed).
    public func castBallot(cycle cycleID: String, race raceID: String, org: String, choice: BallotChoice,
                           proxy: Bool = true, proxyNote: String? = nil,
                           source: BallotSource = .cli) async throws -> BallotReceipt {
        let note = proxyNote.flatMap { $0.isEmpty ? nil : $0 }
        if note != nil && !proxy {
            throw EndorseError(.invalidInput, "a proxy note is only for ballots entered by staff", at: org)
        }
        let cycle = try await read { conn in try await self.cycle(cycleID, on: conn) }
        return try await changeWithDynamicAction(cycle: cycleID, subject: raceID) { conn in
            let r = try await self.votingRace(cycle, raceID, lock: "share", on: conn)
            try Self.requireOpen(r)
            _ = try await self.lockVoter(cycle: cycleID, race: raceID, org: org, withdrawing: false, on: conn)
            let ballot = try await self.raceBallot(cycle: cycleID, race: raceID, on: conn)
            do throws(EndorseError) {
                try BallotRules.validate(choice, method: r.race.method, ballot: Set(ballot))
            } catch {
                throw EndorseError(error.code, error.message, at: raceID)
            }
            let receipt = try await self.insertBallot(cycle: cycleID, race: raceID, org: org, kind: choice.kindName,
                                                      choice: choice, proxy: proxy, note: note, source: source, on: conn)
            return (receipt, receipt.replaced ? "ballot.replaced" : "ballot.cast",
                    Self.ballotDetails(receipt, choice: choice.json, note: note, source: source))
        }
    }

    /// Withdraws the org's current ballot (a versioned `withdrawal` row): the org then has no
    /// ballot in the race. The race must be open; refused when there is no ballot to withdraw.
    public func withdrawBallot(cycle cycleID: String, race raceID: String, org: String,
                               proxy: Bool = true, source: BallotSource = .cli) async throws -> BallotReceipt {
        let cycle = try await read { conn in try await self.cycle(cycleID, on: conn) }
        return try await changeWithDynamicAction(cycle: cycleID, subject: raceID) { conn in
            let r = try await self.votingRace(cycle, raceID, lock: "share", on: conn)
            try Self.requireOpen(r)
            _ = try await self.lockVoter(cycle: cycleID, race: raceID, org: org, withdrawing: true, on: conn)
            let receipt = try await self.insertBallot(cycle: cycleID, race: raceID, org: org, kind: "withdrawal",
                                                      choice: nil, proxy: proxy, note: nil, source: source, on: conn)
            guard receipt.replaced else {
                throw EndorseError(.notFound, "org \(org) has no ballot in race \(raceID) to withdraw", at: org)
            }
            return (receipt, "ballot.withdrawn", Self.ballotDetails(receipt, choice: .null, note: nil, source: source))
        }
    }

    /// Like `change`, but the body also names the audit action (cast vs replaced is known only
    /// inside the transaction).
    func changeWithDynamicAction<T: Sendable>(
        cycle: String, subject: String,
        _ body: (PostgresConnection) async throws -> (result: T, action: String, details: JSONValue)
    ) async throws -> T {
        let actor = self.actor, logger = self.logger
        do {
            return try await db.withTransaction { conn in
                let (result, action, details) = try await body(conn)
                try await AuditLog.append(actor: actor, action: action, cycle: cycle, subject: subject,
                                          details: details, on: conn, logger: logger)
                return result
            }
        } catch {
            throw Self.mapBallotConstraint(error)
        }
    }

    /// Locks the org's roster row of the race (`FOR UPDATE`: concurrent ballots of one org in one
    /// race take turns) and checks it may vote. Returns its weight.
    func lockVoter(cycle: String, race: String, org: String, withdrawing: Bool,
                   on conn: PostgresConnection) async throws -> Int64 {
        let rows = try await conn.query("""
            SELECT weight, active, recused FROM race_roster
            WHERE cycle = \(cycle) AND race = \(race) AND org = \(org) FOR UPDATE
            """, logger: logger).collect()
        guard let row = rows.first else {
            let known = try await conn.query("SELECT 1 FROM orgs WHERE id = \(org)", logger: logger).collect()
            throw known.isEmpty ? VoterRefusal.unknownOrg.error(org: org, race: race)
                                : VoterRefusal.notOnRoster.error(org: org, race: race)
        }
        let (weight, active, recused) = try row.decode((Int64, Bool, Bool).self)
        if !withdrawing {
            if recused { throw VoterRefusal.recused.error(org: org, race: race) }
            if !active { throw VoterRefusal.inactive.error(org: org, race: race) }
        }
        return weight
    }

    /// Why an org may not vote in a race, as the roster check finds it.
    enum VoterRefusal: String {
        case unknownOrg = "unknown_org", notOnRoster = "not_on_roster", recused, inactive = "org_inactive"

        func error(org: String, race: String) -> EndorseError {
            switch self {
            case .unknownOrg: EndorseError(.notFound, "no member org \(org)", at: org)
            case .notOnRoster:
                EndorseError(.notOnRoster, "org \(org) is not on the roster of race \(race) (it joined after the race opened)",
                             at: org)
            case .recused: EndorseError(.recused, "org \(org) is recused from race \(race)", at: org)
            case .inactive: EndorseError(.orgInactive, "org \(org) is inactive and does not vote", at: org)
            }
        }
    }

    /// Clears `current` on the org's ballot and inserts the next version as current. The caller
    /// holds the roster row lock, so the version count is stable.
    func insertBallot(cycle: String, race: String, org: String, kind: String, choice: BallotChoice?,
                      proxy: Bool, note: String?, source: BallotSource,
                      on conn: PostgresConnection) async throws -> BallotReceipt {
        // The latest version: one probe of the (cycle, race, org, version) index.
        let prior = try await conn.query("""
            SELECT version::bigint, current AND kind <> 'withdrawal'
            FROM ballots WHERE cycle = \(cycle) AND race = \(race) AND org = \(org)
            ORDER BY version DESC LIMIT 1
            """, logger: logger).collect()
        let (last, hadCurrent) = try prior.first?.decode((Int64, Bool).self) ?? (Int64(0), false)
        try await conn.query("""
            UPDATE ballots SET current = false WHERE cycle = \(cycle) AND race = \(race) AND org = \(org) AND current
            """, logger: logger)
        var ranking: [String]?, approve: [String]?
        switch choice {
        case .ranking(let ids)?: ranking = ids
        case .approve(let ids)?: approve = ids
        default: break
        }
        let version = Int(last) + 1
        try await conn.query("""
            INSERT INTO ballots (cycle, race, org, version, kind, ranking, approve, proxy, proxy_note, source, actor)
            VALUES (\(cycle), \(race), \(org), \(version), \(kind), \(ranking), \(approve), \(proxy), \(note),
                    \(source.rawValue), \(actor))
            """, logger: logger)
        return BallotReceipt(cycle: cycle, race: race, org: org, version: version, kind: kind,
                             replaced: hadCurrent, proxy: proxy)
    }

    static func ballotDetails(_ r: BallotReceipt, choice: JSONValue, note: String?, source: BallotSource) -> JSONValue {
        .object(["race": .string(r.race), "org": .string(r.org), "version": .int(r.version), "kind": .string(r.kind),
                 "ballot": choice, "proxy": .bool(r.proxy), "proxy_note": .optional(note),
                 "source": .string(source.rawValue)])
    }
}
