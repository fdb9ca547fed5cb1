import EndorseCore
@testable import EndorseStore
import Foundation

/// The fuzz targets (docs/reliability.md): every parser that reads a file or a body from outside.
/// Each runs the code an entry point runs on the bytes, and checks what must hold whatever the
/// input (a round trip, a refusal instead of a crash).
enum FuzzTargets {
    /// `ENDORSE_FUZZ_TARGET`: cycle, candidates, orgs, answers, ballots, json, slate.
    static let selected: @Sendable ([UInt8]) -> Void = {
        let name = ProcessInfo.processInfo.environment["ENDORSE_FUZZ_TARGET"] ?? ""
        guard let target = all[name] else {
            FileHandle.standardError.write(Data("ENDORSE_FUZZ_TARGET must be one of \(all.keys.sorted())\n".utf8))
            exit(2)
        }
        return target
    }()

    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "cycle": cycle, "candidates": candidates, "orgs": orgs, "answers": answers,
        "ballots": ballots, "json": json, "slate": slate,
    ]

    /// `CycleFile.parse`: a cycle file is validated or refused, never a crash.
    static func cycle(_ bytes: [UInt8]) {
        _ = try? CycleFile.parse(bytes, file: "fuzz.yaml")
    }

    /// `CandidatesFile.parse`, against the sample cycle's races and offline (any race).
    static func candidates(_ bytes: [UInt8]) {
        _ = try? CandidatesFile.parse(bytes, file: "fuzz.csv", races: (Fixture.cycle.id, Fixture.raceIDs))
        _ = try? CandidatesFile.parse(bytes, file: "fuzz.csv", action: "nothing tallied")
    }

    /// `CatalogStore.parseOrgs` (orgs.csv).
    static func orgs(_ bytes: [UInt8]) {
        _ = try? CatalogStore.parseOrgs(bytes, file: "fuzz.csv")
    }

    /// The answers.csv parser, against the sample cycle and its candidates.
    static func answers(_ bytes: [UInt8]) {
        guard let table = try? CSVTable.read(bytes, file: "fuzz.csv") else { return }
        _ = try? AnswerStore.parseAnswers(table, cycle: Fixture.cycle, candidates: Fixture.candidateIDs, progress: nil)
    }

    /// ballots.jsonl: `OfflineBallots.parse`, then `load` and the tally for races of each method,
    /// with and without a candidates list.
    static func ballots(_ bytes: [UInt8]) {
        _ = OfflineBallots.parse(bytes)
        for race in Fixture.tallyRaces {
            for candidates in [nil, Fixture.candidatesByRace[race.id] ?? []] {
                guard let loaded = try? OfflineBallots.load(bytes, file: "fuzz.jsonl", race: race, candidates: candidates)
                else { continue }
                let input = TallyInput.offline(cycle: Fixture.cycle, race: race, candidates: loaded.candidates,
                                               ballots: loaded.ballots)
                _ = try? Tally.tally(input).json
            }
        }
    }

    /// `JSONValue.parse` and `BallotChoice(kindOf:)`; what parses must survive its canonical form
    /// unchanged (receipts and the slate are hashes of canonical bytes).
    static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes) else { return }
        guard let again = try? JSONValue.parse(value.canonicalBytes), again == value else {
            fatalError("canonical bytes do not parse back to the same value: \(value)")
        }
        _ = value.pathOfNUL()
        if let object = value.objectValue { _ = try? BallotChoice(kindOf: object) }
    }

    /// `SlateVerifier.verify`: the input as the slate (with the sample's signature, key and v1 as
    /// the previous version), and as signature, key and previous file at once.
    static func slate(_ bytes: [UInt8]) {
        _ = SlateVerifier.verify(slate: bytes, signature: Fixture.signature, publicKey: Fixture.publicKey,
                                 previous: { _ in Fixture.slateV1 })
        _ = SlateVerifier.verify(slate: Fixture.slateV1, signature: bytes, publicKey: bytes, previous: { _ in bytes })
        _ = SlateVerifier.verify(slate: bytes, signature: nil, publicKey: nil, previous: { _ in bytes })
    }
}

/// What the targets check against, read once from the repository (`ENDORSE_FUZZ_ROOT`, default
/// the current folder): the sample cycle and its candidates, and a signed slate.
enum Fixture {
    static let root = ProcessInfo.processInfo.environment["ENDORSE_FUZZ_ROOT"] ?? FileManager.default.currentDirectoryPath

    static func read(_ path: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: root + "/" + path) else {
            FileHandle.standardError.write(Data("cannot read \(root)/\(path) (set ENDORSE_FUZZ_ROOT)\n".utf8))
            exit(2)
        }
        return Array(data)
    }

    static let cycle: Cycle = {
        do { return try CycleFile.parse(read("config/sample-2026.yaml"), file: "sample-2026.yaml") } catch {
            FileHandle.standardError.write(Data("the sample cycle does not load: \(error)\n".utf8))
            exit(2)
        }
    }()
    static let raceIDs = Set(cycle.races.map(\.id))
    static let sampleCandidates = (try? CandidatesFile.parse(read("config/candidates.csv"), file: "candidates.csv")) ?? []
    static let candidateIDs = Set(sampleCandidates.map(\.candidate.id))
    static let candidatesByRace = Dictionary(grouping: sampleCandidates, by: \.candidate.race).mapValues { $0.map(\.candidate.id) }
    /// One race of each method the sample has (irv, threshold, approval).
    static let tallyRaces: [Race] = {
        var seen: Set<String> = []
        return cycle.races.filter { seen.insert("\($0.method)").inserted }
    }()
    static let slateV1 = read("Fuzz/seeds/slate/slate-sample-2026-v1.json")
    static let signature = read("Fuzz/seeds/slate/slate-sample-2026-v1.json.sig")
    static let publicKey = read("Fuzz/seeds/slate/coalition.pub")
}
