import Crypto
import EndorseCore
import PostgresNIO

/// What `cycle load` did.
public struct CycleLoadResult: Hashable, Sendable {
    public enum Outcome: String, Hashable, Sendable { case created, updated, unchanged }
    public var cycle: String
    public var outcome: Outcome
    /// What an update changed that matters to recorded data (CycleDiff lines); empty otherwise.
    public var changes: [String]
}

/// A loaded cycle and the state of each of its races (`cycle show`).
public struct CycleOverview: Hashable, Sendable {
    public var cycle: Cycle
    /// Race id -> `draft`, `open`, `closed` or `decided`.
    public var states: [String: String]
    public var candidates: Int
}

extension CatalogStore {
    /// Validates a cycle file completely, then creates or updates the cycle (cycle.md).
    ///
    /// The same bytes again change nothing and write no audit event (`unchanged`). An edit that
    /// would invalidate recorded data is refused with every reason listed, nothing written:
    /// a removed or re-typed question with answers, a removed race with candidates or past draft,
    /// a race whose method or seats change after voting opened, a removed plank once any race of
    /// the cycle has left draft (eligibility was computed with it).
    public func loadCycle(_ bytes: [UInt8], file: String) async throws -> CycleLoadResult {
        let new: Cycle
        do { new = try CycleFile.parse(bytes, file: file) } catch { throw error.asEndorseError() }
        guard let source = String(validating: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes,
                                  as: UTF8.self) else {
            throw EndorseError(.invalidInput, "not UTF-8", at: file)
        }
        let digest = Array(SHA256.hash(data: bytes))
        let actor = self.actor, logger = self.logger
        return try await base.transaction { conn in
            let rows = try await conn.query(
                "SELECT sha256, source_yaml FROM cycles WHERE id = \(new.id) FOR UPDATE", logger: logger).collect()
            var changes: [String] = []
            let outcome: CycleLoadResult.Outcome
            if let row = rows.first {
                let (sha, oldSource) = try row.decode((ByteBuffer, String).self)
                if Array(sha.readableBytesView) == digest {
                    return CycleLoadResult(cycle: new.id, outcome: .unchanged, changes: [])
                }
                let old: Cycle
                do { old = try CycleFile.parse(Array(oldSource.utf8), file: "cycle \(new.id)") } catch let e as CycleValidationError { throw e.asEndorseError() }
                let diff = CycleDiff(from: old, to: new)
                try await refuseInvalidating(diff, cycle: new.id, file: file, on: conn)
                changes = diff.changes.map(\.description)
                outcome = .updated
            } else {
                outcome = .created
            }
            try await write(new, source: source, digest: digest, on: conn)
            let details: JSONValue = .object([
                "file": .string(file), "sha256": .string(Hex.encode(digest)),
                "outcome": .string(outcome.rawValue), "changes": .strings(changes),
                "races": .int(new.races.count), "planks": .int(new.platform.count),
                "questions": .int(new.questionnaire.count),
            ])
            try await AuditLog.append(actor: actor, action: "cycle.load", cycle: new.id, subject: nil,
                                      details: details, on: conn, logger: logger)
            return CycleLoadResult(cycle: new.id, outcome: outcome, changes: changes)
        }
    }

    /// The cycle with the state of each race.
    public func cycleOverview(_ id: String) async throws -> CycleOverview {
        try await read { conn in
            let cycle = try await self.cycle(id, on: conn)
            var states: [String: String] = [:]
            for try await (race, state) in try await conn.query(
                "SELECT id, state FROM races WHERE cycle = \(id)", logger: logger).decode((String, String).self) {
                states[race] = state
            }
            let n = try await conn.query("SELECT count(*)::bigint FROM candidates WHERE cycle = \(id)", logger: logger)
                .collect().first?.decode(Int64.self) ?? 0
            return CycleOverview(cycle: cycle, states: states, candidates: Int(n))
        }
    }

    /// Throws listing every change of `diff` that recorded data forbids.
    private func refuseInvalidating(_ diff: CycleDiff, cycle: String, file: String,
                                    on conn: PostgresConnection) async throws {
        var reasons: [String] = []
        var answered: [String: Int64] = [:]
        for try await (q, n) in try await conn.query("""
            SELECT question, count(*)::bigint FROM answers WHERE cycle = \(cycle) GROUP BY question
            """, logger: logger).decode((String, Int64).self) { answered[q] = n }
        var races: [String: (state: String, candidates: Int64)] = [:]
        for try await (r, state, n) in try await conn.query("""
            SELECT r.id, r.state, (SELECT count(*) FROM candidates c WHERE c.cycle = r.cycle AND c.race = r.id)::bigint
            FROM races r WHERE r.cycle = \(cycle)
            """, logger: logger).decode((String, String, Int64).self) { races[r] = (state, n) }
        let anyOpened = races.values.contains { $0.state != "draft" }
        for change in diff.changes {
            switch change.subject {
            case .question:
                if let n = answered[change.id] {
                    reasons.append("\(change), but it has \(n) recorded answer\(n == 1 ? "" : "s")")
                }
            case .race:
                guard let r = races[change.id] else { continue }
                if change.removed && r.candidates > 0 {
                    reasons.append("\(change), but it has \(r.candidates) candidate\(r.candidates == 1 ? "" : "s")")
                } else if r.state != "draft" {
                    reasons.append("\(change), but the race is \(r.state)")
                }
            case .plank:
                if anyOpened { reasons.append("\(change), but voting has opened in this cycle") }
            }
        }
        if !reasons.isEmpty {
            throw EndorseError(.conflict,
                               "the edited cycle would invalidate recorded data (\(reasons.count) problem\(reasons.count == 1 ? "" : "s")), nothing loaded",
                               at: file, details: reasons.map { "\(file): \($0)" })
        }
    }

