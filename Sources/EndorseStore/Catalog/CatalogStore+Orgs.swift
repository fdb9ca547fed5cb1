import Crypto
import Foundation
import EndorseCore
import PostgresNIO

/// A member organisation (orgs.csv).
public struct OrgRecord: Hashable, Sendable {
    public var id: String
    public var name: String
    public var weight: Int64
    public var contactEmail: String?
    public var active: Bool

    public init(id: String, name: String, weight: Int64 = 1, contactEmail: String? = nil, active: Bool = true) {
        self.id = id
        self.name = name
        self.weight = weight
        self.contactEmail = contactEmail
        self.active = active
    }
}

/// What an import did: rows in the file, rows created, changed, left as they were.
public struct ImportResult: Hashable, Sendable {
    public var rows: Int
    public var created: Int
    public var updated: Int
    public var unchanged: Int
}

/// What `org recuse` did.
public struct RecusalResult: Hashable, Sendable {
    public var raceState: String
    /// True when the race was open: the roster snapshot now marks the org recused.
    public var snapshotUpdated: Bool
    /// True when the org's current ballot in the race was withdrawn (a new `withdrawal` version).
    public var ballotWithdrawn: Bool
}

extension CatalogStore {
    /// Parses orgs.csv (formats.md `id,name,weight,contact_email[,active]`); every bad row listed.
    public static func parseOrgs(_ bytes: [UInt8], file: String) throws(EndorseError) -> [OrgRecord] {
        let table = try CSVTable.read(bytes, file: file)
        var problems = CSVProblems(file: file)
        let known = ["id", "name", "weight", "contact_email", "active"]
        for column in ["id", "name"] where table.column(column) == nil {
            problems.add(line: 1, column: column, "missing column")
        }
        for column in table.header where !known.contains(column) {
            problems.add(line: 1, column: column, "unknown column")
        }
        try problems.check()
        problems = table.problems   // the file's bad cells, reported with the rows'
        let cId = table.column("id"), cName = table.column("name"), cWeight = table.column("weight")
        let cEmail = table.column("contact_email"), cActive = table.column("active")
        var orgs: [OrgRecord] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            guard problems.checkWidth(row, of: table) else { continue }
            let id = row[cId], name = row[cName], weightText = row[cWeight], activeText = row[cActive]
            var ok = problems.checkID(id, of: row, seen: &seen)
            if name.isEmpty { problems.add(line: row.line, column: "name", "required"); ok = false }
            var weight: Int64 = 1
            if !weightText.isEmpty {
                if let w = Int64(weightText), w > 0 { weight = w } else {
                    problems.add(line: row.line, column: "weight", "\"\(weightText)\" is not a positive integer"); ok = false
                }
            }
            var active = true
            switch activeText {
            case "", "true": active = true
            case "false": active = false
            default: problems.add(line: row.line, column: "active", "must be true, false or empty"); ok = false
            }
            if ok {
                let email = row[cEmail]
                orgs.append(OrgRecord(id: id, name: name, weight: weight,
                                      contactEmail: email.isEmpty ? nil : email, active: active))
            }
        }
        try problems.check()
        return orgs
    }

    /// Imports orgs.csv: all-or-nothing upsert by id, one audit event (file sha256 and counts).
    public func importOrgs(_ bytes: [UInt8], file: String) async throws -> ImportResult {
        let orgs = try CatalogStore.parseOrgs(bytes, file: file)
        let digest = Hex.encode(Array(SHA256.hash(data: bytes)))
        return try await change(action: "org.import", cycle: nil, subject: nil) { conn in
            var existing: [String: OrgRecord] = [:]
            for try await (id, name, weight, email, active) in try await conn.query(
                "SELECT id, name, weight, contact_email, active FROM orgs", logger: logger)
                .decode((String, String, Int64, String?, Bool).self) {
                existing[id] = OrgRecord(id: id, name: name, weight: weight, contactEmail: email, active: active)
            }
            var result = ImportResult(rows: orgs.count, created: 0, updated: 0, unchanged: 0)
            for o in orgs {
                if let old = existing[o.id] {
                    if old == o { result.unchanged += 1; continue }
                    result.updated += 1
                } else {
                    result.created += 1
                }
                try await conn.query("""
                    INSERT INTO orgs (id, name, weight, contact_email, active)
                    VALUES (\(o.id), \(o.name), \(o.weight), \(o.contactEmail), \(o.active))
                    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, weight = EXCLUDED.weight,
                        contact_email = EXCLUDED.contact_email, active = EXCLUDED.active, updated_at = now()
                    """, logger: logger)
            }
            return (result, CatalogStore.importDetails(file: file, sha256: digest, result))
        }
    }

    static func importDetails(file: String, sha256: String, _ r: ImportResult) -> JSONValue {
        .object(["file": .string(file), "sha256": .string(sha256), "rows": .int(r.rows),
                 "created": .int(r.created), "updated": .int(r.updated), "unchanged": .int(r.unchanged)])
    }

    /// Every member org, by id.
    public func orgs() async throws -> [OrgRecord] {
        try await read { conn in
            var out: [OrgRecord] = []
            for try await (id, name, weight, email, active) in try await conn.query(
                "SELECT id, name, weight, contact_email, active FROM orgs ORDER BY id", logger: logger)
                .decode((String, String, Int64, String?, Bool).self) {
                out.append(OrgRecord(id: id, name: name, weight: weight, contactEmail: email, active: active))
            }
            return out
        }
    }

    /// Recuses an org from a race for a conflict of interest. Allowed while the race is draft or
    /// open; refused once closed or decided (the tally stands on the roster it had). When open,
    /// the roster snapshot row is marked recused and a current ballot is withdrawn (a new
    /// `withdrawal` version), so the org neither votes nor counts in E from then on. Recusing
    /// twice is refused (`conflict`).
    public func recuse(cycle: String, org: String, race: String, reason: String) async throws -> RecusalResult {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw EndorseError(.invalidInput, "a reason is required", at: "--reason")
        }
        let voting = base.voting
        return try await change(action: "org.recuse", cycle: cycle, subject: org) { conn in
            let c = try await self.cycle(cycle, on: conn)
            guard c.race(race) != nil else { throw EndorseError(.notFound, "no such race in cycle \(cycle)", at: race) }
            let orgRows = try await conn.query("SELECT 1 FROM orgs WHERE id = \(org)", logger: logger).collect()
            guard !orgRows.isEmpty else { throw EndorseError(.notFound, "no such org", at: org) }
            let state = try await conn.query(
                "SELECT state FROM races WHERE cycle = \(cycle) AND id = \(race) FOR UPDATE", logger: logger)
                .collect().first?.decode(String.self) ?? "draft"
            guard state == "draft" || state == "open" else {
                throw EndorseError(.wrongState, "race \(race) is \(state); recusals are recorded before it closes", at: race)
            }
            let existing = try await conn.query(
                "SELECT 1 FROM recusals WHERE cycle = \(cycle) AND race = \(race) AND org = \(org)", logger: logger).collect()
            guard existing.isEmpty else {
                throw EndorseError(.conflict, "org \(org) is already recused from race \(race)", at: org)
            }
            try await conn.query("""
                INSERT INTO recusals (cycle, race, org, reason, actor) VALUES (\(cycle), \(race), \(org), \(reason), \(actor))
                """, logger: logger)
            var result = RecusalResult(raceState: state, snapshotUpdated: false, ballotWithdrawn: false)
            var withdrawnVersion: Int?
            if state == "open" {
                let updated = try await conn.query("""
                    UPDATE race_roster SET recused = true WHERE cycle = \(cycle) AND race = \(race) AND org = \(org)
                    RETURNING org
                    """, logger: logger).collect()
                result.snapshotUpdated = !updated.isEmpty
                // The org's current ballot is withdrawn by the one ballot writer; the recusal's
                // own event records it.
                let withdrawal = BallotWrite(voter: .org(org, actor: actor, proxy: true), content: .success(.withdrawal),
                                             proxyNote: nil, key: nil)
                let writer = BallotWriter(cycle: cycle, race: race, source: .cli, audit: false)
                let entry = try await voting.ballotEntry(cycle: cycle, race: race, reload: true, on: conn)
                switch try await writer.write([withdrawal], entry: entry, on: conn, logger: logger).first {
                case .written(let w)?:
                    result.ballotWithdrawn = true
                    withdrawnVersion = w.version
                case .refused(.noBallot, _, _)?, .refused(.notOnRoster, _, _)?: break
                case let other:
                    throw EndorseError(.unavailable, "withdrawing the recused org's ballot answered \(String(describing: other))",
                                       at: org)
                }
            }
            var fields: [String: JSONValue] = [
                "race": .string(race), "reason": .string(reason), "race_state": .string(state),
                "ballot_withdrawn": .bool(result.ballotWithdrawn),
            ]
            if let withdrawnVersion { fields["ballot_version"] = .int(withdrawnVersion) }
            let details: JSONValue = .object(fields)
            return (result, details)
        }
    }
}
