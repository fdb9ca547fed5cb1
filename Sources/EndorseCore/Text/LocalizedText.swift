/// A display text of the cycle file (cycle.md): a plain string, or a map from language code to
/// string whose first entry is the default language.
///
/// It converts from a string literal and prints as its default text, so code that only needs
/// one language (the slate, the CLI tables) reads `.default`.
public struct LocalizedText: Hashable, Sendable, CustomStringConvertible,
                             ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// Language codes in file order; empty for a plain string.
    public let languages: [String]
    /// One text per language (one text for a plain string).
    public let texts: [String]

    /// A plain string: the same text in every language.
    public init(_ text: String) {
        languages = []
        texts = [text]
    }

    /// A map in file order. Nil when `entries` is empty.
    public init?(entries: [(language: String, text: String)]) {
        guard !entries.isEmpty else { return nil }
        languages = entries.map(\.language)
        texts = entries.map(\.text)
    }

    public init(stringLiteral value: String) { self.init(value) }

    /// The default text: the plain string, or the map's first entry.
    public var `default`: String { texts[0] }

    /// The default language of a map; nil for a plain string.
    public var defaultLanguage: String? { languages.first }

    /// The text in `language` where given, else the default.
    public func text(for language: String?) -> String { resolved(for: language).text }

    /// The text in `language` where given, else the default, with the language the text is
    /// in (nil for a plain string), so a page can mark a fallback with its own `lang`.
    public func resolved(for language: String?) -> (text: String, language: String?) {
        if let language, let i = languages.firstIndex(of: language) { return (texts[i], language) }
        return (texts[0], languages.first)
    }

    /// `(language, text)` pairs in file order; empty for a plain string.
    public var entries: [(language: String, text: String)] {
        Array(zip(languages, texts)).map { (language: $0.0, text: $0.1) }
    }

    public var description: String { self.default }
}
