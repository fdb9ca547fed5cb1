import CSV

/// The race's ballot for an offline tally, from a candidates.csv (formats.md:
/// `id,race,name,ballot_name,incumbent,email,website`; `id`, `race`, `name` required). Every row
/// of the race is on the ballot: offline there are no scores, so no eligibility filter.
public enum OfflineCandidates {
    static let required = ["id", "race", "name"]
    static let known: Set<String> = ["id", "race", "name", "ballot_name", "incumbent", "email", "website"]

    /// The ids of `race`'s rows in file order. Checks the whole file (every row of every race);
    /// any bad row refuses it with every problem listed as `FILE:LINE: column: problem`.
    public static func ids(_ bytes: [UInt8], file: String, race: String) throws(EndorseError) -> [String] {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let text = String(validating: body, as: UTF8.self) else {
            throw EndorseError(.invalidInput, "not UTF-8", at: file)
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw EndorseError(.invalidInput, "no header row", at: file)
        }
        let header = reader.headerRow ?? []
        var problems: [OfflineBallots.Problem] = []
        for column in required where !header.contains(column) {
            problems.append(.init(line: 1, column: column, message: "missing column"))
        }
        for column in header where !known.contains(column) {
            problems.append(.init(line: 1, column: column, message: "unknown column"))
        }
        if !problems.isEmpty {
            throw OfflineBallots.failure(problems, file: file, unit: "rows", action: "nothing tallied")
        }
        // Physical line where each record starts: quoted fields may hold newlines.
        var line = 1 + newlines(in: header)
        var ids: [String] = []
        var seen: [String: Int] = [:]
        while let row = reader.next() {
            let number = line + 1
            line = number + newlines(in: row)
            if row.count == 1 && row[0].isEmpty { continue }  // a blank line
            func cell(_ name: String) -> String {
                guard let i = header.firstIndex(of: name), i < row.count else { return "" }
                return row[i]
            }
            if row.count != header.count {
                problems.append(.init(line: number, column: "row",
                                      message: "\(row.count) fields, the header has \(header.count)"))
                continue
            }
            let id = cell("id"), rowRace = cell("race")
            if !Identifier.isValid(id) {
                problems.append(.init(line: number, column: "id", message: id.isEmpty
                    ? "required" : "\"\(id)\" does not match \(Identifier.rule)"))
            } else if let first = seen[id] {
                problems.append(.init(line: number, column: "id", message: "\(id) repeats line \(first)"))
            } else {
                seen[id] = number
            }
            if rowRace.isEmpty { problems.append(.init(line: number, column: "race", message: "required")) }
            if cell("name").isEmpty { problems.append(.init(line: number, column: "name", message: "required")) }
            if !["", "true", "false"].contains(cell("incumbent")) {
                problems.append(.init(line: number, column: "incumbent", message: "must be true, false or empty"))
            }
            if rowRace == race && Identifier.isValid(id) { ids.append(id) }
        }
        if let error = reader.error {
            problems.append(.init(line: line, column: "csv", message: "\(error)"))
        }
        if !problems.isEmpty {
            throw OfflineBallots.failure(problems, file: file, unit: "rows", action: "nothing tallied")
        }
        return ids
    }

    /// Line breaks inside a record's fields (a CRLF holds one LF).
    static func newlines(in fields: [String]) -> Int {
        fields.reduce(0) { n, f in n + f.unicodeScalars.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) } }
    }
}
