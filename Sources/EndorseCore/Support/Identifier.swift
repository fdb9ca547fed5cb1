/// Identifiers of cycles, races, planks, questions, candidates and orgs.
///
/// cycle.md fixes the rule `[a-z0-9][a-z0-9-]{0,62}` for cycle, race, plank and question ids.
/// Candidate and org ids from imports follow the same rule so that they are safe in file names,
/// URLs and audit lines alike.
public enum Identifier {
    /// Whether `id` matches `[a-z0-9][a-z0-9-]{0,62}`.
    public static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...63).contains(bytes.count) else { return false }
        for (i, b) in bytes.enumerated() {
            let alnum = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            if i == 0 { if !alnum { return false } } else if !(alnum || b == 0x2D) { return false }
        }
        return true
    }

    /// The rule, for error messages.
    public static let rule = "[a-z0-9][a-z0-9-]{0,62}"

    /// What is wrong with `id` as an import cell (`required`, or the rule), nil when well-formed.
    public static func problem(_ id: String) -> String? {
        if id.isEmpty { return "required" }
        return isValid(id) ? nil : "\"\(id)\" does not match \(rule)"
    }

    /// Orders ids by their UTF-8 bytes, the order every JSON output uses (`district-10` < `district-2`).
    public static func byteOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
