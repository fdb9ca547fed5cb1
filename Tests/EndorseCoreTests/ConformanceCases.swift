import Foundation
import Testing
@testable import EndorseCore

/// The conformance sets the repository carries (`Tests/Conformance/<set>`), found from this
/// file's path so that no test depends on anything outside the clone.
enum ConformanceCases {
    static func folder(_ set: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Conformance").appendingPathComponent(set)
    }

    /// The case folders of a set (those holding an `expected.json`), sorted; a missing set gives
    /// one placeholder name so that the parameterised test fails instead of running nothing.
    static func names(_ set: String) -> [String] {
        let root = folder(set)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else {
            return ["<Tests/Conformance/\(set) missing>"]
        }
        return names.filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/expected.json").path)
        }.sorted()
    }

    /// One case's files.
    struct Case {
        let dir: URL
        init(_ set: String, _ name: String) { dir = ConformanceCases.folder(set).appendingPathComponent(name) }

        func bytes(_ file: String) throws -> [UInt8] { Array(try Data(contentsOf: dir.appendingPathComponent(file))) }
        func expected() throws -> JSONValue { try JSONValue.parse(try bytes("expected.json")) }

        /// The offline tally of `race`, as `endorse tally --cycle-file ... --candidates ...` counts it.
        func tally(race: String) throws -> Tally {
            let cycle: Cycle
            do { cycle = try CycleFile.parse(try bytes("cycle.yaml"), file: "cycle.yaml") } catch let e as CycleValidationError {
                throw e.asEndorseError()
            }
            let r = try #require(cycle.race(race))
            let ids = try OfflineCandidates.ids(try bytes("candidates.csv"), file: "candidates.csv", race: race)
            let loaded = try OfflineBallots.load(try bytes("ballots.jsonl"), file: "ballots.jsonl", race: r, candidates: ids)
            return try Tally.tally(TallyInput.offline(cycle: cycle, race: r, loaded: loaded))
        }
    }
}
