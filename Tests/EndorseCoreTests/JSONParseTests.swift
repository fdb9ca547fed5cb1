import Testing
@testable import EndorseCore

@Suite struct JSONParseTests {
    @Test func roundTripsCanonically() throws {
        let text = #" {"b": [1, -0.5, 2e3, true, null], "a": "x\/y\u00e9\n", "c": {}} "#
        let v = try JSONValue.parse(text)
        #expect(v.canonicalString == #"{"a":"x/yé\n","b":[1,-0.5,2e3,true,null],"c":{}}"#)
    }

    @Test func keepsExactNumberText() throws {
        let v = try JSONValue.parse("12345678901234567890.123456789")
        #expect(v == .number("12345678901234567890.123456789"))
        #expect(try JSONValue.parse("42").int64Value == 42)
        #expect(try JSONValue.parse("4.0").int64Value == nil)
    }

    @Test func surrogatePairs() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test func acceptsBOM() throws {
        #expect(try JSONValue.parse([0xEF, 0xBB, 0xBF] + Array("[]".utf8)) == .array([]))
    }

    @Test(arguments: [
        #"{"a": 1, "a": 2}"#, "[1,]", "{} {}", "01", "1.", "-", ".5", #""abc"#, "tru", "[1 2]",
        #"{"a" 1}"#, "\"a\tb\"", #""\ud800""#, "", "NaN", #"{"a":1,}"#,
    ])
    func refuses(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(text) }
    }

    @Test func duplicateKeyOffset() {
        do {
            _ = try JSONValue.parse(#"{"a":1,"a":2}"#)
            Issue.record("expected a duplicate-member error")
        } catch {
            #expect(error.message == "duplicate member \"a\"")
            #expect(error.offset == 7)
        }
    }
}
