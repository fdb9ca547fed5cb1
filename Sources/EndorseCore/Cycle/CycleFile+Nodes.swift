import Yams

/// Collects issues while a cycle file is read, and orders them by position at the end.
struct IssueSink {
    private struct Entry {
        var issue: CycleIssue
        var column: Int
        var seq: Int
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func add(_ path: String, _ mark: Mark?, _ message: String) {
        add(path, line: mark?.line, column: mark?.column ?? 0, message)
    }

    mutating func add(_ path: String, line: Int?, column: Int = 0, _ message: String) {
        entries.append(Entry(issue: CycleIssue(path: path, line: line, message: message),
                             column: column, seq: entries.count))
    }

    /// Issues in document order: by line, then column, then the order they were found.
    var sorted: [CycleIssue] {
        entries.sorted { a, b in
            let la = a.issue.line ?? 0, lb = b.issue.line ?? 0
            if la != lb { return la < lb }
            if a.column != b.column { return a.column < b.column }
            return a.seq < b.seq
        }.map(\.issue)
    }
}

/// Path building: `races` + 2 -> `races[2]`, `races[2]` + `method` -> `races[2].method`.
enum CyclePath {
    static func key(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }
    static func index(_ base: String, _ i: Int) -> String { "\(base)[\(i)]" }
}

/// One YAML mapping of the file, read key by key. Unknown keys are reported when it is opened.
struct MapReader {
    struct Entry {
        var key: String
        var keyMark: Mark?
        var value: Node
    }

    let path: String
    let mark: Mark?
    let entries: [Entry]

    /// Opens `node` as a mapping whose keys must all be in `known`; reports a wrong type or
    /// unknown keys. `hint` explains a key that is known elsewhere but not allowed here.
    init?(_ node: Node, path: String, known: [String], what: String,
          hint: (String) -> String? = { _ in nil }, sink: inout IssueSink) {
        guard case .mapping(let mapping) = node else {
            sink.add(path, node.mark, "\(what) must be a mapping of keys to values, not \(Node.describe(node))")
            return nil
        }
        self.path = path
        self.mark = mapping.mark
        var entries: [Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                sink.add(path, keyNode.mark, "a key must be plain text, not \(Node.describe(keyNode))")
                continue
            }
            let key = scalar.string
            if !known.contains(key) {
                var message = "unknown key \"\(key)\""
                if let extra = hint(key) {
                    message += ": " + extra
                } else if let near = MapReader.nearest(key, in: known) {
                    message += " (did you mean \"\(near)\"?)"
                } else {
                    message += " (allowed: \(known.joined(separator: ", ")))"
                }
                sink.add(CyclePath.key(path, key), keyNode.mark, message)
                continue
            }
            entries.append(Entry(key: key, keyMark: keyNode.mark, value: value))
        }
        self.entries = entries
    }

    /// The value of `key`, or nil when absent. An explicit null counts as absent.
    func optional(_ key: String) -> Node? {
        guard let node = entries.first(where: { $0.key == key })?.value else { return nil }
        return node.isNullScalar ? nil : node
    }

    /// The value of `key`; reports it as missing (at this mapping's line) when absent or null.
    func required(_ key: String, sink: inout IssueSink) -> Node? {
        if let node = optional(key) { return node }
        let present = entries.first(where: { $0.key == key })
        sink.add(sub(key), present?.value.mark ?? mark,
                 present == nil ? "missing required key \"\(key)\"" : "\"\(key)\" must have a value")
        return nil
    }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    func sub(_ key: String) -> String { CyclePath.key(path, key) }

    /// The known key closest to a typo (edit distance <= 2), if any.
    static func nearest(_ key: String, in known: [String]) -> String? {
        let scored = known.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1,
                                       previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Node {
    /// The resolved tag's name (Yams keeps `Tag.name` internal).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }

    var isNullScalar: Bool {
        if case .scalar = self { return tagName == .null }
        return false
    }

    /// A short description of the node's type for messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            switch node.tagName {
            case .null: return "empty"
            case .bool: return "a true/false value"
            case .int, .float: return "the number \(s.string)"
            default: return "the text \"\(s.string)\""
            }
        }
    }
}

