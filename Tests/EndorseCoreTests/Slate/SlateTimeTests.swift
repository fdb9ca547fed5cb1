import EndorseCore
import Foundation
import Testing

/// `SlateTime.civil`, the one civil-date algorithm (slate timestamps, the web pages' dates),
/// against Foundation's ISO 8601 formatter, before and after 1970 and across leap days.
struct SlateTimeTests {
    @Test(arguments: [Int64(-86_400 * 365 * 200 - 1), -1, 0, 951_782_400, 951_868_799, 1_709_164_800,
                      1_790_000_000, 4_107_542_399])
    func stringMatchesFoundation(_ seconds: Int64) {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        #expect(SlateTime.string(date) == formatter.string(from: date))
    }

    @Test func civilOfKnownDays() {
        #expect(SlateTime.civil(0) == (1970, 1, 1))
        #expect(SlateTime.civil(-1) == (1969, 12, 31))
        #expect(SlateTime.civil(11_016) == (2000, 2, 29))   // a leap day of a year divisible by 400
        #expect(SlateTime.civil(20_760) == (2026, 11, 3))
    }
}
