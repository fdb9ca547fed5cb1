import ArgumentParser

/// `--cycle C`, shared by the commands that work on one cycle.
struct CycleScope: ParsableArguments {
    @Option(help: "The cycle id.") var cycle: String
}

/// `--cycle C --race R`, shared by the commands that work on one race.
struct RaceScope: ParsableArguments {
    @Option(help: "The cycle id.") var cycle: String
    @Option(help: "The race id.") var race: String
}

/// `--cycle C FILE`: a file imported into one cycle, with the store to import it with.
struct CycleImport: ParsableArguments {
    @OptionGroup var scope: CycleScope
    @Argument(help: "The file to import.") var file: String
    @OptionGroup var store: StoreOptions

    var cycle: String { scope.cycle }

    /// The file's bytes (a missing or unreadable file is refused naming it).
    func bytes() throws -> [UInt8] { try InputFile.read(file) }
}
