import Crypto
import EndorseCore
import Foundation
import PostgresNIO

/// What `vote import` wrote.
public struct BallotImportResult: Hashable, Sendable {
    public var file: String
    /// Hex sha256 of the file's bytes (also in the audit event).
    public var sha256: String
    /// Ballot lines applied, each as one version, in file order.
    public var lines: Int
    /// Lines that replaced an org's current ballot (an earlier one, or one earlier in the file).
    public var replaced: Int
    /// Races touched, by id.
    public var races: [String]
    /// Distinct (org, race) pairs.
    public var ballots: Int

    public var json: JSONValue {
        .object(["file": .string(file), "sha256": .string(sha256), "lines": .int(lines),
                 "replaced": .int(replaced), "races": .strings(races), "ballots": .int(ballots)])
    }
}

extension Store {
    /// `vote import`: ballots.jsonl lines naming `org` (never `weight`: the roster gives weights),
    /// all-or-nothing. Every bad line is reported (`FILE:LINE: column: problem`, at most 50 then a
    /// count) and nothing is written. Otherwise each line is applied in file order as one ballot
    /// version (several lines of one org and race: the last one standing, every version kept), all
    /// in one transaction with ONE audit event `ballot.import` carrying the file's sha256 and counts.
    public func importBallots(cycle cycleID: String, bytes: [UInt8], file: String) async throws -> BallotImportResult {
        var (lines, parsed) = OfflineBallots.parse(bytes)
        var problems = parsed.map { ImportProblem(line: $0.line, column: $0.column, message: $0.message) }
        problems += Self.databaseOnlyProblems(bytes, lines: lines, parseProblems: problems)
        lines = lines.filter { $0.ballot.org != nil }
        let hash = Hex.encode(SHA256.hash(data: bytes))
        let cycle = try await read { conn in try await self.cycle(cycleID, on: conn) }
        if lines.isEmpty && problems.isEmpty {
            throw EndorseError(.invalidInput, "no ballot lines in \(file), nothing imported", at: file)
        }
        return try await change(action: "ballot.import", cycle: cycleID, subject: file) { conn in
            var checker = ImportChecker(cycle: cycle)
            for line in lines {
                if let p = try await checker.check(line, store: self, on: conn) { problems.append(p) }
            }
            if !problems.isEmpty {
                throw ImportProblem.failure(problems, file: file)
            }
            var replaced = 0
            var pairs = Set<String>()
            for line in lines {
                guard let org = line.ballot.org else { continue }
                _ = try await self.lockVoter(cycle: cycleID, race: line.race, org: org, withdrawing: false, on: conn)
                let receipt = try await self.insertBallot(cycle: cycleID, race: line.race, org: org,
                                                          kind: line.ballot.choice.kindName, choice: line.ballot.choice,
                                                          proxy: true, note: nil, source: .import, on: conn)
                if receipt.replaced { replaced += 1 }
                pairs.insert(line.race + "\u{0}" + org)
            }
            let races = Set(lines.map(\.race)).sorted(by: Identifier.byteOrder)
            let result = BallotImportResult(file: file, sha256: hash, lines: lines.count, replaced: replaced,
                                            races: races, ballots: pairs.count)
            return (result, result.json)
        }
    }

    /// Rules of a database import beyond the offline format: every line names its `org`, and no
    /// line carries `weight`.
    static func databaseOnlyProblems(_ bytes: [UInt8], lines: [OfflineBallots.Line],
                                     parseProblems: [ImportProblem]) -> [ImportProblem] {
        var problems: [ImportProblem] = []
        let weightReported = Set(parseProblems.filter { $0.column == "weight" }.map(\.line))
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var number = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            number += 1
            if !weightReported.contains(number),
               let object = (try? JSONValue.parse(Array(bytes[start..<end])))?.objectValue, object["weight"] != nil {
                problems.append(.init(line: number, column: "weight",
                                      message: "not allowed in a database import: the roster gives each org's weight"))
            }
            if end == bytes.count { break }
            start = end + 1
        }
        for line in lines where line.ballot.org == nil {
            problems.append(.init(line: line.number, column: "org", message: "missing: a database import names the org of every line"))
        }
        return problems
    }
}

