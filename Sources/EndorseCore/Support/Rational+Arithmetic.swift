import BigInt

// Arithmetic: exact, always reduced. The inline path works in Int128 intermediates (a product of
// two Int64s cannot overflow Int128) and reduces with Knuth's gcd tricks (TAOCP 4.5.1), so the
// result is reduced without a gcd on the full-width product; it falls back to BigInt only when an
// operand already is big or the reduced result does not fit in 64 bits.
extension Rational {
    public static func + (a: Rational, b: Rational) -> Rational {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            return addSmall(an, ad, bn, bd)
        }
        let (an, ad) = a.bigParts
        let (bn, bd) = b.bigParts
        return make(an * bd + bn * ad, ad * bd)
    }

    public static prefix func - (a: Rational) -> Rational {
        switch a.storage {
        // `num != Int64.min` is an invariant of `small`, so this cannot overflow.
        case .small(let n, let d): return Rational(storage: .small(num: -n, den: d))
        case .big(let n, let d): return fromReducedBig(-n, d)
        }
    }

    public static func - (a: Rational, b: Rational) -> Rational { a + (-b) }

    public static func * (a: Rational, b: Rational) -> Rational {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            return multiplySmall(an, ad, bn, bd)
        }
        let (an, ad) = a.bigParts
        let (bn, bd) = b.bigParts
        return make(an * bn, ad * bd)
    }

    /// Traps on division by zero, like integer division.
    public static func / (a: Rational, b: Rational) -> Rational {
        precondition(!b.isZero, "Rational division by zero")
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            // a/b ÷ c/d = a/b × d/c, with the sign moved to the numerator (bn != Int64.min).
            return bn < 0 ? multiplySmall(an, ad, -bd, -bn) : multiplySmall(an, ad, bd, bn)
        }
        let (an, ad) = a.bigParts
        let (bn, bd) = b.bigParts
        return make(an * bd, ad * bn)
    }

    public static func += (a: inout Rational, b: Rational) { a = a + b }
    public static func -= (a: inout Rational, b: Rational) { a = a - b }
    public static func *= (a: inout Rational, b: Rational) { a = a * b }
    public static func /= (a: inout Rational, b: Rational) { a = a / b }

    /// an/ad + bn/bd with ad, bd > 0 and both fractions reduced.
    @usableFromInline
    static func addSmall(_ an: Int64, _ ad: Int64, _ bn: Int64, _ bd: Int64) -> Rational {
        if ad == bd {
            // Common with equal denominators (integers in particular): one gcd on the sum.
            let t = Int128(an) + Int128(bn)
            if t == 0 { return .zero }
            if ad == 1 { return narrow(t, 1) }
            let g = Int128(gcd64(UInt64(truncatingIfNeeded: (t % Int128(ad)).magnitude), UInt64(ad)))
            return narrow(t / g, Int128(ad) / g)
        }
        let g = Int64(gcd64(UInt64(ad), UInt64(bd)))
        if g == 1 {
            // Coprime denominators: the result is already reduced.
            let t = Int128(an) * Int128(bd) + Int128(bn) * Int128(ad)
            if t == 0 { return .zero }
            return narrow(t, Int128(ad) * Int128(bd))
        }
        let adg = ad / g, bdg = bd / g
        let t = Int128(an) * Int128(bdg) + Int128(bn) * Int128(adg)
        if t == 0 { return .zero }
        let g2 = Int64(gcd64(UInt64(truncatingIfNeeded: (t % Int128(g)).magnitude), UInt64(g)))
        return narrow(t / Int128(g2), Int128(adg) * Int128(bd / g2))
    }

    /// (an/ad) × (bn/bd) with ad, bd > 0 and both fractions reduced.
    @usableFromInline
    static func multiplySmall(_ an: Int64, _ ad: Int64, _ bn: Int64, _ bd: Int64) -> Rational {
        if an == 0 || bn == 0 { return .zero }
        let g1 = Int64(gcd64(an.magnitude, UInt64(bd)))
        let g2 = Int64(gcd64(bn.magnitude, UInt64(ad)))
        let n = Int128(an / g1) * Int128(bn / g2)
        let d = Int128(ad / g2) * Int128(bd / g1)
        return narrow(n, d)
    }
}

// MARK: - Decimal text

extension Rational {
    /// The value rounded to `fractionDigits` decimals, half away from zero, as exact decimal text
    /// in its shortest form: `87.5`, `100`, `66.67`, `-0.01`, `0` (never `-0`).
    ///
    /// This is how every score is written in JSON, tables and the slate (scoring.md).
    public func rounded(fractionDigits: Int) -> String {
        precondition(fractionDigits >= 0, "negative fractionDigits")
        if case .small(let n, let d) = storage, fractionDigits <= 18 {
            var pow: Int128 = 1
            for _ in 0..<fractionDigits { pow *= 10 }
            // |n| × 10^18 < 2^63 × 2^60 fits in Int128.
            let scaled = Int128(n.magnitude) * pow
            let (q, r) = scaled.quotientAndRemainder(dividingBy: Int128(d))
            let units = 2 * r >= Int128(d) ? q + 1 : q
            return Fixed4.format(units: n < 0 ? -units : units, fractionDigits: fractionDigits)
        }
        let (n, d) = bigParts
        let scaled = n.magnitude * BigUInt(10).power(fractionDigits)
        let (q, r) = scaled.quotientAndRemainder(dividingBy: d.magnitude)
        let units = 2 * r >= d.magnitude ? q + 1 : q
        return Rational.formatDecimal(units, negative: n.sign == .minus, fractionDigits: fractionDigits)
    }

    /// `units / 10^fractionDigits` in shortest form, for the BigInt path.
    static func formatDecimal(_ units: BigUInt, negative: Bool, fractionDigits: Int) -> String {
        if units.isZero { return "0" }
        var digits = String(units)
        var frac = fractionDigits
        // Drop trailing zeros of the fraction (units is non-zero, so a non-zero digit remains).
        while frac > 0, digits.last == "0" {
            digits.removeLast()
            frac -= 1
        }
        if digits.count <= frac {
            digits = String(repeating: "0", count: frac - digits.count + 1) + digits
        }
        var text = digits
        if frac > 0 {
            let cut = text.index(text.endIndex, offsetBy: -frac)
            text = String(text[..<cut]) + "." + String(text[cut...])
        }
        return negative ? "-" + text : text
    }
}
