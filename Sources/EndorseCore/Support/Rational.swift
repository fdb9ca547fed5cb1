import BigInt

/// An exact rational number, always reduced, with a positive denominator.
///
/// Scores feed eligibility comparisons, so they must be exact (scoring.md). Almost every value met
/// in scoring fits in 64 bits, so the value is held inline as two `Int64`s and moves to `BigInt`
/// only when an operation's result does not fit; it moves back as soon as a result fits again.
/// The representation is canonical (a value that fits is always `small`), so the synthesized
/// equality and hashing agree with numeric equality.
public struct Rational: Hashable, Sendable {
    @usableFromInline
    enum Storage: Hashable, Sendable {
        /// Reduced, `den > 0`, `num != Int64.min` (so that negation never overflows).
        case small(num: Int64, den: Int64)
        /// Reduced, `den > 0`, and not representable as `small`.
        case big(num: BigInt, den: BigInt)
    }

    @usableFromInline
    var storage: Storage

    @inlinable
    init(storage: Storage) { self.storage = storage }

    public static let zero = Rational(storage: .small(num: 0, den: 1))
    public static let one = Rational(storage: .small(num: 1, den: 1))

    /// An integer.
    public init(_ value: Int) {
        if value == Int.min {
            self.init(storage: .big(num: BigInt(value), den: 1))
        } else {
            self.init(storage: .small(num: Int64(value), den: 1))
        }
    }

    /// A `Fixed4` decimal: `units / 10 000`.
    public init(_ value: Fixed4) {
        self.init(numerator: value.units, denominator: Fixed4.scale)
    }

    /// `numerator / denominator`, reduced. The denominator must not be zero.
    public init(numerator: Int64, denominator: Int64) {
        precondition(denominator != 0, "Rational with a zero denominator")
        self = Rational.make(Int128(numerator), Int128(denominator))
    }

    /// `numerator / denominator`, reduced. The denominator must not be zero.
    public init(bigNumerator numerator: BigInt, bigDenominator denominator: BigInt) {
        precondition(!denominator.isZero, "Rational with a zero denominator")
        self = Rational.make(numerator, denominator)
    }

    /// The reduced numerator (carries the sign).
    public var numerator: BigInt {
        switch storage {
        case .small(let n, _): BigInt(n)
        case .big(let n, _): n
        }
    }

    /// The reduced, positive denominator.
    public var denominator: BigInt {
        switch storage {
        case .small(_, let d): BigInt(d)
        case .big(_, let d): d
        }
    }

    /// Whether the value is held inline (no `BigInt`); for tests and benchmarks.
    public var isSmall: Bool {
        if case .small = storage { return true }
        return false
    }

    public var isZero: Bool {
        if case .small(let n, _) = storage { return n == 0 }
        return false
    }

    /// -1, 0 or 1.
    public var signum: Int {
        switch storage {
        case .small(let n, _): Int(n.signum())
        case .big(let n, _): n.sign == .minus ? -1 : 1
        }
    }

    /// An approximation for display only; never use it to decide anything.
    public var doubleValue: Double {
        switch storage {
        case .small(let n, let d): return Double(n) / Double(d)
        case .big(let n, let d):
            // Scale so that both fit comfortably in a Double before dividing.
            let shift = max(0, max(n.magnitude.bitWidth, d.bitWidth) - 1000)
            return Double(n >> shift) / Double(d >> shift)
        }
    }
}

// MARK: - Construction and normalisation

extension Rational {
    /// Reduces `n/d` (Int128, `d != 0`) and stores it in canonical form.
    @usableFromInline
    static func make(_ n: Int128, _ d: Int128) -> Rational {
        var n = n, d = d
        if d < 0 {
            // Negating Int128.min would overflow; such values only come from BigInt-free callers
            // with 64-bit inputs, which cannot produce it, but stay safe anyway.
            if n == .min || d == .min { return make(BigInt(n), BigInt(d)) }
            n = -n; d = -d
        }
        if n == 0 { return .zero }
        let g = gcd128(n.magnitude, d.magnitude)
        if g > 1 { n /= Int128(g); d /= Int128(g) }
        return narrow(n, d)
    }

    /// Stores an already reduced `n/d` (`d > 0`) in canonical form.
    @inlinable
    static func narrow(_ n: Int128, _ d: Int128) -> Rational {
        if n > Int128(Int64.min), n <= Int128(Int64.max), d <= Int128(Int64.max) {
            return Rational(storage: .small(num: Int64(n), den: Int64(d)))
        }
        return Rational(storage: .big(num: BigInt(n), den: BigInt(d)))
    }

    /// Reduces `n/d` (`d != 0`) and stores it in canonical form.
    static func make(_ n: BigInt, _ d: BigInt) -> Rational {
        var n = n, d = d
        if d.sign == .minus { n.negate(); d.negate() }
        if n.isZero { return .zero }
        let g = n.greatestCommonDivisor(with: d)
        if g != 1 { n /= g; d /= g }
        return fromReducedBig(n, d)
    }

    /// Canonical storage for a reduced `n/d` with `d > 0`.
    static func fromReducedBig(_ n: BigInt, _ d: BigInt) -> Rational {
        if let sn = Int64(exactly: n), sn != Int64.min, let sd = Int64(exactly: d) {
            return Rational(storage: .small(num: sn, den: sd))
        }
        return Rational(storage: .big(num: n, den: d))
    }

    /// Both parts as BigInt, for the slow path.
    var bigParts: (num: BigInt, den: BigInt) {
        switch storage {
        case .small(let n, let d): (BigInt(n), BigInt(d))
        case .big(let n, let d): (n, d)
        }
    }
}

// MARK: - Greatest common divisors (binary, branch-light)

@usableFromInline
func gcd64(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var a = a, b = b
    if a == 0 { return b }
    if b == 0 { return a }
    let shift = (a | b).trailingZeroBitCount
    a >>= a.trailingZeroBitCount
    repeat {
        b >>= b.trailingZeroBitCount
        if a > b { swap(&a, &b) }
        b -= a
    } while b != 0
    return a << shift
}

@usableFromInline
func gcd128(_ a: UInt128, _ b: UInt128) -> UInt128 {
    // Euclid until both fit in 64 bits, then the fast binary gcd.
    var a = a, b = b
    while a > UInt128(UInt64.max) || b > UInt128(UInt64.max) {
        if b == 0 { return a }
        (a, b) = (b, a % b)
    }
    return UInt128(gcd64(UInt64(a), UInt64(b)))
}

// MARK: - Comparison

extension Rational: Comparable {
    public static func < (a: Rational, b: Rational) -> Bool {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            // 64 x 64 bits always fits in 128 bits.
            return Int128(an) * Int128(bd) < Int128(bn) * Int128(ad)
        }
        let (an, ad) = a.bigParts
        let (bn, bd) = b.bigParts
        return an * bd < bn * ad
    }
}

extension Rational: CustomStringConvertible {
    /// `n` for an integer, else `n/d`.
    public var description: String {
        switch storage {
        case .small(let n, 1): return String(n)
        case .small(let n, let d): return "\(n)/\(d)"
        case .big(let n, let d): return d == 1 ? String(n) : "\(n)/\(d)"
        }
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}
