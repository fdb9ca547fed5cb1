import EndorseCore
import Foundation
import PostgresNIO

/// A published slate version with everything its voter guide shows (the public side of a
/// publication: what `endorse serve` sends and `slate publish --site` writes).
public struct Publication: Sendable, Hashable {
    public var slate: StoredSlate
    /// The coalition.pub text of the signing key; nil for a version published before it was kept.
    public var publicKey: String?
    /// The cycle as it was at publication (the current one for an older version).
    public var cycle: Cycle
    /// The answers the guide shows (none recorded for an older version).
    public var answers: GuideAnswers

    public init(slate: StoredSlate, publicKey: String?, cycle: Cycle, answers: GuideAnswers) {
        self.slate = slate
        self.publicKey = publicKey
        self.cycle = cycle
        self.answers = answers
    }
}

extension DecisionStore {
    /// The channel a publication notifies (payload: the cycle id) when it commits.
    public static let publicationChannel = "endorse_slates"

    /// The latest version of every cycle that has a slate: the cheap check a server makes to
    /// notice a publication by another process.
    public func publishedVersions() async throws -> [String: Int] {
        try await read { conn in
            var out: [String: Int] = [:]
            for try await (cycle, version) in try await conn.query(
                "SELECT cycle, max(version) FROM slates GROUP BY cycle", logger: logger
            ).decode((String, Int).self) {
                out[cycle] = version
            }
            return out
        }
    }

    /// The latest publication of a cycle, or nil before the first.
    public func latestPublication(cycle cycleID: String) async throws -> Publication? {
        try await read { conn in
            guard let slate = try await latestSlate(cycle: cycleID, on: conn) else { return nil }
            let rows = try await conn.query("""
                SELECT public_key, cycle_yaml, answers FROM slate_guides
                WHERE cycle = \(cycleID) AND version = \(slate.version)
                """, logger: logger).collect()
            guard let row = rows.first else {
                let cycle = try await self.cycle(cycleID, on: conn)
                return Publication(slate: slate, publicKey: nil, cycle: cycle,
                                   answers: GuideAnswers(mode: .none, candidates: []))
            }
            let (key, yaml, answersBuffer) = try row.decode((String, String, ByteBuffer).self)
            let where_ = "\(cycleID) v\(slate.version)"
            guard let cycle = try? CycleFile.parse(Array(yaml.utf8), file: "cycle \(cycleID)"),
                  let json = try? JSONValue.parse(Array(answersBuffer.readableBytesView)),
                  let answers = GuideAnswers(json: json) else {
                throw EndorseError(.invalidInput, "the stored guide of this version is not readable", at: where_)
            }
            return Publication(slate: slate, publicKey: key, cycle: cycle, answers: answers)
        }
    }

    /// Records, inside the publish transaction, what the new version's guide shows, and
    /// notifies listeners when the transaction commits.
    func recordGuide(cycle cycleID: String, version: Int, slateBytes: [UInt8], publicKey: SignifyPublicKey,
                     on conn: PostgresConnection) async throws {
        let cycle = try await self.cycle(cycleID, on: conn)
        let yamlRows = try await conn.query("SELECT source_yaml FROM cycles WHERE id = \(cycleID)",
                                            logger: logger).collect()
        guard let yaml = try yamlRows.first?.decode(String.self) else {
            throw EndorseError(.notFound, "no such cycle", at: cycleID)
        }
        let answers = try await guideAnswers(cycle: cycle, slateBytes: slateBytes, on: conn)
        let key = String(decoding: publicKey.fileBytes(), as: UTF8.self)
        let bytes = ByteBuffer(bytes: answers.json.canonicalBytes)
        try await conn.query("""
            INSERT INTO slate_guides (cycle, version, public_key, cycle_yaml, answers)
            VALUES (\(cycleID), \(version), \(key), \(yaml), \(bytes))
            """, logger: logger)
        try await conn.query("SELECT pg_notify(\(Self.publicationChannel), \(cycleID))", logger: logger)
    }

    /// The candidates whose answers the guide shows (`publish_answers`), with their current
    /// (submitted) answers and scores.
    func guideAnswers(cycle: Cycle, slateBytes: [UInt8], on conn: PostgresConnection) async throws -> GuideAnswers {
        let mode = cycle.publishAnswers
        guard mode != .none else { return GuideAnswers(mode: mode, candidates: []) }
        // Endorsed ids per race, in slate order.
        var endorsed: [String: [String]] = [:]
        if let slate = try? JSONValue.parse(slateBytes) {
            for race in slate["races"]?.arrayValue ?? [] {
                guard let id = race["id"]?.stringValue else { continue }
                endorsed[id] = (race["endorsements"]?.arrayValue ?? []).compactMap { $0["candidate"]?["id"]?.stringValue }
            }
        }
        var answers: [String: [String: String]] = [:]
        for try await (candidate, question, value) in try await conn.query("""
            SELECT candidate, question, value FROM answers
            WHERE cycle = \(cycle.id) AND current AND value IS NOT NULL
            """, logger: logger).decode((String, String, String).self) {
            answers[candidate, default: [:]][question] = value
        }
        var people: [String: (name: String, ballotName: String?, incumbent: Bool?, website: String?, withdrawn: Bool)] = [:]
        for try await (id, name, ballotName, incumbent, website, withdrawn) in try await conn.query("""
            SELECT id, name, ballot_name, incumbent, website, withdrawn_at IS NOT NULL FROM candidates
            WHERE cycle = \(cycle.id)
            """, logger: logger).decode((String, String, String?, Bool?, String?, Bool).self) {
            people[id] = (name, ballotName, incumbent, website, withdrawn)
        }
        let report = try await AnswerStore(base: base).scores(cycle: cycle, race: nil, on: conn)
        var scores: [String: CandidateScore] = [:]
        for s in report.candidates { scores[s.id] = s }

        var out: [GuideAnswers.Candidate] = []
        for race in cycle.races {
            let chosen = endorsed[race.id] ?? []
            let others = mode == .endorsed ? [] : report.candidates
                .filter { $0.race == race.id && !chosen.contains($0.id) && answers[$0.id] != nil
                          && people[$0.id]?.withdrawn == false }
                .map(\.id)
            for id in chosen + others {
                guard let person = people[id] else { continue }
                let score = scores[id]
                var planks: [String: String?] = [:]
                for p in score?.planks ?? [] { planks[p.plank] = p.score.map { $0.rounded(fractionDigits: 2) } }
                out.append(GuideAnswers.Candidate(
                    id: id, race: race.id, name: person.name, ballotName: person.ballotName ?? person.name,
                    incumbent: person.incumbent ?? false, website: person.website, endorsed: chosen.contains(id),
                    overall: score?.overall.map { $0.rounded(fractionDigits: 2) }, planks: planks,
                    answers: answers[id] ?? [:]))
            }
        }
        return GuideAnswers(mode: mode, candidates: out)
    }
}
