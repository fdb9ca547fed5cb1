import Foundation
import EndorseCore
import EndorseStore
import Hummingbird

extension API {
    /// Public slate routes: the exact signed bytes, their signature and the public key, sent from
    /// memory (`PublishedCache`) with strong ETags, `Last-Modified`, `Cache-Control`, 304s and
    /// precompressed gzip. Any Authorization header is ignored.
    func registerSlate(_ router: Router<Context>, published: PublishedCache) {
        for name in PublishedPath.fileNames {
            add(router, .get, RouterPath("/v1/cycles/:cycle/\(name)"), .everyone) { request, context, _ in
                let cycle = try Self.cycle(context)
                guard let site = try await published.site(cycle: cycle) else {
                    throw APIError.notFound("no slate has been published for \(cycle)")
                }
                guard let answer = site.answer(.file(cycle: cycle, name: name), query: nil, headers: request.headers) else {
                    throw APIError.notFound("the public key of this version was not recorded; it is published beside the slate file")
                }
                return answer.response
            }
        }
    }

    /// `GET /slate/{cycle}`: the voter guide in the visitor's language (`?lang=`, the language
    /// cookie of the pages, `Accept-Language`, else the cycle's default), and
    /// `GET /slate/{cycle}.{lang}.html`: the guide in that language (the language switch's links,
    /// and the static site's file names). A 404 page before the first publication.
    func registerVoterGuide(_ router: Router<Context>, published: PublishedCache) {
        add(router, .get, "/slate/:cycle", .everyone) { request, context, _ in
            let (cycle, pinned) = PublishedPath.guideName(context.parameters.get("cycle") ?? "")
            // A page route answers pages: an id that cannot exist gets the same 404 page as a
            // cycle with nothing published (schemathesis found a JSON 404 here).
            guard let cycle, let site = try await published.site(cycle: cycle),
                  let answer = site.answer(.guide(cycle: cycle, pinned: pinned), query: request.uri.query,
                                           headers: request.headers) else {
                let language = pinned ?? PublishedPath.preferredLanguage(query: request.uri.query, headers: request.headers)
                let html = VoterGuide.notFound(cycle: cycle ?? "this cycle", language: language ?? .en)
                return .bytes(Array(html.utf8), status: .notFound, contentType: "text/html; charset=utf-8")
            }
            return answer.response
        }
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
