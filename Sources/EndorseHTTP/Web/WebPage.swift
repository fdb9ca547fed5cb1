import EndorseCore
import Hummingbird
import Mustache
import NIOCore

/// One rendered page: the shared layout (language switch, skip link, our stylesheet and script)
/// around a content template, with the headers every page sends (CSP, no caching).
struct WebPage {
    var language: WebLanguage
    /// The `<title>` and the layout's heading context.
    var title: String
    /// The cycle name shown in the header (nil on pages that name nothing, e.g. an invalid link).
    var siteName: LocalizedText?
    var coalition: String?
    /// The content template and its context (`t` and `lang` are added).
    var template: MustacheTemplate?
    var context: [String: Any]

    static func template(_ text: String) -> MustacheTemplate? { try? MustacheTemplate(string: text) }
    static let layout = template(WebTemplates.layout)

    /// The HTML text.
    func render() -> String {
        var content = context
        content["t"] = WebCatalog.all(language)
        content["lang"] = language.rawValue
        let body = template?.render(content) ?? ""
        let name = siteName.map { WebText.resolve($0, language) }
        let page: [String: Any] = [
            "lang": language.rawValue,
            "title": title,
            "hasSite": name != nil,
            "siteName": name?.text ?? "",
            "siteLang": name?.lang ?? "",
            "hasSiteLang": name?.lang != nil,
            "footer": coalition.map { WebCatalog.text("footer", language, $0) } ?? "",
            "hasFooter": coalition != nil,
            "languages": WebLanguage.allCases.map { l -> [String: Any] in
                ["code": l.rawValue, "name": l.selfName, "current": l == language]
            },
            "t": WebCatalog.all(language),
            "content": body,
        ]
        return Self.layout?.render(page) ?? body
    }

    /// The page as a response with `status` and the page headers (`extra` added).
    func response(_ status: HTTPResponse.Status = .ok, headers extra: [(String, String)] = []) -> Response {
        var headers = WebSecurity.pageHeaders()
        for (name, value) in extra { WebSecurity.append(&headers, name, value) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: render())))
    }
}

/// Display texts of the cycle in the page's language: the text, and the language it is really
/// in when that differs from the page's (so the element gets its own `lang`).
enum WebText {
    static func resolve(_ text: LocalizedText, _ language: WebLanguage) -> (text: String, lang: String?) {
        let r = text.resolved(for: language.rawValue)
        return (r.text, r.language != nil && r.language != language.rawValue ? r.language : nil)
    }

    /// `[key: text, keyLang: language, hasKeyLang: Bool]` for a template.
    static func fields(_ key: String, _ text: LocalizedText, _ language: WebLanguage) -> [String: Any] {
        let r = resolve(text, language)
        let cap = key.prefix(1).uppercased() + key.dropFirst()
        return [key: r.text, key + "Lang": r.lang ?? "", "has\(cap)Lang": r.lang != nil]
    }
}
