import BigInt

/// The number type an stv count runs on: a paper's value, a candidate's votes, the
/// non-transferable total. The count is generic over it so that both arithmetics of voting.md
/// share one implementation of the rules and each is specialised to its own fast type.
protocol STVValue: Hashable, Comparable, Sendable {
    static var zero: Self { get }
    /// A paper's value at stage 1.
    static var one: Self { get }
    /// A whole number of votes (the quota).
    init(whole: Int64)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    /// `weight` papers of this value.
    func times(_ weight: Int64) -> Self
    /// A paper's value after its candidate's surplus moves: v × surplus / total.
    static func transferValue(_ v: Self, surplus: Self, total: Self) -> Self
    /// The exact value.
    var rational: Rational { get }
}

/// `exact`: every value an exact fraction.
extension Rational: STVValue {
    init(whole: Int64) { self.init(numerator: whole, denominator: 1) }

    func times(_ weight: Int64) -> Rational { self * Rational(numerator: weight, denominator: 1) }

    static func transferValue(_ v: Rational, surplus: Rational, total: Rational) -> Rational {
        v * surplus / total
    }

    var rational: Rational { self }
}

/// `scottish`: values in units of 0.00001 (the Order's five decimal places). A paper's new value
/// is truncated (rule 48: "any remainder being ignored"), so it stays a whole number of units;
/// sums are exact. Int128 keeps W × 10^5 and v × surplus far from overflow.
struct ScottishVotes: STVValue {
    static let scale: Int128 = 100_000
    /// The value × 10^5.
    var units: Int128

    init(units: Int128) { self.units = units }
    init(whole: Int64) { units = Int128(whole) * Self.scale }

    static let zero = ScottishVotes(units: 0)
    static let one = ScottishVotes(units: scale)

    static func + (a: ScottishVotes, b: ScottishVotes) -> ScottishVotes { .init(units: a.units + b.units) }
    static func - (a: ScottishVotes, b: ScottishVotes) -> ScottishVotes { .init(units: a.units - b.units) }
    static func < (a: ScottishVotes, b: ScottishVotes) -> Bool { a.units < b.units }

    func times(_ weight: Int64) -> ScottishVotes { .init(units: units * Int128(weight)) }

    /// trunc5(v × surplus / total): all three are non-negative, so integer division truncates.
    /// v ≤ 1 (10^5 units) and surplus < W × 10^5, so the product fits in Int128.
    static func transferValue(_ v: ScottishVotes, surplus: ScottishVotes,
                              total: ScottishVotes) -> ScottishVotes {
        .init(units: v.units * surplus.units / total.units)
    }

    var rational: Rational {
        if let n = Int64(exactly: units) { return Rational(numerator: n, denominator: 100_000) }
        return Rational(bigNumerator: BigInt(units), bigDenominator: BigInt(100_000))
    }
}
