import Foundation
import EndorseCore
import EndorseStore
import Hummingbird

extension API {
    /// Public slate routes: the exact signed bytes, their signature and the public key, sent from
    /// memory (`PublishedCache`) with strong ETags, `Last-Modified`, `Cache-Control`, 304s and
    /// precompressed gzip. Any Authorization header is ignored.
    func registerSlate(_ router: Router<Context>, published: PublishedCache) {
        for name in ["slate", "slate.sig", "coalition.pub"] {
            add(router, .get, RouterPath("/v1/cycles/:cycle/\(name)"), .everyone) { request, context, _ in
                let cycle = try Self.cycle(context)
                guard let site = try await published.site(cycle: cycle) else {
                    throw APIError.notFound("no slate has been published for \(cycle)")
                }
                guard let file = site.files[name] else {
                    throw APIError.notFound("the public key of this version was not recorded; it is published beside the slate file")
                }
                return file.response(to: request.headers)
            }
        }
    }

    /// `GET /slate/{cycle}`: the voter guide in the visitor's language (`?lang=`, the language
    /// cookie of the pages, `Accept-Language`, else the cycle's default), and
    /// `GET /slate/{cycle}.{lang}.html`: the guide in that language (the language switch's links,
    /// and the static site's file names). A 404 page before the first publication.
    func registerVoterGuide(_ router: Router<Context>, published: PublishedCache) {
        add(router, .get, "/slate/:cycle", .everyone) { request, context, _ in
            let name = context.parameters.get("cycle") ?? ""
            let (cycle, pinned) = Self.guideName(name)
            let preferred = pinned ?? Self.preferredLanguage(request)
            // A page route answers pages: an id that cannot exist gets the same 404 page as a
            // cycle with nothing published (schemathesis found a JSON 404 here).
            guard let cycle, let site = try await published.site(cycle: cycle),
                  let page = pinned.map({ site.guides[$0] }) ?? site.guide(for: preferred) else {
                let html = VoterGuide.notFound(cycle: cycle ?? "this cycle", language: preferred ?? .en)
                return .bytes(Array(html.utf8), status: .notFound, contentType: "text/html; charset=utf-8")
            }
            var extra: HTTPFields = [:]
            if pinned == nil, site.languages.count > 1 {
                extra[.vary] = "Accept-Encoding, Accept-Language, Cookie"
            }
            return page.response(to: request.headers, extraHeaders: extra)
        }
    }

    /// `sample-2026` -> (cycle, nil); `sample-2026.es.html` -> (cycle, .es); anything else -> (nil, nil).
    static func guideName(_ name: String) -> (cycle: String?, language: WebLanguage?) {
        if Identifier.isValid(name) { return (name, nil) }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] == "html", Identifier.isValid(String(parts[0])),
              let language = WebLanguage(rawValue: String(parts[1])) else { return (nil, nil) }
        return (String(parts[0]), language)
    }

    /// The visitor's language as the pages resolve it, nil when they state none.
    static func preferredLanguage(_ request: Request) -> WebLanguage? {
        if let query = request.uri.queryParameters.get("lang"), let l = WebLanguage(rawValue: query.lowercased()) {
            return l
        }
        if let cookie = WebSecurity.cookie(request, WebSecurity.languageCookie), let l = WebLanguage(rawValue: cookie) {
            return l
        }
        return WebLanguage.fromAcceptLanguage(request.headers[.acceptLanguage])
    }

    /// Whether `If-None-Match` names this entity tag (`*`, a list, weak tags compared weakly).
    static func matches(_ header: String?, etag: String) -> Bool {
        guard let header else { return false }
        for part in header.split(separator: ",") {
            var tag = part.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag == "\"\(etag)\"" { return true }
        }
        return false
    }
}
