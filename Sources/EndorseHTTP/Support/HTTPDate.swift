import EndorseCore
import Foundation
import Synchronization

/// HTTP dates (RFC 9110 IMF-fixdate, `Thu, 03 Dec 2026 17:30:00 GMT`), for `Date`,
/// `Last-Modified` and `If-Modified-Since`.
enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date) -> String {
        format(seconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    /// The date `seconds` after 1970-01-01T00:00:00Z, by the slates' one civil-date algorithm.
    static func format(seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let (y, m, d) = SlateTime.civil(days)
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(weekday), \(two(d)) \(months[Int(m) - 1]) \(y) \(two(second / 3_600)):\(two(second % 3_600 / 60)):\(two(second % 60)) GMT"
    }

    static func parse(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.date(from: text)
    }

    /// The `Date` header for now, formatted at most once a second.
    static var now: String {
        let seconds = Int64(Date().timeIntervalSince1970.rounded(.down))
        if let text = latest.withLock({ $0.seconds == seconds ? $0.text : nil }) { return text }
        let text = format(seconds: seconds)
        latest.withLock { $0 = (seconds, text) }
        return text
    }

    private static let latest = Mutex<(seconds: Int64, text: String)>((-1, ""))
}
