/// Splits a migration file into single statements.
///
/// PostgresNIO speaks the extended query protocol, which takes one statement per query, so a
/// migration file is cut at top-level semicolons. The lexer knows what PostgreSQL does: `--` and
/// nested `/* */` comments, '...' strings (with '' and E'\'' escapes), "..." identifiers and
/// $tag$...$tag$ dollar quoting (function bodies).
public enum SQLScript {
    /// The statements of `sql`, trimmed, comments-only pieces dropped, without the final `;`.
    public static func statements(_ sql: String) -> [String] {
        let b = Array(sql.utf8)
        var out: [String] = []
        var start = 0
        var i = 0
        var hasCode = false   // whether the current piece holds anything but comments/space

        func flush(_ end: Int) {
            if hasCode {
                let text = String(decoding: b[start..<end], as: UTF8.self)
                out.append(text.trimmingWhitespace())
            }
            hasCode = false
        }

        while i < b.count {
            let c = b[i]
            let next: UInt8? = i + 1 < b.count ? b[i + 1] : nil
            switch c {
            case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                while i < b.count && b[i] != 0x0A { i += 1 }
                continue
            case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                var depth = 0
                while i < b.count {
                    if b[i] == UInt8(ascii: "/") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "*") {
                        depth += 1; i += 2; continue
                    }
                    if b[i] == UInt8(ascii: "*") && i + 1 < b.count && b[i + 1] == UInt8(ascii: "/") {
                        depth -= 1; i += 2
                        if depth == 0 { break }
                        continue
                    }
                    i += 1
                }
                continue
            case UInt8(ascii: "'"):
                hasCode = true
                // E'...' strings allow backslash escapes.
                let escapes = i > 0 && (b[i - 1] == UInt8(ascii: "E") || b[i - 1] == UInt8(ascii: "e"))
                i += 1
                while i < b.count {
                    if escapes && b[i] == UInt8(ascii: "\\") { i += 2; continue }
                    if b[i] == UInt8(ascii: "'") {
                        if i + 1 < b.count && b[i + 1] == UInt8(ascii: "'") { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
                continue
            case UInt8(ascii: "\""):
                hasCode = true
                i += 1
                while i < b.count && b[i] != UInt8(ascii: "\"") { i += 1 }
                i += 1
                continue
            case UInt8(ascii: "$"):
                hasCode = true
                if let tagEnd = dollarTagEnd(b, from: i) {
                    let tag = Array(b[i...tagEnd])
                    var j = tagEnd + 1
                    while j < b.count {
                        if b[j] == UInt8(ascii: "$") && j + tag.count <= b.count
                            && Array(b[j..<(j + tag.count)]) == tag {
                            break
                        }
                        j += 1
                    }
                    i = min(j + tag.count, b.count)
                    continue
                }
            case UInt8(ascii: ";"):
                flush(i)
                start = i + 1
                i += 1
                continue
            case 0x20, 0x09, 0x0A, 0x0D:
                break
            default:
                hasCode = true
            }
            i += 1
        }
        flush(b.count)
        return out
    }

    /// If a dollar-quote tag (`$$` or `$name$`) starts at `i`, the index of its closing `$`.
    private static func dollarTagEnd(_ b: [UInt8], from i: Int) -> Int? {
        // A `$` right after an identifier character is part of a name or `$1` parameter.
        if i > 0 {
            let p = b[i - 1]
            if isIdentChar(p) || p == UInt8(ascii: "$") { return nil }
        }
        var j = i + 1
        while j < b.count {
            if b[j] == UInt8(ascii: "$") { return j }
            if !isIdentChar(b[j]) || (j == i + 1 && b[j] >= 0x30 && b[j] <= 0x39) { return nil }
            j += 1
        }
        return nil
    }

    private static func isIdentChar(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39)
            || c == UInt8(ascii: "_") || c >= 0x80
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
