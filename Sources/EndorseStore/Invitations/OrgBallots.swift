import EndorseCore
import PostgresNIO

/// One race as an org's ballot pages show it: never a count, never another org's ballot.
public struct OrgRace: Sendable {
    public var race: Race
    public var state: RaceState
    /// The org's recusal reason, when it is recused from the race.
    public var recusal: String?
    /// Whether the org is on the race's roster (taken when voting opened) and active there.
    public var mayVote: Bool
    /// The race's ballot (the snapshot taken when voting opened), in ballot order.
    public var candidates: [CandidateRecord]
    /// The org's own current ballot, nil when it has none.
    public var current: StoredBallot?
}

/// What an org's ballot pages show: the cycle, the org, its races and the current scores of the
/// candidates on them.
public struct OrgBallotState: Sendable {
    public var cycle: Cycle
    public var org: OrgRecord
    public var races: [OrgRace]
    /// Scores by candidate id (only candidates on some race's ballot).
    public var scores: [String: CandidateScore]
}

/// The reads behind an org's ballot pages (web.md "Member orgs"). Writes go through
/// `BallotStore.putFromPage` / `withdrawFromPage`, the one ballot write path.
public struct OrgBallots: Sendable {
    public let store: ActingStore

    public init(store: ActingStore) { self.store = store }

    /// The state of the session holder's races; `scores: false` leaves `scores` empty (a form
    /// post needs the races, not the evidence).
    public func state(_ session: LinkSession, scores withScores: Bool = true) async throws -> OrgBallotState {
        guard case .org(let orgID) = session.holder else {
            throw EndorseError(.notFound, "this link belongs to no member org")
        }
        let logger = store.logger
        return try await store.read { conn in
            let cycle = try await store.cycle(session.cycle, on: conn)
            guard let orgRow = try await conn.query("""
                SELECT id, name, weight, contact_email, active FROM orgs WHERE id = \(orgID)
                """, logger: logger).collect().first else {
                throw EndorseError(.notFound, "no member org \(orgID)", at: orgID)
            }
            let (id, name, weight, email, active) = try orgRow.decode((String, String, Int64, String?, Bool).self)
            let org = OrgRecord(id: id, name: name, weight: weight, contactEmail: email, active: active)
            var states: [String: RaceState] = [:]
            for try await (race, state) in try await conn.query(
                "SELECT id, state FROM races WHERE cycle = \(session.cycle)", logger: logger).decode((String, String).self) {
                states[race] = RaceState(rawValue: state)
            }
            let all = try await store.catalog.candidates(cycle: session.cycle, on: conn)
            let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var ballots: [String: [CandidateRecord]] = [:]
            for try await (race, candidate) in try await conn.query("""
                SELECT race, candidate FROM race_ballot WHERE cycle = \(session.cycle) ORDER BY race, position
                """, logger: logger).decode((String, String).self) {
                if let c = byID[candidate] { ballots[race, default: []].append(c) }
            }
            var recusals: [String: String] = [:]
            for try await (race, reason) in try await conn.query("""
                SELECT race, reason FROM recusals WHERE cycle = \(session.cycle) AND org = \(orgID)
                """, logger: logger).decode((String, String).self) { recusals[race] = reason }
            var roster: [String: Bool] = [:]
            for try await (race, mayVote, recused) in try await conn.query("""
                SELECT race, active AND NOT recused, recused FROM race_roster
                WHERE cycle = \(session.cycle) AND org = \(orgID)
                """, logger: logger).decode((String, Bool, Bool).self) {
                roster[race] = mayVote
                if recused, recusals[race] == nil { recusals[race] = "" }
            }
            var current: [String: StoredBallot] = [:]
            for try await (race, kind, ranking, approve, version, at) in try await conn.query("""
                SELECT race, kind, ranking, approve, version,
                       to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                FROM ballots WHERE cycle = \(session.cycle) AND org = \(orgID) AND current AND kind <> 'withdrawal'
                """, logger: logger).decode((String, String, [String]?, [String]?, Int, String).self) {
                guard let choice = BallotChoice(kind: kind, ranking: ranking, approve: approve) else { continue }
                current[race] = StoredBallot(cycle: session.cycle, race: race, org: orgID, choice: choice,
                                             version: version, recordedAt: at, replaced: version > 1)
            }
            let onBallots = Set(ballots.values.flatMap { $0.map(\.id) })
            var scores: [String: CandidateScore] = [:]
            if withScores, !onBallots.isEmpty {
                for s in try await store.answers.scores(cycle: session.cycle, on: conn).candidates
                where onBallots.contains(s.id) { scores[s.id] = s }
            }
            let races = cycle.races.map { race in
                let state = states[race.id] ?? .draft
                let mayVote = state == .draft ? (org.active && recusals[race.id] == nil) : (roster[race.id] ?? false)
                return OrgRace(race: race, state: state, recusal: recusals[race.id], mayVote: mayVote,
                               candidates: ballots[race.id] ?? [], current: current[race.id])
            }
            return OrgBallotState(cycle: cycle, org: org, races: races, scores: scores)
        }
    }

    /// A candidate's submitted answers, for the org's delegate to read (never a draft). Only
    /// candidates on the ballot of a race of the session's cycle; others are `not_found`.
    public func candidateAnswers(_ session: LinkSession, candidate: String) async throws -> QuestionnaireState {
        let logger = store.logger
        let onBallot = try await store.read { conn in
            try await conn.query("""
                SELECT 1 FROM race_ballot WHERE cycle = \(session.cycle) AND candidate = \(candidate)
                """, logger: logger).collect().isEmpty == false
        }
        guard onBallot else {
            throw EndorseError(.notFound, "no candidate \(candidate) on a ballot of this cycle", at: candidate)
        }
        var state = try await Questionnaires(store: store).state(
            LinkSession(cycle: session.cycle, holder: .candidate(candidate), linkName: session.linkName))
        state.draft = nil
        state.draftSavedAt = nil
        return state
    }
}