/// A bad line of an import: `FILE:LINE: column: problem`.
struct ImportProblem: Hashable, Sendable {
    var line: Int
    var column: String
    var message: String

    /// The all-or-nothing refusal (formats.md): problems by line, at most 50 listed then a count,
    /// and `N bad rows in FILE, nothing imported`.
    static func failure(_ problems: [ImportProblem], file: String) -> EndorseError {
        let sorted = problems.enumerated().sorted {
            $0.element.line != $1.element.line ? $0.element.line < $1.element.line : $0.offset < $1.offset
        }.map(\.element)
        let limit = OfflineBallots.maxListedProblems
        var details = sorted.prefix(limit).map { "\(file):\($0.line): \($0.column): \($0.message)" }
        if sorted.count > limit { details.append("... and \(sorted.count - limit) more") }
        let bad = Set(sorted.map(\.line)).count
        return EndorseError(.invalidInput, "\(bad) bad rows in \(file), nothing imported", details: details)
    }
}

/// Checks import lines against the database, loading each race's state, roster and ballot once.
private struct ImportChecker {
    struct RaceInfo {
        var race: Race
        var state: RaceState
        var ballot: Set<String>
        /// org -> (active, recused)
        var roster: [String: (Bool, Bool)]
    }

    let cycle: Cycle
    var races: [String: RaceInfo?] = [:]
    var knownOrgs: Set<String>?

    init(cycle: Cycle) { self.cycle = cycle }

    mutating func check(_ line: OfflineBallots.Line, store: Store,
                        on conn: PostgresConnection) async throws -> ImportProblem? {
        func problem(_ column: String, _ message: String) -> ImportProblem {
            .init(line: line.number, column: column, message: message)
        }
        if races[line.race] == nil { races[line.race] = .some(try await load(line.race, store: store, on: conn)) }
        guard let info = races[line.race] ?? nil else {
            return problem("race", "no race \(line.race) in cycle \(cycle.id)")
        }
        guard info.state == .open else {
            return problem("race", "race \(line.race) is \(info.state.rawValue), not open for voting")
        }
        guard let org = line.ballot.org else { return nil }
        guard let (active, recused) = info.roster[org] else {
            if knownOrgs == nil {
                var ids = Set<String>()
                for try await id in try await conn.query("SELECT id FROM orgs", logger: store.logger).decode(String.self) {
                    ids.insert(id)
                }
                knownOrgs = ids
            }
            return problem("org", knownOrgs?.contains(org) == true
                           ? "org \(org) is not on the roster of race \(line.race) (it joined after the race opened)"
                           : "no member org \(org)")
        }
        if recused { return problem("org", "org \(org) is recused from race \(line.race)") }
        if !active { return problem("org", "org \(org) is inactive and does not vote") }
        do {
            try BallotRules.validate(line.ballot.choice, method: info.race.method, ballot: info.ballot)
        } catch {
            return problem(line.ballot.choice.kindName, error.message)
        }
        return nil
    }

    private func load(_ raceID: String, store: Store, on conn: PostgresConnection) async throws -> RaceInfo? {
        guard let r = try? await store.votingRace(cycle, raceID, lock: "share", on: conn) else { return nil }
        let ballot = try await store.raceBallot(cycle: cycle.id, race: raceID, on: conn)
        var roster: [String: (Bool, Bool)] = [:]
        let rows = try await conn.query("""
            SELECT org, active, recused FROM race_roster WHERE cycle = \(cycle.id) AND race = \(raceID)
            """, logger: store.logger)
        for try await (org, active, recused) in rows.decode((String, Bool, Bool).self) { roster[org] = (active, recused) }
        return RaceInfo(race: r.race, state: r.state, ballot: Set(ballot), roster: roster)
    }
}
