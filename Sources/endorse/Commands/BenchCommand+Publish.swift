import ArgumentParser
import EndorseCore
import EndorseStore
import Foundation

extension BenchCommand {
    /// `endorse bench publish`: times `slate publish` for a cycle of many decided races
    /// (scripts/bench-store.sh generates the files with `gen-bench-data.py slate DIR N`).
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Set up a cycle of many decided races in a fresh database, then time slate publish.",
            discussion: """
                Reads slate.yaml, orgs.csv, candidates.csv, answers.csv and ballots.jsonl from \
                --data (scripts/gen-bench-data.py slate DIR RACES), loads them into a fresh \
                `endorse_bench` database on the same server, opens, votes, closes and decides \
                every race through the Store, then times a first publish (version 1) and a second \
                one with nothing changed.

                Example:
                  endorse bench publish --data /tmp/bench-slate --out /tmp/bench-slate/out
                """
        )

        @Option(help: "Folder with the generated files.") var data: String
        @Option(help: "Where the slate files go.") var out: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let logger = store.database.logger()
            let fresh = try await Demo.freshDatabase(try store.database.config(), named: "endorse_bench", logger: logger)
            let key = try SignifySecretKey.generate()
            func read(_ name: String) throws -> [UInt8] {
                Array(try Data(contentsOf: URL(fileURLWithPath: data).appendingPathComponent(name)))
            }
            try await Database.withDatabase(fresh, logger: logger) { db in
                let s = Store(db: db).acting(as: "bench")
                let setup = Date()
                let cycle = try await s.catalog.loadCycle(try read("slate.yaml"), file: "slate.yaml").cycle
                _ = try await s.catalog.importOrgs(try read("orgs.csv"), file: "orgs.csv")
                _ = try await s.catalog.importCandidates(cycle: cycle, try read("candidates.csv"), file: "candidates.csv")
                _ = try await s.answers.importAnswers(cycle: cycle, try read("answers.csv"), file: "answers.csv")
                let races = try await s.voting.openVoting(cycle: cycle, race: nil).map(\.race)
                _ = try await s.ballots.importBallots(cycle: cycle, bytes: try read("ballots.jsonl"), file: "ballots.jsonl")
                _ = try await s.voting.closeVoting(cycle: cycle, race: nil)
                for race in races { _ = try await s.decisions.decide(cycle: cycle, race: race, request: DecisionRequest()) }
                Console.out("setup: \(races.count) races decided in \(Self.seconds(since: setup))\n")

                let first = Date()
                let v1 = try await s.decisions.publishSlate(cycle: cycle, key: key, out: out)
                let firstTime = Self.seconds(since: first)
                let bytes = v1.publication?.bytes.count ?? 0
                Console.out("publish v\(v1.latestVersion): \(firstTime) (\(bytes) bytes)\n")
                let second = Date()
                let again = try await s.decisions.publishSlate(cycle: cycle, key: key, out: out)
                Console.out("publish again, unchanged (changed: \(again.changed)): \(Self.seconds(since: second))\n")
            }
            Console.out("peak RSS: \(IRV.peakRSSKilobytes() / 1024) MB\n")
        }

        static func seconds(since start: Date) -> String {
            String(format: "%.2f s", Date().timeIntervalSince(start))
        }
    }
}
