import BigInt
import Testing
@testable import EndorseCore

/// The reference: a pure-BigInt fraction, reduced the textbook way.
struct RefFraction: Equatable {
    var num: BigInt
    var den: BigInt
    init(_ n: BigInt, _ d: BigInt) {
        precondition(!d.isZero)
        var n = n, d = d
        if d.sign == .minus { n = -n; d = -d }
        let g = n.magnitude.greatestCommonDivisor(with: d.magnitude)
        num = n / BigInt(g); den = d / BigInt(g)
        if num.isZero { den = 1 }
    }
    static func + (a: Self, b: Self) -> Self { Self(a.num * b.den + b.num * a.den, a.den * b.den) }
    static func - (a: Self, b: Self) -> Self { Self(a.num * b.den - b.num * a.den, a.den * b.den) }
    static func * (a: Self, b: Self) -> Self { Self(a.num * b.num, a.den * b.den) }
    static func / (a: Self, b: Self) -> Self { Self(a.num * b.den, a.den * b.num) }
    func less(_ b: Self) -> Bool { num * b.den < b.num * den }

    /// Half away from zero, then the shortest decimal text, built digit by digit.
    func rounded(_ digits: Int) -> String {
        let p = BigInt(10).power(digits)
        let q = (2 * num.magnitude * p.magnitude + den.magnitude) / (2 * den.magnitude)
        if q.isZero { return "0" }
        var s = String(q)
        while s.count <= digits { s = "0" + s }
        var intPart = String(s.dropLast(digits))
        var frac = String(s.suffix(digits))
        while frac.last == "0" { frac.removeLast() }
        if intPart.isEmpty { intPart = "0" }
        let body = frac.isEmpty ? intPart : intPart + "." + frac
        return num.sign == .minus ? "-" + body : body
    }
}

func check(_ r: Rational, _ ref: RefFraction, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.numerator == ref.num && r.denominator == ref.den, "\(r) vs \(ref.num)/\(ref.den)",
            sourceLocation: sourceLocation)
    // Canonical storage: inline exactly when both parts fit (and the numerator is not Int64.min).
    let fits = Int64(exactly: ref.num).map { $0 != .min } == true && Int64(exactly: ref.den) != nil
    #expect(r.isSmall == fits, "storage of \(r)", sourceLocation: sourceLocation)
}

@Suite struct RationalTests {
    static func randomInt64(_ g: inout SplitMix64) -> Int64 {
        switch Int.random(in: 0..<6, using: &g) {
        case 0: Int64.random(in: -20...20, using: &g)
        case 1: Int64.max - Int64.random(in: 0...1000, using: &g)
        case 2: Int64.min + Int64.random(in: 0...1000, using: &g)
        case 3: Int64.random(in: -1_000_000...1_000_000, using: &g) * 10_000
        case 4: Int64(bitPattern: g.next() >> UInt64.random(in: 0...62, using: &g))
        default: Int64(bitPattern: g.next())
        }
    }

    static func randomPair(_ g: inout SplitMix64) -> (Rational, RefFraction) {
        let n = randomInt64(&g)
        var d = randomInt64(&g)
        if d == 0 { d = 1 }
        return (Rational(numerator: n, denominator: d), RefFraction(BigInt(n), BigInt(d)))
    }

    @Test func constructionReducesAndNormalisesSign() {
        check(Rational(numerator: 6, denominator: -4), RefFraction(-3, 2))
        check(Rational(numerator: 0, denominator: -7), RefFraction(0, 1))
        check(Rational(numerator: Int64.min, denominator: 1), RefFraction(BigInt(Int64.min), 1))
        check(Rational(numerator: Int64.min, denominator: -1), RefFraction(-BigInt(Int64.min), 1))
        check(Rational(numerator: Int64.min, denominator: 2), RefFraction(BigInt(Int64.min) / 2, 1))
        check(Rational(Fixed4(parsing: "0.6667")!), RefFraction(6667, 10_000))
        check(Rational(Fixed4(parsing: "2.5")!), RefFraction(5, 2))
        #expect(Rational(numerator: 3, denominator: 6) == Rational(numerator: -1, denominator: -2))
    }

