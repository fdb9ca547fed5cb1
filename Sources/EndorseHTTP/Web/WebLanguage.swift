import Foundation

/// The languages of the pages' own words and of the emails (web.md "Languages").
public enum WebLanguage: String, Sendable, CaseIterable {
    case en, es

    /// The name of the language in itself, for the language switch.
    var selfName: String {
        switch self {
        case .en: "English"
        case .es: "Español"
        }
    }

    /// `?lang=`, then the cookie set by the language switch, then `Accept-Language`, then English.
    static func resolve(query: String?, cookie: String?, acceptLanguage: String?) -> WebLanguage {
        preference(query: query, cookie: cookie, acceptLanguage: acceptLanguage) ?? .en
    }

    /// The language the visitor states (`?lang=`, the cookie, `Accept-Language`), nil when none.
    static func preference(query: String?, cookie: String?, acceptLanguage: String?) -> WebLanguage? {
        if let query, let l = WebLanguage(rawValue: query.lowercased()) { return l }
        if let cookie, let l = WebLanguage(rawValue: cookie) { return l }
        return fromAcceptLanguage(acceptLanguage)
    }

    /// The supported language the visitor prefers most (`es-MX;q=0.9, en;q=0.8`), nil when none.
    static func fromAcceptLanguage(_ header: String?) -> WebLanguage? {
        guard let header else { return nil }
        var best: (language: WebLanguage, q: Double)?
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first?.lowercased(), !tag.isEmpty else { continue }
            let primary = String(tag.split(separator: "-").first ?? "")
            guard let language = WebLanguage(rawValue: primary) else { continue }
            var q = 1.0
            for f in fields.dropFirst() where f.hasPrefix("q=") { q = Double(f.dropFirst(2)) ?? 0 }
            guard q > 0 else { continue }
            if let b = best, q <= b.q { continue }
            best = (language, q)
        }
        return best?.language
    }
}
