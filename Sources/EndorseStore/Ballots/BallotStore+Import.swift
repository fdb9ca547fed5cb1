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

extension BallotStore {
    /// `vote import`: ballots.jsonl lines naming `org` (never `weight`: the roster gives weights),
    /// all-or-nothing. Every bad line is reported (`FILE:LINE: column: problem`, at most 50 then a
    /// count) and nothing is written. Otherwise each line is applied in file order as one ballot
    /// version (several lines of one org and race: the last one standing, every version kept),
    /// all in one transaction with ONE audit event `ballot.import` carrying the file's sha256 and
    /// counts. Lines are written by `BallotWriter`, race by race, in rounds that hold at most one
    /// line per org (an org's second line goes in the second round).
    public func importBallots(cycle cycleID: String, bytes: [UInt8], file: String) async throws -> BallotImportResult {
        let (parsedLines, parsed) = OfflineBallots.parse(bytes)
        var problems = parsed.map { ImportProblem(line: $0.line, column: $0.column, message: $0.message) }
        problems += Self.databaseOnlyProblems(lines: parsedLines, parseProblems: problems)
        let lines = parsedLines.filter { $0.ballot.org != nil }
        let hash = Hex.encode(SHA256.hash(data: bytes))
        _ = try await read { [base] conn in try await base.cycle(cycleID, on: conn) }
        if lines.isEmpty && problems.isEmpty {
            throw EndorseError(.invalidInput, "no ballot lines in \(file), nothing imported", at: file)
        }
        let rounds = Self.rounds(lines)
        let voting = base.voting, actor = self.actor, logger = self.logger, known = problems
        return try await change(action: "ballot.import", cycle: cycleID, subject: file) { conn in
            var problems = known
            var replaced = 0
            var written: [JSONValue] = []
            for (race, round) in rounds {
                let writer = BallotWriter(cycle: cycleID, race: race, source: .import, audit: false)
                let entry = try await voting.ballotEntry(cycle: cycleID, race: race, reload: true, on: conn)
                let items = round.map { line in
                    BallotWrite(voter: .org(line.ballot.org ?? "", actor: actor, proxy: true),
                                content: .success(.ballot(line.ballot.choice)), proxyNote: nil, key: nil)
                }
                let outcomes = try await writer.write(items, entry: entry, on: conn, logger: logger)
                for (line, (item, outcome)) in zip(round, zip(items, outcomes)) {
                    switch outcome {
                    case .written(let w):
                        if w.replaced { replaced += 1 }
                        written.append(.array([.string(race), .string(w.org), .int(w.version)]))
                    case .refused(let refusal, let org, let state):
                        let error = refusal.error(for: item.checked(against: entry), org: org, cycle: cycleID,
                                                  race: race, raceState: state)
                        problems.append(ImportProblem(line: line.number, column: refusal.column(line.ballot.choice),
                                                      message: error.message))
                    case .replay, .again, .stale:
                        throw EndorseError(.unavailable, "race \(race) changed while the file was imported; try again",
                                           at: file)
                    }
                }
            }
            if !problems.isEmpty {
                throw CSVProblems.failure(problems, file: file, unit: "rows", action: "nothing imported")
            }
            let races = Set(lines.map(\.race)).sorted(by: Identifier.byteOrder)
            let pairs = Set(lines.map { $0.race + "\u{0}" + ($0.ballot.org ?? "") })
            let result = BallotImportResult(file: file, sha256: hash, lines: lines.count, replaced: replaced,
                                            races: races, ballots: pairs.count)
            // The event lists every version it wrote, so `audit verify` can account for each.
            var details = result.json
            if case .object(var object) = details {
                object["ballots"] = .array(written)
                details = .object(object)
            }
            return (result, details)
        }
    }

    /// The lines in the order they are written: per race (first appearance in the file), rounds
    /// of at most one line per org, an org's lines in file order.
    static func rounds(_ lines: [OfflineBallots.Line]) -> [(race: String, lines: [OfflineBallots.Line])] {
        var order: [String] = []
        var byRace: [String: [[OfflineBallots.Line]]] = [:]
        var seen: [String: Int] = [:]
        for line in lines {
            if byRace[line.race] == nil { order.append(line.race); byRace[line.race] = [] }
            let key = line.race + "\u{0}" + (line.ballot.org ?? "")
            let n = seen[key, default: 0]
            seen[key] = n + 1
            if byRace[line.race]!.count == n { byRace[line.race]!.append([]) }
            byRace[line.race]![n].append(line)
        }
        return order.flatMap { race in (byRace[race] ?? []).map { (race, $0) } }
    }
    /// Rules of a database import beyond the offline format: every line names its `org`, and no
    /// line carries `weight`.
    static func databaseOnlyProblems(lines: [OfflineBallots.Line],
                                     parseProblems: [ImportProblem]) -> [ImportProblem] {
        var problems: [ImportProblem] = []
        let weightReported = Set(parseProblems.filter { $0.column == "weight" }.map(\.line))
        for line in lines where line.hasWeight && !weightReported.contains(line.number) {
            problems.append(.init(line: line.number, column: "weight",
                                  message: "not allowed in a database import: the roster gives each org's weight"))
        }
        for line in lines where line.ballot.org == nil {
            problems.append(.init(line: line.number, column: "org", message: "missing: a database import names the org of every line"))
        }
        return problems
    }
}

/// A bad line of an import: `FILE:LINE: column: problem`.
typealias ImportProblem = CSVProblems.Problem

extension BallotRefusal {
    /// The column an import reports this refusal under.
    func column(_ choice: BallotChoice) -> String {
        switch self {
        case .noCycle, .noRace, .raceNotOpen: "race"
        case .invalidBody: choice.kindName
        default: "org"
        }
    }
}
