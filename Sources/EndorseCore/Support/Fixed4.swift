/// An exact decimal with at most four fractional digits, held as an integer count of 1/10 000.
///
/// Weights, option scores, quorum, threshold and minimum scores are all of this form (cycle.md),
/// so they are parsed from their text and never pass through floating point.
public struct Fixed4: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value times 10 000.
    public let units: Int64

    /// The scale: one unit is 1/scale.
    public static let scale: Int64 = 10_000

    public init(units: Int64) { self.units = units }

    /// An integer value.
    public init(integer: Int64) { self.units = integer * Fixed4.scale }

    public static let zero = Fixed4(units: 0)
    public static let one = Fixed4(units: scale)

    /// Parses `-?[0-9]+(\.[0-9]{1,4})?` exactly. Returns nil for anything else (exponents, more
    /// than four fractional digits, blanks) or a magnitude beyond 10^14.
    public init?(parsing text: String) {
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let intPart = parts.first, !intPart.isEmpty, intPart.count <= 14,
              intPart.allSatisfy({ $0.isASCII && $0.isNumber }),
              let whole = Int64(intPart) else { return nil }
        var frac: Int64 = 0
        if parts.count == 2 {
            let f = parts[1]
            guard (1...4).contains(f.count), f.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let v = Int64(f) else { return nil }
            frac = v
            for _ in 0..<(4 - f.count) { frac *= 10 }
        }
        let magnitude = whole * Fixed4.scale + frac
        self.units = negative ? -magnitude : magnitude
    }

    public static func < (a: Fixed4, b: Fixed4) -> Bool { a.units < b.units }

    /// Shortest decimal text: `3`, `0.5`, `0.6667`, `-1.25`.
    public var description: String { Fixed4.format(units: Int128(units), fractionDigits: 4) }

    /// Formats `units / 10^fractionDigits` in its shortest exact decimal form.
    public static func format(units: Int128, fractionDigits: Int) -> String {
        var pow: Int128 = 1
        for _ in 0..<fractionDigits { pow *= 10 }
        let negative = units < 0
        let magnitude = negative ? -units : units
        let whole = magnitude / pow
        var frac = magnitude % pow
        var digits = fractionDigits
        while digits > 0 && frac % 10 == 0 { frac /= 10; digits -= 1 }
        var text = String(whole)
        if digits > 0 {
            let f = String(frac)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return negative && magnitude != 0 ? "-" + text : text
    }

    /// `self × n` as an exact count of 1/10 000 (Int128, so it cannot overflow for Int64 weights).
    public func times(_ n: Int64) -> Int128 { Int128(units) * Int128(n) }
}
