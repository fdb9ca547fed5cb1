import EndorseCore
import Foundation
import Logging
import PostgresNIO

/// `endorse demo`: the whole cycle on the bundled sample (config/README.md, "the demo's order").
public enum Demo {
    public static let cycleID = "sample-2026"
    public static let cycleFile = "sample-2026.yaml"
    /// The database the demo recreates on every run (never the user's own).
    public static let databaseName = "endorse_demo"

    /// Where the demo writes and reads.
    public struct Paths: Sendable, Hashable {
        /// The folder holding sample-2026.yaml, orgs.csv, candidates.csv, answers.csv,
        /// reviews.csv and ballots.jsonl.
        public var config: String
        /// The slate, its signature and coalition.pub (`--out`, default ./demo-out).
        public var out: String
        /// The demo's own key pair (a fresh one each run).
        public var keys: String

        public init(config: String, out: String, keys: String) {
            self.config = config
            self.out = out
            self.keys = keys
        }
    }

    /// One race's result as the demo shows it.
    public struct RaceResult: Sendable, Hashable {
        public var race: String
        /// The tally's outcome (`endorsed`, `no_endorsement`, `tie`, `no_quorum`).
        public var outcome: String
        /// Endorsed candidates in slate order, as (id, name).
        public var endorsed: [SlateMember]
    }

    /// What the demo did.
    public struct Report: Sendable {
        public var races: [RaceResult]
        public var slate: SlateFiles.Written
        public var version: Int
        public var secretKey: String
        public var verification: SlateVerification
        public var auditEvents: Int
        public var auditIntact: Bool
    }

