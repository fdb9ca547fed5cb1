import Crypto
import EndorseCore
import Foundation
import PostgresNIO

extension CatalogStore {
    /// Parses candidates.csv against a cycle (every race must exist); every bad row listed.
    public static func parseCandidates(_ bytes: [UInt8], file: String, cycle: Cycle) throws(EndorseError) -> [(line: Int, candidate: CandidateRecord)] {
        try CandidatesFile.parse(bytes, file: file, races: (cycle.id, Set(cycle.races.map(\.id))))
    }

    /// Imports candidates.csv into a cycle: all-or-nothing upsert by id, one audit event. Moving a
    /// candidate to another race is refused once either race has left draft (a ballot names it).
    public func importCandidates(cycle id: String, _ bytes: [UInt8], file: String) async throws -> ImportResult {
        let digest = Hex.encode(Array(SHA256.hash(data: bytes)))
        return try await change(action: "candidate.import", cycle: id, subject: nil) { conn in
            let cycle = try await self.cycle(id, on: conn)
            let rows = try CatalogStore.parseCandidates(bytes, file: file, cycle: cycle)
            let existing = Dictionary(uniqueKeysWithValues: try await candidates(cycle: id, on: conn).map { ($0.id, $0) })
            var states: [String: String] = [:]
            for try await (race, state) in try await conn.query(
                "SELECT id, state FROM races WHERE cycle = \(id)", logger: logger).decode((String, String).self) {
                states[race] = state
            }
            var problems = CSVProblems(file: file)
            var result = ImportResult(rows: rows.count, created: 0, updated: 0, unchanged: 0)
            var writes: [CandidateRecord] = []
            for (line, candidate) in rows {
                var c = candidate
                if let old = existing[c.id] {
                    c.withdrawReason = old.withdrawReason
                    if old == c { result.unchanged += 1; continue }
                    if old.race != c.race, states[old.race] != "draft" || states[c.race] != "draft" {
                        problems.add(line: line, column: "race", "\(c.id) cannot move from \(old.race) to \(c.race) after voting opened")
                        continue
                    }
                    result.updated += 1
                } else {
                    result.created += 1
                }
                writes.append(c)
            }
            if let failure = problems.failure() { throw failure }
            // One set-based upsert (100,000 candidates would be 100,000 round trips otherwise);
            // optional cells travel as "" and become NULL.
            let ids = writes.map(\.id), races = writes.map(\.race), names = writes.map(\.name)
            let ballots = writes.map { $0.ballotName ?? "" }, emails = writes.map { $0.email ?? "" }
            let sites = writes.map { $0.website ?? "" }
            let incumbents = writes.map { $0.incumbent.map { $0 ? "true" : "false" } ?? "" }
            if !writes.isEmpty {
                try await conn.query("""
                    INSERT INTO candidates (cycle, id, race, name, ballot_name, incumbent, email, website)
                    SELECT \(id), u.id, u.race, u.name, nullif(u.ballot, ''), nullif(u.incumbent, '')::boolean,
                           nullif(u.email, ''), nullif(u.website, '')
                    FROM unnest(\(ids)::text[], \(races)::text[], \(names)::text[], \(ballots)::text[],
                                \(incumbents)::text[], \(emails)::text[], \(sites)::text[])
                         AS u(id, race, name, ballot, incumbent, email, website)
                    ON CONFLICT (cycle, id) DO UPDATE SET race = EXCLUDED.race, name = EXCLUDED.name,
                        ballot_name = EXCLUDED.ballot_name, incumbent = EXCLUDED.incumbent,
                        email = EXCLUDED.email, website = EXCLUDED.website, updated_at = now()
                    """, logger: logger)
            }
            return (result, CatalogStore.importDetails(file: file, sha256: digest, result))
        }
    }

    /// The cycle's candidates, by race position in the file, then id.
    public func candidates(cycle id: String) async throws -> [CandidateRecord] {
        try await read { conn in
            _ = try await self.cycle(id, on: conn)
            return try await candidates(cycle: id, on: conn)
        }
    }

    func candidates(cycle id: String, on conn: PostgresConnection) async throws -> [CandidateRecord] {
        var out: [CandidateRecord] = []
        for try await (cid, race, name, ballot, incumbent, email, website, reason) in try await conn.query("""
            SELECT c.id, c.race, c.name, c.ballot_name, c.incumbent, c.email, c.website, c.withdraw_reason
            FROM candidates c JOIN races r ON r.cycle = c.cycle AND r.id = c.race
            WHERE c.cycle = \(id) ORDER BY r.position, c.id
            """, logger: logger).decode((String, String, String, String?, Bool?, String?, String?, String?).self) {
            out.append(CandidateRecord(id: cid, race: race, name: name, ballotName: ballot, incumbent: incumbent,
                                       email: email, website: website, withdrawReason: reason))
        }
        return out
    }

    /// Withdraws a candidate (kept, never deleted; scored `withdrawn`, so off any ballot opened
    /// later). Withdrawing twice is refused. A ballot already snapshotted keeps the candidate.
    public func withdrawCandidate(cycle: String, id: String, reason: String) async throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw EndorseError(.invalidInput, "a reason is required", at: "--reason")
        }
        try await change(action: "candidate.withdraw", cycle: cycle, subject: id) { conn in
            _ = try await self.cycle(cycle, on: conn)
            let rows = try await conn.query("""
                SELECT withdraw_reason FROM candidates WHERE cycle = \(cycle) AND id = \(id) FOR UPDATE
                """, logger: logger).collect()
            guard let row = rows.first else { throw EndorseError(.notFound, "no such candidate in cycle \(cycle)", at: id) }
            if try row.decode(String?.self) != nil {
                throw EndorseError(.conflict, "candidate \(id) has already withdrawn", at: id)
            }
            try await conn.query("""
                UPDATE candidates SET withdrawn_at = now(), withdraw_reason = \(reason), updated_at = now()
                WHERE cycle = \(cycle) AND id = \(id)
                """, logger: logger)
            return ((), .object(["reason": .string(reason)]))
        }
    }
}
