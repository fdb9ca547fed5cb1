/// Word limits of text answers (cycle.md `max_words`) and their line endings: the one place
/// every entry path (CSV import, API, web pages) goes through.
public enum Words {
    /// Words separated by whitespace (any Unicode whitespace, newlines included).
    public static func count(_ text: String) -> Int {
        var n = 0
        var inWord = false
        for c in text.unicodeScalars {
            if c.properties.isWhitespace {
                inWord = false
            } else if !inWord {
                inWord = true
                n += 1
            }
        }
        return n
    }

    /// CRLF and lone CR become LF, so the same text from a browser (CRLF) and a CSV (LF)
    /// compares equal and keeps its reviews.
    public static func normalizingLineEndings(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for b in text.utf8 {
            if b == 0x0D {
                out.append(0x0A)
                previousCR = true
                continue
            }
            if b == 0x0A && previousCR { previousCR = false; continue }
            previousCR = false
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
