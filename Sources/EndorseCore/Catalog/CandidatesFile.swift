/// A candidate of one cycle (candidates.csv plus withdrawal).
public struct CandidateRecord: Hashable, Sendable {
    public var id: String
    public var race: String
    public var name: String
    /// nil: same as `name`.
    public var ballotName: String?
    /// nil: the cell was empty.
    public var incumbent: Bool?
    public var email: String?
    public var website: String?
    /// Set once withdrawn.
    public var withdrawReason: String?

    public init(id: String, race: String, name: String, ballotName: String? = nil, incumbent: Bool? = nil,
                email: String? = nil, website: String? = nil, withdrawReason: String? = nil) {
        self.id = id
        self.race = race
        self.name = name
        self.ballotName = ballotName
        self.incumbent = incumbent
        self.email = email
        self.website = website
        self.withdrawReason = withdrawReason
    }

    public var withdrawn: Bool { withdrawReason != nil }
}

/// candidates.csv (formats.md): `id,race,name,ballot_name,incumbent,email,website`, `id`, `race`
/// and `name` required, `incumbent` `true`/`false`/empty. One parser for `candidate import` (races
/// checked against the cycle) and offline tallies (any race).
public enum CandidatesFile {
    static let required = ["id", "race", "name"]
    static let known = ["id", "race", "name", "ballot_name", "incumbent", "email", "website"]

    /// Every row, by physical line. `races`: the cycle's id and race ids, when rows must name
    /// one of them. Any bad row refuses the file with every problem listed (`action`: `nothing
    /// imported`, `nothing tallied`).
    public static func parse(_ bytes: [UInt8], file: String, races: (cycle: String, ids: Set<String>)? = nil,
                             action: String = "nothing imported") throws(EndorseError) -> [(line: Int, candidate: CandidateRecord)] {
        let table = try CSVTable.read(bytes, file: file, action: action)
        var problems = CSVProblems(file: file)
        for column in required where table.column(column) == nil {
            problems.add(line: 1, column: column, "missing column")
        }
        for column in table.header where !known.contains(column) {
            problems.add(line: 1, column: column, "unknown column")
        }
        try problems.check(action: action)
        problems = table.problems   // the file's bad cells, reported with the rows'
        let col = known.map { table.column($0) }
        var out: [(line: Int, candidate: CandidateRecord)] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            guard problems.checkWidth(row, of: table) else { continue }
            let id = row[col[0]], race = row[col[1]], name = row[col[2]]
            var ok = problems.checkID(id, of: row, seen: &seen)
            if race.isEmpty {
                problems.add(line: row.line, column: "race", "required"); ok = false
            } else if let races, !races.ids.contains(race) {
                problems.add(line: row.line, column: "race", "no race \(race) in cycle \(races.cycle)"); ok = false
            }
            if name.isEmpty { problems.add(line: row.line, column: "name", "required"); ok = false }
            var incumbent: Bool? = nil
            switch row[col[4]] {
            case "": incumbent = nil
            case "true": incumbent = true
            case "false": incumbent = false
            default: problems.add(line: row.line, column: "incumbent", "must be true, false or empty"); ok = false
            }
            func optional(_ i: Int) -> String? { let v = row[col[i]]; return v.isEmpty ? nil : v }
            if let website = optional(6), !WebAddress.isValid(website) {
                problems.add(line: row.line, column: "website", WebAddress.message); ok = false
            }
            if ok {
                out.append((row.line, CandidateRecord(id: id, race: race, name: name, ballotName: optional(3),
                                                     incumbent: incumbent, email: optional(5), website: optional(6))))
            }
        }
        try problems.check(action: action)
        return out
    }
}
