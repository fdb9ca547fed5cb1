import ArgumentParser
import EndorseCore
import Foundation

/// `endorse tally`: count one race (voting.md). From the database with `--cycle` (the race's
/// ballot and roster snapshots and current ballots), or offline from files with `--cycle-file`.
struct TallyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Count one race: quorum, threshold, IRV rounds or votes, and the outcome.",
        discussion: """
            Offline ("what if") tallies need no database: the cycle file gives the race's method \
            and rules, ballots.jsonl the ballots (one JSON object a line, with "org" or "weight"), \
            and candidates.csv the race's ballot (every row of the race, zero-vote candidates \
            included); without --candidates the ballot is the ids the ballots name. Offline there \
            is no roster, so the eligible weight E equals the turnout T and the race counts as \
            closed. Every bad line is reported at once and nothing is tallied (exit 1).

            With --cycle, the race is counted from the database: its ballot and roster \
            snapshots (taken by vote open) and the current ballots. An open race gives the \
            provisional outcome "open".

            Example:
              endorse tally --cycle sample-2026 --race district-1
              endorse tally --cycle-file config/sample-2026.yaml --race district-1 \\
                --ballots config/ballots.jsonl --candidates config/candidates.csv
              endorse tally --cycle-file config/sample-2026.yaml --race district-1 \\
                --ballots config/ballots.jsonl --format json
            """
    )

    @Option(help: "The cycle id, for a tally from the database.")
    var cycle: String?

    @Option(help: "A cycle file (YAML), for an offline tally without a database.")
    var cycleFile: String?

    @Option(help: "The race id.")
    var race: String

    @Option(help: "Offline: the ballots (ballots.jsonl).")
    var ballots: String?

    @Option(help: "Offline: candidates.csv; every row of the race is on the ballot.")
    var candidates: String?

    @OptionGroup var output: FormatOptions

    @OptionGroup var store: StoreOptions

    func run() async throws {
        if let cycle {
            guard cycleFile == nil, ballots == nil, candidates == nil else {
                throw EndorseError(.usage, "give either --cycle (from the database) or --cycle-file with --ballots (offline), not both")
            }
            let race = self.race
            let tally = try await store.withStore { s in try await s.voting.tally(cycle: cycle, race: race) }
            if output.isJSON {
                Console.json(tally.json)
            } else {
                Console.out(TallyReport.render(tally))
            }
            return
        }
        guard let cycleFile else {
            throw EndorseError(.usage, "give --cycle C (from the database) or --cycle-file FILE with --ballots FILE.jsonl (offline)")
        }
        guard let ballots else {
            throw EndorseError(.usage, "an offline tally (--cycle-file) needs --ballots FILE.jsonl")
        }
        let tally = try Self.offlineTally(cycleFile: cycleFile, race: race, ballots: ballots,
                                          candidates: candidates)
        if output.isJSON {
            Console.json(tally.json)
        } else {
            Console.out(TallyReport.render(tally))
        }
    }

    /// Reads the files, checks every line, and counts. Throws `EndorseError`s naming the file.
    static func offlineTally(cycleFile: String, race raceID: String, ballots: String,
                             candidates: String?) throws -> Tally {
        let cycle = try CycleCommand.readCycle(cycleFile)
        guard let race = cycle.race(raceID) else {
            let known = cycle.races.map(\.id).joined(separator: ", ")
            throw EndorseError(.notFound, "no race \(raceID) in the cycle (races: \(known))", at: cycleFile)
        }
        var ballot: [String]?
        if let candidates {
            ballot = try OfflineCandidates.ids(try readBytes(candidates, what: "candidates file"),
                                               file: candidates, race: race.id)
            if ballot?.isEmpty == true {
                throw EndorseError(.invalidInput, "no candidate of race \(race.id) in the file", at: candidates)
            }
        }
        let loaded = try withMappedFile(ballots, what: "ballots file") { bytes in
            try OfflineBallots.load(bytes, file: ballots, race: race, candidates: ballot)
        }
        if loaded.isEmpty {
            Console.error("warning: no ballot for race \(race.id) in \(ballots)")
        }
        let input = TallyInput.offline(cycle: cycle, race: race, loaded: loaded)
        return try Tally.tally(input)
    }

    /// The file's bytes mapped into memory for `body` (a million-line ballots file is ~75 MB:
    /// mapping it spares a copy and that much fresh memory); an empty file is an empty buffer.
    static func withMappedFile<T>(_ path: String, what: String,
                                  _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
        let fd = try openForReading(path, what: what)
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            // Not a regular file (a pipe, a directory): read it.
            return try readBytes(path, what: what).withUnsafeBufferPointer(body)
        }
        let size = Int(info.st_size)
        guard size > 0 else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), base != MAP_FAILED else {
            return try readBytes(path, what: what).withUnsafeBufferPointer(body)
        }
        defer { munmap(base, size) }
        return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size))
    }

    /// The whole file, read straight into one buffer (a million-line ballots file is ~75 MB;
    /// going through `Data` would copy it once more).
    static func readBytes(_ path: String, what: String) throws -> [UInt8] {
        let fd = try openForReading(path, what: what)
        defer { close(fd) }
        var info = stat()
        var bytes: [UInt8] = []
        if fstat(fd, &info) == 0, info.st_size > 0 { bytes.reserveCapacity(Int(info.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw EndorseError(.invalidInput, "cannot read \(what)", at: path)
            }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// A descriptor of `path` open for reading, or the error naming what could not be read.
    private static func openForReading(_ path: String, what: String) throws -> Int32 {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read \(what)" : "no such \(what)"
            throw EndorseError(.invalidInput, reason, at: path)
        }
        return fd
    }
}
