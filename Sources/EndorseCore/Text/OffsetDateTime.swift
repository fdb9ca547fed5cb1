/// A date and time written in RFC 3339 with an explicit offset, e.g.
/// `2026-09-15T23:59:00-05:00` (cycle.md `questionnaire_closes`). Keeps the text and the local
/// fields, so pages can show it as written, and the instant, so it can be compared with a clock.
public struct OffsetDateTime: Hashable, Sendable, CustomStringConvertible {
    /// The text as written in the file.
    public let text: String
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    /// Minutes east of UTC (`-05:00` is -300; `Z` is 0).
    public let offsetMinutes: Int
    /// Microseconds since 1970-01-01T00:00:00Z.
    public let unixMicroseconds: Int64

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)` (`t`/`z` and a space for `T`
    /// accepted, as RFC 3339 allows). Nil for anything else, a time without an offset included.
    public init?(parsing text: String) {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        func at(_ i: Int, _ c: Character) -> Bool { i < b.count && b[i] == c.asciiValue }
        guard b.count >= 20, let y = digits(0, 4), at(4, "-"), let mo = digits(5, 2), at(7, "-"),
              let d = digits(8, 2), at(10, "T") || at(10, "t") || at(10, " "),
              let h = digits(11, 2), at(13, ":"), let mi = digits(14, 2), at(16, ":"),
              let s = digits(17, 2) else { return nil }
        var i = 19
        var micros = 0
        if at(i, ".") {
            i += 1
            var n = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if n < 6 { micros = micros * 10 + Int(b[i] - 0x30) }
                n += 1
                i += 1
            }
            guard n > 0 else { return nil }
            for _ in min(n, 6)..<6 { micros *= 10 }
        }
        var offset = 0
        if at(i, "Z") || at(i, "z") {
            i += 1
        } else if at(i, "+") || at(i, "-") {
            let sign = at(i, "-") ? -1 : 1
            guard let oh = digits(i + 1, 2), at(i + 3, ":"), let om = digits(i + 4, 2), oh <= 23, om <= 59 else {
                return nil
            }
            offset = sign * (oh * 60 + om)
            i += 6
        } else {
            return nil
        }
        guard i == b.count, y >= 1, (1...12).contains(mo), d >= 1, d <= Self.days(year: y, month: mo),
              h <= 23, mi <= 59, s <= 60 else { return nil }
        self.text = text
        (year, month, day, hour, minute, second) = (y, mo, d, h, mi, min(s, 59))
        offsetMinutes = offset
        let days = Self.daysFromCivil(y, mo, d)
        let seconds = Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + min(s, 59)) - Int64(offset * 60)
        unixMicroseconds = seconds * 1_000_000 + Int64(micros)
    }

    public var description: String { text }

    /// The offset as `UTC-05:00` (`UTC` for zero).
    public var offsetText: String {
        if offsetMinutes == 0 { return "UTC" }
        let m = abs(offsetMinutes)
        let pad = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return "UTC\(offsetMinutes < 0 ? "−" : "+")\(pad(m / 60)):\(pad(m % 60))"
    }

    static func days(year: Int, month: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
