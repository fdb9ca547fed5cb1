/// Addresses endorse writes into links (a candidate's `website`, the coalition's `url`): only
/// `http://` and `https://` with a host, so that no `javascript:` or `data:` link ever reaches
/// a page. Checked where they enter (candidates.csv, the cycle file).
public enum WebAddress {
    /// The refusal's wording.
    public static let message = "must be an http:// or https:// address"

    /// Whether `text` is an absolute http(s) URL with a host and no spaces or control characters.
    public static func isValid(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = lower.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = lower.dropFirst(7)
        } else {
            return false
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, !host.hasPrefix("@"), !host.hasPrefix(":") else { return false }
        return text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F && $0 != "\"" && $0 != "<" && $0 != ">" }
    }
}
