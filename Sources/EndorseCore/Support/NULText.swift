/// U+0000 in text: PostgreSQL's `text` cannot hold it, and no answer, id or note needs it, so
/// every entry path (HTTP bodies, JSON lines, CSV cells, the cycle file) refuses it as bad input,
/// naming the field, before anything reaches the database.
public enum NULText {
    /// The message every entry path gives.
    public static let message = "must not contain a NUL character (U+0000)"

    /// Whether `text` holds U+0000.
    @inlinable
    public static func contains(_ text: String) -> Bool {
        text.utf8.contains(0)
    }
}

extension JSONValue {
    /// The JSON path (`ranking[1]`, `answers.q-x`) of the first string or key, in key order,
    /// that holds U+0000; nil when there is none.
    public func pathOfNUL(_ base: String = "") -> String? {
        switch self {
        case .string(let s):
            return NULText.contains(s) ? (base.isEmpty ? "(value)" : base) : nil
        case .array(let items):
            for (i, item) in items.enumerated() {
                if let p = item.pathOfNUL("\(base)[\(i)]") { return p }
            }
            return nil
        case .object(let object):
            for key in object.keys.sorted(by: Identifier.byteOrder) {
                let path = base.isEmpty ? key : "\(base).\(key)"
                if NULText.contains(key) { return path }
                if let p = object[key]?.pathOfNUL(path) { return p }
            }
            return nil
        case .null, .bool, .number:
            return nil
        }
    }
}
