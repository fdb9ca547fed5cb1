import Testing
@testable import EndorseCore

@Suite struct Fixed4Tests {
    @Test(arguments: [("0.6667", 6_667), ("3", 30_000), ("0.5", 5_000), ("1.0000", 10_000), ("-2.25", -22_500)])
    func parses(text: String, units: Int64) {
        #expect(Fixed4(parsing: text)?.units == units)
    }

    @Test(arguments: ["", "1.", ".5", "0.66667", "1e3", "abc", " 1", "1.2.3", "+1"])
    func refuses(text: String) {
        #expect(Fixed4(parsing: text) == nil)
    }

    @Test func shortestForm() {
        #expect(Fixed4(units: 6_667).description == "0.6667")
        #expect(Fixed4(units: 30_000).description == "3")
        #expect(Fixed4(units: 5_000).description == "0.5")
        #expect(Fixed4.format(units: 206_677, fractionDigits: 4) == "20.6677")
    }

    @Test func canonicalJSON() {
        let v: JSONValue = .object(["b": .int(1), "a": .string("x/é\n"), "district-2": .null, "district-10": .bool(true)])
        #expect(v.canonicalString == #"{"a":"x/é\n","b":1,"district-10":true,"district-2":null}"#)
    }
}