/// Typed scalar readers: each reports what is wrong and returns nil on a bad value.
enum Scalars {
    /// Any non-empty scalar, as its exact text (a plain `2026` or `yes` is text here too).
    static func text(_ node: Node, _ path: String, sink: inout IssueSink) -> String? {
        guard case .scalar(let scalar) = node else {
            sink.add(path, node.mark, "must be text, not \(Node.describe(node))")
            return nil
        }
        if scalar.string.allSatisfy(\.isWhitespace) {
            sink.add(path, node.mark, "must not be empty")
            return nil
        }
        if NULText.contains(scalar.string) {
            sink.add(path, node.mark, NULText.message)
            return nil
        }
        return scalar.string
    }

    /// An id following `[a-z0-9][a-z0-9-]{0,62}`.
    static func identifier(_ node: Node, _ path: String, sink: inout IssueSink) -> String? {
        guard let text = text(node, path, sink: &sink) else { return nil }
        guard Identifier.isValid(text) else {
            sink.add(path, node.mark, "\"\(text)\" is not a valid id (lowercase letters, digits and "
                     + "hyphens, starting with a letter or digit, at most 63: \(Identifier.rule))")
            return nil
        }
        return text
    }

    /// A decimal with at most 4 fractional digits, read from the scalar's exact text.
    static func decimal(_ node: Node, _ path: String, sink: inout IssueSink) -> Fixed4? {
        guard case .scalar(let scalar) = node, [.int, .float].contains(node.tagName) else {
            sink.add(path, node.mark, "must be a number, not \(Node.describe(node))")
            return nil
        }
        guard let value = Fixed4(parsing: trimmingFractionZeros(scalar.string)) else {
            sink.add(path, node.mark, "\(scalar.string) is not a plain decimal with at most 4 "
                     + "fractional digits (e.g. 0.6667)")
            return nil
        }
        return value
    }

    /// A whole number written in decimal digits.
    static func integer(_ node: Node, _ path: String, sink: inout IssueSink) -> Int? {
        guard case .scalar(let scalar) = node, [.int, .float].contains(node.tagName) else {
            sink.add(path, node.mark, "must be a whole number, not \(Node.describe(node))")
            return nil
        }
        var digits = Substring(scalar.string)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(scalar.string.hasPrefix("+") ? String(digits) : scalar.string),
              abs(value) <= 1_000_000_000 else {
            sink.add(path, node.mark, "\(scalar.string) is not a whole number")
            return nil
        }
        return value
    }

    /// A YAML boolean (`true`/`false`; YAML 1.1 `yes`/`no`/`on`/`off` too).
    static func bool(_ node: Node, _ path: String, sink: inout IssueSink) -> Bool? {
        guard node.tagName == .bool, let value = node.bool else {
            sink.add(path, node.mark, "must be true or false, not \(Node.describe(node))")
            return nil
        }
        return value
    }

    /// A calendar date written `YYYY-MM-DD`.
    static func date(_ node: Node, _ path: String, sink: inout IssueSink) -> String? {
        guard let text = text(node, path, sink: &sink) else { return nil }
        guard isValidDate(text) else {
            sink.add(path, node.mark, "\"\(text)\" is not a valid date written YYYY-MM-DD")
            return nil
        }
        return text
    }

    static func sequence(_ node: Node, _ path: String, sink: inout IssueSink) -> [Node]? {
        guard case .sequence(let seq) = node else {
            sink.add(path, node.mark, "must be a list, not \(Node.describe(node))")
            return nil
        }
        return Array(seq)
    }

    /// `0.50000` -> `0.5000`: zeros past the fourth fractional digit change nothing.
    static func trimmingFractionZeros(_ text: String) -> String {
        guard let dot = text.firstIndex(of: ".") else { return text }
        var s = text
        while s.distance(from: dot, to: s.endIndex) > 5, s.last == "0" { s.removeLast() }
        return s
    }

    static func isValidDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return false
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for b in bytes[range] {
                guard b >= 0x30 && b <= 0x39 else { return nil }
                value = value * 10 + Int(b - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              year >= 1, (1...12).contains(month) else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
