import BigInt
import Foundation
import Testing
@testable import EndorseCore

/// Real Scottish council wards and hand-counted corners (Tests/Conformance/stv/README.md), checked
/// as "Checking a tally against a case" says: the same elected in order, rounds one for one with
/// the stages (action, candidate, listed candidates, elected, tie_break), and every number equal
/// to the official 5-digit figure (`scottish`) or within 0.00001 of the exact fraction (`exact`;
/// we count exactly, so we also require the fraction itself).
@Suite struct STVConformanceTests {
    static let cases = ConformanceCases.names("stv")

    @Test func theRepositoryCarriesEveryScottishAndMadeUpCase() {
        let scottish = Self.cases.filter { $0.hasSuffix("_scottish") }
        #expect(scottish.count == 73, "66 real wards + 7 made-up, got \(scottish.count)")
        #expect(Self.cases.filter { $0.hasPrefix("synthetic_") }.count == 14)
        #expect(Self.cases.count == 100)
    }

    @Test(arguments: cases) func stvCase(_ name: String) throws {
        let files = ConformanceCases.Case("stv", name)
        let expected = try files.expected()
        let tally = try files.tally(race: try #require(expected["race"]?.stringValue))
        let scottish = expected["arithmetic"] == .string("scottish")
        let stv = try #require(tally.stv)

        #expect(tally.method == .stv)
        #expect(stv.quota == expected["quota"]?.int64Value)
        #expect(stv.elected == strings(expected["elected"]))
        #expect(tally.endorsed == stv.elected)
        #expect(tally.outcome == .endorsed)
        let stages = try #require(expected["stages"]?.arrayValue)
        #expect(stv.stages.count == stages.count)
        for (ours, theirs) in zip(stv.stages, stages) {
            let at = "stage \(ours.number)"
            #expect(ours.action.rawValue == theirs["action"]?.stringValue, "\(at)")
            #expect(ours.candidate == theirs["candidate"]?.stringValue, "\(at)")
            #expect(ours.elected == strings(theirs["elected"]), "\(at)")
            #expect(ours.tieBreak?.rawValue == theirs["tie_break"]?.stringValue, "\(at)")
            let votes = try #require(theirs["votes"]?.objectValue)
            #expect(Set(ours.votes.keys) == Set(votes.keys), "\(at)")
            for (id, text) in votes {
                try expectNumber(ours.votes[id], text, exact: theirs["votes_exact"]?[id], scottish: scottish, "\(at) \(id)")
            }
            try expectNumber(ours.nonTransferable, theirs["non_transferable"] ?? .null,
                             exact: theirs["non_transferable_exact"], scottish: scottish, "\(at) non-transferable")
        }
    }

    /// `scottish`: digit for digit; `exact`: the exact fraction, hence within 0.00001 of the
    /// 5-digit string, and the JSON text rounds it as the string does.
    func expectNumber(_ ours: Rational?, _ fiveDigits: JSONValue, exact: JSONValue?, scottish: Bool,
                      _ what: String) throws {
        let value = try #require(ours, "\(what) missing")
        let text = try #require(fiveDigits.stringValue)
        let expected = try #require(Self.decimal(text), "\(what): \(text)")
        let printed = try #require(Self.decimal(Tally.Stage.text(value)))
        #expect(printed == expected, "\(what): printed \(Tally.Stage.text(value)), expected \(text)")
        if scottish {
            #expect(value == expected, "\(what): \(value) vs \(text)")
        } else {
            let fraction = try #require(exact?.stringValue.flatMap(Self.fraction), "\(what): no exact value")
            #expect(value == fraction, "\(what): \(value) vs \(fraction)")
            let gap = value > expected ? value - expected : expected - value
            #expect(gap <= Rational(numerator: 1, denominator: 100_000), "\(what)")
        }
    }

    func strings(_ v: JSONValue?) -> [String] { v?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// "12.34567" -> 1234567/100000.
    static func decimal(_ text: String) -> Rational? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = BigInt(String(parts[0])) else { return nil }
        let frac = parts.count == 2 ? String(parts[1]) : ""
        guard let fracValue = frac.isEmpty ? BigInt(0) : BigInt(frac) else { return nil }
        let scale = BigInt(10).power(frac.count)
        return Rational(bigNumerator: whole * scale + fracValue, bigDenominator: scale)
    }

    /// "p/q" or "p" -> p/q.
    static func fraction(_ text: String) -> Rational? {
        let parts = text.split(separator: "/")
        guard let p = parts.first.flatMap({ BigInt(String($0)) }) else { return nil }
        guard parts.count == 2 else { return parts.count == 1 ? Rational(bigNumerator: p, bigDenominator: 1) : nil }
        guard let q = BigInt(String(parts[1])), !q.isZero else { return nil }
        return Rational(bigNumerator: p, bigDenominator: q)
    }
}