    /// Writes the cycle's rows: upserts what stays, deletes what the file dropped (already
    /// checked to be unreferenced), rewrites options and plank mappings.
    private func write(_ c: Cycle, source: String, digest: [UInt8], on conn: PostgresConnection) async throws {
        let parsed = CycleSummary.json(c).canonicalString
        let sha = ByteBuffer(bytes: digest)
        try await conn.query("""
            INSERT INTO cycles (id, name, election_date, jurisdiction, source_yaml, parsed, sha256)
            VALUES (\(c.id), \(c.name.default), \(c.electionDate)::date, \(c.jurisdiction), \(source), \(parsed)::jsonb, \(sha))
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, election_date = EXCLUDED.election_date,
                jurisdiction = EXCLUDED.jurisdiction, source_yaml = EXCLUDED.source_yaml,
                parsed = EXCLUDED.parsed, sha256 = EXCLUDED.sha256, updated_at = now()
            """, logger: logger)
        let id = c.id
        let questionIDs = c.questionnaire.map(\.id), plankIDs = c.platform.map(\.id), raceIDs = c.races.map(\.id)
        try await conn.query("DELETE FROM question_planks WHERE cycle = \(id)", logger: logger)
        try await conn.query("DELETE FROM question_options WHERE cycle = \(id)", logger: logger)
        try await conn.query("DELETE FROM questions WHERE cycle = \(id) AND NOT (id = ANY(\(questionIDs)))", logger: logger)
        try await conn.query("DELETE FROM planks WHERE cycle = \(id) AND NOT (id = ANY(\(plankIDs)))", logger: logger)
        try await conn.query("DELETE FROM recusals WHERE cycle = \(id) AND NOT (race = ANY(\(raceIDs)))", logger: logger)
        try await conn.query("DELETE FROM races WHERE cycle = \(id) AND NOT (id = ANY(\(raceIDs)))", logger: logger)
        for (i, p) in c.platform.enumerated() {
            try await conn.query("""
                INSERT INTO planks (cycle, id, position, title, section, weight, min_score)
                VALUES (\(id), \(p.id), \(i), \(p.title.default), \(p.section?.default), \(p.weight.description)::numeric,
                        \(p.minScore?.description)::numeric)
                ON CONFLICT (cycle, id) DO UPDATE SET position = EXCLUDED.position, title = EXCLUDED.title,
                    section = EXCLUDED.section, weight = EXCLUDED.weight, min_score = EXCLUDED.min_score
                """, logger: logger)
        }
        for (i, q) in c.questionnaire.enumerated() {
            var low: Int? = nil, high: Int? = nil, points: Int? = nil
            switch q.kind {
            case .scale(let a, let b): low = a; high = b
            case .text(let p): points = p
            default: break
            }
            try await conn.query("""
                INSERT INTO questions (cycle, id, position, text, kind, scale_min, scale_max, max_points)
                VALUES (\(id), \(q.id), \(i), \(q.text.default), \(q.kind.name), \(low), \(high), \(points))
                ON CONFLICT (cycle, id) DO UPDATE SET position = EXCLUDED.position, text = EXCLUDED.text,
                    kind = EXCLUDED.kind, scale_min = EXCLUDED.scale_min, scale_max = EXCLUDED.scale_max,
                    max_points = EXCLUDED.max_points
                """, logger: logger)
            if case .choice(let options) = q.kind {
                for (j, o) in options.enumerated() {
                    try await conn.query("""
                        INSERT INTO question_options (cycle, question, id, position, label, score)
                        VALUES (\(id), \(q.id), \(o.id), \(j), \(o.label.default), \(o.score.description)::numeric)
                        """, logger: logger)
                }
            }
            for (j, m) in q.planks.enumerated() {
                try await conn.query("""
                    INSERT INTO question_planks (cycle, question, plank, position, weight, favors)
                    VALUES (\(id), \(q.id), \(m.plank), \(j), \(m.weight.description)::numeric, \(m.favors?.rawValue))
                    """, logger: logger)
            }
        }
        for (i, r) in c.races.enumerated() {
            try await conn.query("""
                INSERT INTO races (cycle, id, position, name, division, seats, method, max_endorsements,
                                   quorum, threshold, threshold_base)
                VALUES (\(id), \(r.id), \(i), \(r.name.default), \(r.division), \(r.seats), \(r.method.rawValue),
                        \(r.maxEndorsements), \(r.quorum?.description)::numeric, \(r.threshold?.description)::numeric,
                        \(r.thresholdBase?.rawValue))
                ON CONFLICT (cycle, id) DO UPDATE SET position = EXCLUDED.position, name = EXCLUDED.name,
                    division = EXCLUDED.division, seats = EXCLUDED.seats, method = EXCLUDED.method,
                    max_endorsements = EXCLUDED.max_endorsements, quorum = EXCLUDED.quorum,
                    threshold = EXCLUDED.threshold, threshold_base = EXCLUDED.threshold_base
                """, logger: logger)
        }
    }
}
