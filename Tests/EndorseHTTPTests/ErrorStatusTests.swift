import EndorseCore
@testable import EndorseHTTP
import Hummingbird
import Logging
import Testing

/// One table maps every error code to its HTTP status; nothing is guessed.
@Suite("Error status table")
struct ErrorStatusTests {
    @Test("every code endorse uses has a status; none falls through to a default")
    func everyCodeIsMapped() {
        for code in EndorseError.Code.all {
            #expect(ErrorStatus.table[code] != nil, "\(code) has no HTTP status")
        }
        #expect(Set(ErrorStatus.table.keys) == Set(EndorseError.Code.all))
    }

    @Test("an unknown code answers 500, never a 4xx")
    func unknownCodeIs500() {
        let e = APIError(EndorseError(.init("made_up"), "x"))
        #expect(e.status == .internalServerError)
        #expect(e.code == "internal")
    }

    @Test("503 carries Retry-After; 401 carries WWW-Authenticate")
    func headers() {
        #expect(APIError(EndorseError(.unavailable, "down")).response.headers[.retryAfter] == "1")
        #expect(APIError(EndorseError(.unauthorized, "who")).response.headers[.wwwAuthenticate] == "Bearer")
    }
}
