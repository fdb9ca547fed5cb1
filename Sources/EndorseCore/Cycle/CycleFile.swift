import Yams

/// Reads a cycle file (cycle.md): parses the YAML and validates every rule, reporting all problems
/// at once.
public enum CycleFile {
    /// Parses and validates a cycle file.
    ///
    /// - Parameters:
    ///   - bytes: the file's bytes, UTF-8 (a leading BOM is accepted).
    ///   - file: the name used in every issue line (usually the path as the user typed it).
    /// - Returns: the validated cycle, with defaults applied (rules, mapping weight, max_endorsements).
    /// - Throws: `CycleValidationError` listing every problem in document order.
    public static func parse(_ bytes: [UInt8], file: String) throws(CycleValidationError) -> Cycle {
        var sink = IssueSink()
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = decode(body, sink: &sink) else {
            throw CycleValidationError(file: file, issues: sink.sorted)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch {
            sink.add("", line: yamlErrorLine(error, text: text), yamlErrorMessage(error))
            throw CycleValidationError(file: file, issues: sink.sorted)
        }
        guard let root, !root.isNullScalar else {
            sink.add("", nil, "the file is empty; a cycle file is a YAML mapping with id, name, "
                     + "election_date, coalition, races, platform and questionnaire")
            throw CycleValidationError(file: file, issues: sink.sorted)
        }
        var reader = CycleReader(sink: sink)
        let cycle = reader.cycle(root)
        guard reader.sink.isEmpty, let cycle else {
            throw CycleValidationError(file: file, issues: reader.sink.sorted)
        }
        return cycle
    }

    /// Decodes UTF-8, reporting the first line that is not valid UTF-8.
    static func decode(_ bytes: ArraySlice<UInt8>, sink: inout IssueSink) -> String? {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var line = 1
        for chunk in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(validating: chunk, as: UTF8.self) == nil { break }
            line += 1
        }
        sink.add("", line: line, "the file is not valid UTF-8")
        return nil
    }

    static func yamlErrorMessage(_ error: any Error) -> String {
        guard let error = error as? YamlError else { return "malformed YAML: \(error)" }
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            if let context { return "malformed YAML: \(context.text), \(problem)" }
            return "malformed YAML: \(problem)"
        case .reader(let problem, _, _, _):
            return "malformed YAML: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return "duplicate key \(keys) in one mapping (each key may appear once)"
        default:
            return "malformed YAML: \(error)"
        }
    }

    static func yamlErrorLine(_ error: any Error, text: String) -> Int? {
        guard let error = error as? YamlError else { return nil }
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .reader(_, let offset, _, _):
            guard let offset else { return nil }
            let line = text.utf8.prefix(offset).filter { $0 == 0x0A }.count + 1
            return line
        case .duplicatedKeysInMapping(let duplicates, let context):
            return secondOccurrence(of: duplicates.first ?? "", after: context.mark, in: text)
                ?? context.mark.line
        default:
            return nil
        }
    }

    /// Yams marks a duplicate key at its first occurrence; the spec reports duplicates at the
    /// second. In block style the second one starts at the same column of a later line (flow
    /// style falls back to the first).
    static func secondOccurrence(of key: String, after mark: Mark, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let indent = mark.column - 1
        for index in mark.line..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            guard scalars.count > indent else { continue }
            guard scalars.prefix(indent).allSatisfy({ $0 == " " }) else { continue }
            let rest = String(String.UnicodeScalarView(scalars[indent...]))
            for spelling in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(spelling) {
                let after = rest.dropFirst(spelling.count).drop { $0 == " " }
                if after.first == ":" { return index + 1 }
            }
        }
        return nil
    }
}
