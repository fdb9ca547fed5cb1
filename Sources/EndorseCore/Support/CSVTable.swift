import CSV

/// A CSV file read whole (formats.md: UTF-8, BOM accepted, RFC 4180 quoting), each record
/// tagged with the physical line on which it starts, for `FILE:LINE: column: problem` reports.
public struct CSVTable: Sendable {
    /// One record and the 1-based physical line where it starts.
    public struct Row: Sendable {
        public var line: Int
        public var fields: [String]
    }

    public var file: String
    public var header: [String]
    /// Records in file order; blank lines are skipped.
    public var rows: [Row]
    /// Cells no import accepts (a NUL character), found while reading.
    public var cellProblems: [CSVProblems.Problem] = []

    /// The problems of this file so far (its bad cells), for an import to add its own to.
    public var problems: CSVProblems {
        var p = CSVProblems(file: file)
        for c in cellProblems { p.add(line: c.line, column: c.column, c.message) }
        return p
    }

    /// Reads `bytes`. Throws for text that is not UTF-8, a missing header or a broken quote;
    /// duplicate and blank header names are reported as problems on line 1 (refused with
    /// `action`, e.g. `nothing imported`).
    public static func read(_ bytes: [UInt8], file: String,
                            action: String = "nothing imported") throws(EndorseError) -> CSVTable {
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
        if header.isEmpty || header == [""] { throw EndorseError(.invalidInput, "no header row", at: file) }
        var problems = CSVProblems(file: file)
        var seen: Set<String> = []
        for name in header {
            if name.isEmpty { problems.add(line: 1, column: "header", "empty column name") }
            else if !seen.insert(name).inserted { problems.add(line: 1, column: name, "duplicate column") }
        }
        var line = 1 + newlines(in: header)
        var rows: [Row] = []
        var cellProblems: [CSVProblems.Problem] = []
        while let fields = reader.next() {
            let number = line + 1
            line = number + newlines(in: fields)
            if fields.count == 1 && fields[0].isEmpty { continue }
            for (i, cell) in fields.enumerated() where NULText.contains(cell) {
                cellProblems.append(.init(line: number, column: i < header.count ? header[i] : "row", message: NULText.message))
            }
            rows.append(Row(line: number, fields: fields))
        }
        if let error = reader.error {
            problems.add(line: line + 1, column: "csv", "\(error)")
        }
        try problems.check(unit: "rows", action: action)
        return CSVTable(file: file, header: header, rows: rows, cellProblems: cellProblems)
    }

    /// The position of a column, nil when the header lacks it.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Line breaks inside a record's fields (a CRLF holds one LF).
    static func newlines(in fields: [String]) -> Int {
        var n = 0
        for f in fields { for b in f.utf8 where b == 0x0A { n += 1 } }
        return n
    }
}

/// Collects the bad rows of an all-or-nothing import and turns them into the refusal of
/// formats.md: at most 50 `FILE:LINE: column: problem` lines sorted by line, then a count, and
/// the summary `N bad rows in FILE, nothing imported`.
public struct CSVProblems: Sendable {
    public static let maxListed = 50

    public struct Problem: Hashable, Sendable {
        public var line: Int
        public var column: String
        public var message: String
        public init(line: Int, column: String, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }
    }

    public var file: String
    public private(set) var problems: [Problem] = []

    public init(file: String) { self.file = file }

    public var isEmpty: Bool { problems.isEmpty }

    public mutating func add(line: Int, column: String, _ message: String) {
        problems.append(Problem(line: line, column: column, message: message))
    }

    /// The refusal, or nil when nothing was wrong.
    public func failure(unit: String = "rows", action: String = "nothing imported") -> EndorseError? {
        if problems.isEmpty { return nil }
        return Self.failure(problems, file: file, unit: unit, action: action)
    }

    /// The all-or-nothing refusal of any import (CSV or JSON lines): problems sorted by line, at
    /// most 50 listed then a count, and `N bad <unit> in FILE, <action>`.
    public static func failure(_ problems: [Problem], file: String, unit: String, action: String) -> EndorseError {
        let sorted = problems.enumerated().sorted {
            $0.element.line != $1.element.line ? $0.element.line < $1.element.line : $0.offset < $1.offset
        }.map(\.element)
        var details = sorted.prefix(CSVProblems.maxListed).map { "\(file):\($0.line): \($0.column): \($0.message)" }
        if sorted.count > CSVProblems.maxListed {
            details.append("... and \(sorted.count - CSVProblems.maxListed) more")
        }
        let bad = Set(sorted.map(\.line)).count
        return EndorseError(.invalidInput, "\(bad) bad \(unit) in \(file), \(action)", details: details)
    }

    /// Reports a row whose field count differs from the header's; false for such a row.
    public mutating func checkWidth(_ row: CSVTable.Row, of table: CSVTable) -> Bool {
        guard row.fields.count != table.header.count else { return true }
        add(line: row.line, column: "row", "\(row.fields.count) fields, the header has \(table.header.count)")
        return false
    }

    /// Reports an id cell that is malformed or repeats an earlier row's (`seen`: id -> line);
    /// false for such a row.
    public mutating func checkID(_ id: String, of row: CSVTable.Row, column: String = "id",
                                 seen: inout [String: Int]) -> Bool {
        if let message = Identifier.problem(id) {
            add(line: row.line, column: column, message)
            return false
        }
        if let first = seen[id] {
            add(line: row.line, column: column, "\(id) repeats line \(first)")
            return false
        }
        seen[id] = row.line
        return true
    }

    /// Throws the refusal when anything was wrong.
    public func check(unit: String = "rows", action: String = "nothing imported") throws(EndorseError) {
        if let error = failure(unit: unit, action: action) { throw error }
    }
}

extension CSVTable.Row {
    /// The cell at `index`, or "" when the row is short or the column is absent.
    public subscript(_ index: Int?) -> String {
        guard let index, index < fields.count else { return "" }
        return fields[index]
    }
}
