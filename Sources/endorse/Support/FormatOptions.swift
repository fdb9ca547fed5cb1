import ArgumentParser

/// `--format table|json`, shared by every command that prints a result.
struct FormatOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Option(help: "Output format: an aligned table, or the JSON of the spec.")
    var format: Format = .table

    var isJSON: Bool { format == .json }
}
