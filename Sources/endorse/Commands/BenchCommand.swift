import ArgumentParser
import EndorseCore
import Foundation

/// `endorse bench irv`: a hidden benchmark of the offline IRV count (scripts/bench-irv.sh).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (for developers).",
        discussion: """
            Example:
              endorse bench irv --ballots 1000000 --candidates 30
            """,
        shouldDisplay: false,
        subcommands: [IRV.self, Publish.self]
    )

    struct IRV: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "irv",
            abstract: "Generate weighted ranking ballots deterministically and time the IRV count.",
            discussion: """
                Ballots: weight 1-10, first choice skewed towards low-numbered candidates, ranking \
                length 1..--max-rank (or all candidates with --complete). Prints the generation \
                time, the count time (the tally from ballots in memory), rounds, winner and peak \
                memory (ru_maxrss). --write-jsonl writes the same ballots as ballots.jsonl lines \
                of race "bench" (candidates c-01..c-K).

                Example:
                  endorse bench irv --ballots 1000000 --candidates 30 --seed 7
                  endorse bench irv --ballots 100000 --candidates 30 --complete --write-jsonl /tmp/b.jsonl
                """
        )

        @Option(help: "Number of ballots.") var ballots: Int = 1_000_000
        @Option(help: "Number of candidates.") var candidates: Int = 30
        @Option(help: "Random seed.") var seed: UInt64 = 1
        @Option(help: "Longest ranking (default 10).") var maxRank: Int = 10
        @Flag(help: "Every ballot ranks every candidate.") var complete = false
        @Option(help: "Also write the ballots to this ballots.jsonl file.") var writeJsonl: String?
        @OptionGroup var output: FormatOptions

        func validate() throws {
            guard ballots >= 1, (1...999).contains(candidates), maxRank >= 1 else {
                throw ValidationError("need --ballots >= 1, --candidates 1..999, --max-rank >= 1")
            }
        }

        func run() async throws {
            let clock = ContinuousClock()
            let ids = (1...candidates).map { String(format: "c-%02d", $0) }
            let genStart = clock.now
            let generated = BenchBallots.generate(count: ballots, candidates: ids, seed: seed,
                                                  maxRank: complete ? candidates : maxRank, complete: complete)
            let genTime = clock.now - genStart
            if let writeJsonl { try BenchBallots.writeJSONL(generated, to: writeJsonl) }

            let race = Race(id: "bench", name: "Bench", method: .irv)
            let input = TallyInput(cycle: "bench", race: race,
                                   rules: Rules(quorum: .zero, threshold: Fixed4(units: 5_000),
                                                thresholdBase: .continuing),
                                   state: .closed, candidates: ids,
                                   eligibleWeight: generated.reduce(0) { $0 + $1.weight }, ballots: generated)
            let countStart = clock.now
            let cpuStart = Self.cpuSeconds()
            let tally = try Tally.tally(input)
            let countTime = clock.now - countStart
            let countCPU = Self.cpuSeconds() - cpuStart
            let seconds = { (d: Duration) in Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
            let peakMB = Double(Self.peakRSSKilobytes()) / 1024
            if output.isJSON {
                Console.json(.object([
                    "ballots": .int(ballots), "candidates": .int(candidates), "seed": .int(seed),
                    "generate_seconds": .number(String(format: "%.3f", seconds(genTime))),
                    "count_seconds": .number(String(format: "%.3f", seconds(countTime))),
                    "count_cpu_seconds": .number(String(format: "%.3f", countCPU)),
                    "rounds": .int(tally.rounds.count), "winner": .optional(tally.winner),
                    "peak_rss_mb": .number(String(format: "%.1f", peakMB)),
                ]))
            } else {
                Console.out("""
                    ballots     \(ballots) over \(candidates) candidates (seed \(seed))
                    generate    \(String(format: "%.3f", seconds(genTime))) s
                    irv count   \(String(format: "%.3f", seconds(countTime))) s wall, \(String(format: "%.3f", countCPU)) s CPU
                    rounds      \(tally.rounds.count), winner \(tally.winner ?? "none")
                    peak RSS    \(String(format: "%.1f", peakMB)) MB

                    """)
            }
        }

        /// User + system CPU time of this process so far, in seconds (the machine may be shared).
        static func cpuSeconds() -> Double {
            var usage = rusage()
            #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            #else
            getrusage(RUSAGE_SELF, &usage)
            #endif
            let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
            return user + system
        }

        /// Peak resident set size of this process (Linux: kilobytes).
        static func peakRSSKilobytes() -> Int {
            var usage = rusage()
            #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Int(usage.ru_maxrss)
            #else
            getrusage(RUSAGE_SELF, &usage)
            return Int(usage.ru_maxrss) / 1024  // bytes on macOS
            #endif
        }
    }
}

/// Deterministic ballots for the benchmark (SplitMix64).
enum BenchBallots {
    static func generate(count: Int, candidates ids: [String], seed: UInt64, maxRank: Int,
                         complete: Bool) -> [WeightedBallot] {
        var rng = SplitMix64(seed: seed)
        let k = ids.count
        var order = Array(0..<k)
        var out: [WeightedBallot] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let length = complete ? k : Int.random(in: 1...min(maxRank, k), using: &rng)
            // First choice skewed towards low indices (u^2), the rest a partial shuffle.
            for i in 0..<k { order[i] = i }
            let u = Double(rng.next() >> 11) / Double(1 << 53)
            let first = min(k - 1, Int(Double(k) * u * u))
            order.swapAt(0, first)
            for i in 1..<max(length, 1) where i < k {
                order.swapAt(i, Int.random(in: i..<k, using: &rng))
            }
            let ranking = order.prefix(length).map { ids[$0] }
            out.append(WeightedBallot(org: nil, weight: Int64.random(in: 1...10, using: &rng),
                                      choice: .ranking(ranking)))
        }
        return out
    }

    static func writeJSONL(_ ballots: [WeightedBallot], to path: String) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ballots.count * 80)
        for b in ballots {
            guard case .ranking(let ids) = b.choice else { continue }
            let line: JSONValue = .object(["race": .string("bench"), "weight": .int(b.weight),
                                           "ranking": .strings(ids)])
            line.write(into: &bytes)
            bytes.append(0x0A)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw EndorseError(.invalidInput, "cannot write", at: path)
        }
    }
}
