import EndorseCore

/// Dates and times as the pages and emails write them, in English or Spanish. Times show in the
/// offset of the cycle's `questionnaire_closes` (the coalition's own clock), else in UTC.
enum WebDates {
    /// `September 15, 2026, 11:59 PM (UTC−05:00)` / `15 de septiembre de 2026, 23:59 (UTC−05:00)`.
    static func deadline(_ t: OffsetDateTime, _ language: WebLanguage) -> String {
        "\(date(t.year, t.month, t.day, language)), \(time(t.hour, t.minute, language)) (\(t.offsetText))"
    }

    /// `YYYY-MM-DD` as `November 3, 2026` / `3 de noviembre de 2026`.
    static func day(_ text: String, _ language: WebLanguage) -> String {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return text }
        return date(parts[0], parts[1], parts[2], language)
    }

    /// A stored UTC timestamp (`2026-09-01T14:05:00Z`) in the offset of `zone` (else UTC).
    static func moment(_ utc: String, zone: OffsetDateTime?, _ language: WebLanguage) -> String {
        guard let t = OffsetDateTime(parsing: utc) else { return utc }
        let offset = zone?.offsetMinutes ?? 0
        let minutes = t.unixMicroseconds / 60_000_000 + Int64(offset)
        let days = Int(minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440)
        let inDay = Int(minutes - Int64(days) * 1440)
        let (y, m, d) = civil(days)
        let zoneText = zone?.offsetText ?? "UTC"
        return "\(date(y, m, d, language)), \(time(inDay / 60, inDay % 60, language)) (\(zoneText))"
    }

    static func date(_ y: Int, _ m: Int, _ d: Int, _ language: WebLanguage) -> String {
        switch language {
        case .en: "\(WebCatalog.monthsEN[m - 1]) \(d), \(y)"
        case .es: "\(d) de \(WebCatalog.monthsES[m - 1]) de \(y)"
        }
    }

    static func time(_ h: Int, _ m: Int, _ language: WebLanguage) -> String {
        let mm = m < 10 ? "0\(m)" : "\(m)"
        switch language {
        case .en: return "\(h % 12 == 0 ? 12 : h % 12):\(mm) \(h < 12 ? "AM" : "PM")"
        case .es: return "\(h < 10 ? "0\(h)" : "\(h)"):\(mm)"
        }
    }

    /// Year, month, day of a count of days since 1970-01-01 (one algorithm: `SlateTime.civil`).
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let (y, m, d) = SlateTime.civil(Int64(days))
        return (Int(y), Int(m), Int(d))
    }
}