    /// Random chains of operations: results go big and come back; every step must equal the
    /// reference exactly and keep the canonical storage.
    @Test(arguments: 1...8)
    func operationsMatchBigIntReference(seed: UInt64) {
        var g = SplitMix64(seed: seed)
        for _ in 0..<150 {
            var (x, rx) = Self.randomPair(&g)
            for _ in 0..<6 {
                let (y, ry) = Self.randomPair(&g)
                switch Int.random(in: 0..<5, using: &g) {
                case 0: x = x + y; rx = rx + ry
                case 1: x = x - y; rx = rx - ry
                case 2: x = x * y; rx = rx * ry
                case 3 where !y.isZero: x = x / y; rx = rx / ry
                default:
                    // Back towards small values: x - x + y.
                    x = x - x + y; rx = ry
                }
                check(x, rx)
                #expect((x < y) == rx.less(ry))
                #expect((x == y) == (rx == ry))
                #expect(x.rounded(fractionDigits: 2) == rx.rounded(2))
            }
        }
    }

    @Test func equalValuesHashEqualAcrossPaths() {
        let big = Rational(numerator: Int64.max, denominator: 3) * Rational(numerator: Int64.max, denominator: 5)
        #expect(!big.isSmall)
        let back = big / Rational(numerator: Int64.max, denominator: 1)
        #expect(back.isSmall)
        let direct = Rational(numerator: Int64.max, denominator: 15)
        #expect(back == direct)
        #expect(back.hashValue == direct.hashValue)
        #expect(Set([back, direct]).count == 1)
    }

    @Test func comparisonNearLimits() {
        let a = Rational(numerator: Int64.max, denominator: Int64.max - 1)
        let b = Rational(numerator: Int64.max - 1, denominator: Int64.max - 2)
        // (m)/(m-1) < (m-1)/(m-2) for large m.
        #expect(a < b)
        #expect(!(b < a))
        #expect(Rational(-1) < Rational.zero)
        #expect(Rational(numerator: Int64.min, denominator: 1) < Rational(numerator: Int64.min + 1, denominator: 1))
    }

    static let roundingCases: [(Rational, Int, String)] = [
        (Rational(numerator: 175, denominator: 2), 2, "87.5"),
        (Rational(100), 2, "100"),
        (Rational(numerator: 200, denominator: 3), 2, "66.67"),
        (Rational(numerator: 13_333, denominator: 200), 2, "66.67"),    // 66.665 exactly
        (Rational(numerator: -13_333, denominator: 200), 2, "-66.67"),
        (Rational(numerator: 13_331, denominator: 200), 2, "66.66"),    // 66.655 -> up
        (Rational(numerator: 1_333_299, denominator: 20_000), 2, "66.66"), // 66.66495 -> down
        (Rational(numerator: -1, denominator: 200), 2, "-0.01"),        // -0.005
        (Rational(numerator: -1, denominator: 250), 2, "0"),            // -0.004, never "-0"
        (Rational(numerator: 1, denominator: 200), 2, "0.01"),
        (Rational(numerator: 1, denominator: 3), 2, "0.33"),
        (Rational(numerator: 2, denominator: 3), 2, "0.67"),
        (Rational(numerator: 599_999, denominator: 10_000), 2, "60"),   // 59.9999
        (Rational(numerator: 5, denominator: 2), 0, "3"),
        (Rational(numerator: -5, denominator: 2), 0, "-3"),
        (Rational(numerator: 66_665, denominator: 100_000), 4, "0.6667"),
        (Rational.zero, 2, "0"),
        (Rational(numerator: 3, denominator: 10), 2, "0.3"),
    ]

    @Test(arguments: roundingCases)
    func roundsHalfAwayFromZero(value: Rational, digits: Int, text: String) {
        #expect(value.rounded(fractionDigits: digits) == text)
    }

    @Test func roundsBigValues() {
        let big = Rational(numerator: Int64.max, denominator: 1) * Rational(numerator: Int64.max, denominator: 200)
        #expect(!big.isSmall)
        let ref = RefFraction(BigInt(Int64.max) * BigInt(Int64.max), 200)
        #expect(big.rounded(fractionDigits: 2) == ref.rounded(2))
        #expect(big.rounded(fractionDigits: 2) == "425352958651173079236984538921162506.25")
        #expect((-big).rounded(fractionDigits: 1) == "-425352958651173079236984538921162506.2")
        let tiny = Rational(numerator: 1, denominator: Int64.max) * Rational(numerator: 1, denominator: 3)
        #expect(tiny.rounded(fractionDigits: 2) == "0")
        #expect(Rational(numerator: 5, denominator: 1000).rounded(fractionDigits: 20) == "0.005")
    }

    @Test func doubleValueIsForDisplay() {
        #expect(Rational(numerator: 175, denominator: 2).doubleValue == 87.5)
        let big = Rational(numerator: Int64.max, denominator: 1) * Rational(numerator: Int64.max, denominator: 1)
        #expect(abs(big.doubleValue / 8.507059173023462e37 - 1) < 1e-12)
    }
}