    /// The folder holding `config/sample-2026.yaml`: `explicit` when given (it must hold the
    /// file), else the first `config/` found walking up from each start folder (the current
    /// directory, then the executable's folder).
    public static func findConfig(explicit: String?, startingAt starts: [String]) throws -> String {
        let fm = FileManager.default
        if let explicit {
            guard fm.fileExists(atPath: (explicit as NSString).appendingPathComponent(cycleFile)) else {
                throw EndorseError(.notFound, "no \(cycleFile) in the --config folder", at: explicit)
            }
            return explicit
        }
        for start in starts {
            var dir = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                let candidate = dir.appendingPathComponent("config")
                if fm.fileExists(atPath: candidate.appendingPathComponent(cycleFile).path) { return candidate.path }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw EndorseError(.notFound,
            "cannot find the bundled sample (config/\(cycleFile)) above the current folder or the executable; pass --config DIR",
            at: starts.first)
    }

    /// The configuration of a fresh demo database on the same server as `config` (the managed
    /// cluster, or the `--database-url` server): `endorse_demo` is dropped first, so every run
    /// starts empty. `Database.withDatabase` then creates and migrates it.
    public static func freshDatabase(_ config: DatabaseConfig, named databaseName: String = databaseName,
                                     logger: Logger) async throws -> DatabaseConfig {
        let endpoint: Endpoint
        switch config.target {
        case .server(let e):
            endpoint = e
        case .managed(let home, let root):
            endpoint = Endpoint(layout: try LocalCluster(home: home, serverSearchRoot: root).start())
        }
        let admin = try await Database.connect(endpoint.with(database: "postgres"), config: config, logger: logger)
        do {
            try await admin.query(PostgresQuery(unsafeSQL:
                "DROP DATABASE IF EXISTS \(Database.quoteIdentifier(databaseName)) WITH (FORCE)"), logger: logger)
            try? await admin.close()
        } catch {
            try? await admin.close()
            throw EndorseError(.unavailable, "cannot reset the demo database \(databaseName): \(String(reflecting: error))",
                               at: endpoint.description)
        }
        return DatabaseConfig(target: .server(endpoint.with(database: databaseName)), poolSize: config.poolSize,
                              timeoutSeconds: config.timeoutSeconds)
    }

    static func read(_ dir: String, _ name: String) throws -> [UInt8] {
        let path = (dir as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EndorseError(.notFound, "cannot read the sample file", at: path)
        }
        return [UInt8](data)
    }
}

extension ActingStore {
    /// Runs the demo's steps in config/README.md's order on this (fresh) database, calling
    /// `step` with a one-line description of each, and returns what it produced.
    ///
    /// Step 12 accepts every tally except those without a clear result (`no_quorum`, `tie`:
    /// district-9 in the sample), which are decided `--no-endorsement` with a reason.
    public func runDemo(_ paths: Demo.Paths, now: Date = Date(),
                        step: @Sendable (String) -> Void = { _ in }) async throws -> Demo.Report {
        let c = Demo.cycleID
        let dir = paths.config
        func file(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }

        let loaded = try await catalog.loadCycle(try Demo.read(dir, Demo.cycleFile), file: file(Demo.cycleFile))
        step("cycle load \(Demo.cycleFile): \(loaded.outcome.rawValue)")
        let orgs = try await catalog.importOrgs(try Demo.read(dir, "orgs.csv"), file: file("orgs.csv"))
        step("org import orgs.csv: \(orgs.rows) orgs")
        let candidates = try await catalog.importCandidates(cycle: c, try Demo.read(dir, "candidates.csv"), file: file("candidates.csv"))
        step("candidate import candidates.csv: \(candidates.rows) candidates")
        let answered = try await answers.importAnswers(cycle: c, try Demo.read(dir, "answers.csv"), file: file("answers.csv"))
        step("answers import answers.csv: \(answered.rows) rows")

        let reviews = try CSVTable.read(try Demo.read(dir, "reviews.csv"), file: file("reviews.csv"))
        let cols = ["candidate_id", "question_id", "reviewer", "points", "note"].map { reviews.column($0) }
        guard let ci = cols[0], let qi = cols[1], let ri = cols[2], let pi = cols[3] else {
            throw EndorseError(.invalidInput, "reviews.csv needs candidate_id,question_id,reviewer,points[,note]",
                               at: file("reviews.csv"))
        }
        for row in reviews.rows {
            func field(_ i: Int?) -> String? { i.flatMap { $0 < row.fields.count ? row.fields[$0] : nil } }
            guard let points = Int(field(pi) ?? "") else {
                throw EndorseError(.invalidInput, "points is not an integer", at: "\(file("reviews.csv")):\(row.line)")
            }
            _ = try await answers.addReview(cycle: c, candidate: field(ci) ?? "", question: field(qi) ?? "", points: points,
                                    reviewer: field(ri) ?? "", note: field(cols[4]))
        }
        step("review add: \(reviews.rows.count) reviews from reviews.csv")

        try await catalog.withdrawCandidate(cycle: c, id: "c-victor-alvarado", reason: "withdrew from the race")
        step("candidate withdraw c-victor-alvarado")
        _ = try await catalog.recuse(cycle: c, org: "org-eastside-alliance", race: "district-3",
                             reason: "a board member is the sister of a candidate")
        step("org recuse org-eastside-alliance from district-3")
        let report = try await answers.scores(cycle: c)
        step("score: \(report.candidates.filter(\.eligible).count) of \(report.candidates.count) candidates eligible")

        let opened = try await voting.openVoting(cycle: c, race: nil)
        step("vote open --all: \(opened.count) races")
        let cast = try await ballots.importBallots(cycle: c, bytes: try Demo.read(dir, "ballots.jsonl"), file: file("ballots.jsonl"))
        step("vote import ballots.jsonl: \(cast.lines) ballot lines")
        let closed = try await voting.closeVoting(cycle: c, race: nil)
        step("vote close --all: \(closed.count) races")

        let cycle = try await read { conn in try await self.cycle(c, on: conn) }
        var outcomes: [String: String] = [:]
        for race in cycle.races {
            let tally = try await voting.tally(cycle: c, race: race.id)
            outcomes[race.id] = tally.outcome.rawValue
            let request: DecisionRequest
            switch tally.outcome.rawValue {
            case "no_quorum", "tie":
                request = DecisionRequest(choice: .noEndorsement,
                                          reason: "demo: the tally is \(tally.outcome.rawValue); the coalition makes no endorsement")
            default:
                request = DecisionRequest()
            }
            _ = try await decisions.decide(cycle: c, race: race.id, request: request)
        }
        step("decide: \(cycle.races.count) races")

        let key = try SlateFiles.generateKey(in: paths.keys)
        step("key generate: \(key.secret)")
        let published = try await decisions.publishSlate(cycle: c, key: key.key, out: paths.out, now: now)
        guard let files = published.files, let publication = published.publication else {
            throw EndorseError(.wrongState, "the demo database was not fresh: the slate did not change", at: c)
        }
        step("slate publish: \(files.slate) (version \(publication.version))")

        let verification = SlateVerifier.verify(slate: try Demo.read(paths.out, publication.fileName),
                                                signature: try? Demo.read(paths.out, publication.fileName + ".sig"),
                                                publicKey: try? Demo.read(paths.out, "coalition.pub")) { name in
            try? Demo.read(paths.out, name)
        }
        guard verification.ok else {
            throw EndorseError(.tampered, "the demo's slate does not verify", at: files.slate,
                               details: verification.failures)
        }
        step("slate verify: \(verification.summary)")

        let content = try await decisions.slateContent(cycle: c)
        var names: [String: String] = [:]
        for cand in content.candidates { names[cand.id] = cand.name }
        let races = cycle.races.map { race in
            let endorsed = content.decisions[race.id].map { d in
                d.endorsements.map { SlateMember(id: $0.candidate, name: names[$0.candidate] ?? $0.candidate) }
            } ?? []
            return Demo.RaceResult(race: race.id, outcome: outcomes[race.id] ?? "", endorsed: endorsed)
        }
        let check = try await audit.verifyAudit()
        return Demo.Report(races: races, slate: files, version: publication.version, secretKey: key.secret,
                           verification: verification, auditEvents: check.events, auditIntact: check.intact)
    }
}
