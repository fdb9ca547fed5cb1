import Foundation
@testable import EndorseHTTP
import Testing

/// HTTP dates are formatted without Foundation (`Date` on every fast-path response); they must
/// read exactly as Foundation's IMF-fixdate formatter writes them, and parse back.
@Suite("HTTP dates")
struct HTTPDateTests {
    static func foundation(_ seconds: Int64) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    @Test("as Foundation writes them", arguments: [
        Int64(0), 86_399, 951_782_400, 1_709_164_800, 1_796_306_400, 1_798_761_599, 4_102_444_800, 253_402_300_799,
    ])
    func sameAsFoundation(_ seconds: Int64) {
        #expect(HTTPDate.format(seconds: seconds) == Self.foundation(seconds))
        #expect(HTTPDate.parse(HTTPDate.format(seconds: seconds)).map { Int64($0.timeIntervalSince1970) } == seconds)
    }

    @Test("every day of four years, weekday and leap days included")
    func fourYears() {
        for day in Int64(20_000)..<Int64(20_000 + 4 * 366) {
            let seconds = day * 86_400 + 45_296
            #expect(HTTPDate.format(seconds: seconds) == Self.foundation(seconds))
        }
    }

    @Test("the Date header is now")
    func now() throws {
        let date = try #require(HTTPDate.parse(HTTPDate.now))
        #expect(abs(date.timeIntervalSinceNow) < 5)
    }
}
