import EndorseCore
import Hummingbird
import HummingbirdCore
import NIOCore

/// The public paths a published slate answers, and their answers: one place, whether the router
/// or the event-loop fast path (`PublishedFastPath`) sends them, so the two cannot differ.
enum PublishedPath: Equatable {
    /// `/v1/cycles/{cycle}/slate`, `.../slate.sig`, `.../coalition.pub`.
    case file(cycle: String, name: String)
    /// `/slate/{cycle}` (in the visitor's language) or `/slate/{cycle}.{lang}.html` (pinned).
    case guide(cycle: String, pinned: WebLanguage?)

    /// The files of a version, by the last segment of their path.
    static let fileNames = ["slate", "slate.sig", "coalition.pub"]

    var cycle: String {
        switch self {
        case .file(let cycle, _), .guide(let cycle, _): cycle
        }
    }

    /// The published path a request target names (its query aside), nil for any other target.
    /// Only the plain spelling is recognised (valid ids, no percent-encoding, no empty or extra
    /// segments): anything else is left to the router.
    init?(target: String) {
        // Byte-wise: this runs for every request the event loop sees.
        var path = target.utf8[...]
        if let query = path.firstIndex(of: UInt8(ascii: "?")) { path = path[..<query] }
        if path.starts(with: "/v1/cycles/".utf8) {
            let rest = path.dropFirst("/v1/cycles/".utf8.count)
            guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { return nil }
            let last = rest[rest.index(after: slash)...]
            guard let name = Self.fileNames.first(where: { last.elementsEqual($0.utf8) }) else { return nil }
            let cycle = String(Substring(rest[..<slash]))
            guard Identifier.isValid(cycle) else { return nil }
            self = .file(cycle: cycle, name: name)
        } else if path.starts(with: "/slate/".utf8) {
            let name = path.dropFirst("/slate/".utf8.count)
            guard !name.contains(UInt8(ascii: "/")),
                  case (let cycle?, let pinned) = Self.guideName(String(Substring(name))) else { return nil }
            self = .guide(cycle: cycle, pinned: pinned)
        } else {
            return nil
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

    /// The visitor's stated language for the guide: `?lang=` (from `query`, the target's query
    /// string), the language cookie of the pages, `Accept-Language`; nil when none.
    static func preferredLanguage(query: String?, headers: HTTPFields) -> WebLanguage? {
        let lang = query.flatMap { URI("/?\($0)").queryParameters.get("lang") }
        return WebLanguage.preference(query: lang, cookie: WebSecurity.cookie(headers, WebSecurity.languageCookie),
                                      acceptLanguage: headers[.acceptLanguage])
    }
}

/// One answer on a published path: status, the whole header set (`Content-Length` included)
/// and the body, made from bytes built once per version.
struct PublishedAnswer: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer

    /// As the router sends it.
    var response: Response {
        Response(status: status, headers: headers, body: body.readableBytes == 0 ? .init() : .init(byteBuffer: body))
    }
}

extension PublishedSite {
    /// The answer to a GET of `path` with these request headers and query string; nil when this
    /// version has no such thing (no public key recorded, a guide language the cycle lacks).
    func answer(_ path: PublishedPath, query: String?, headers: HTTPFields) -> PublishedAnswer? {
        switch path {
        case .file(_, let name):
            return files[name]?.answer(to: headers)
        case .guide(_, let pinned?):
            return guides[pinned]?.answer(to: headers)
        case .guide(_, nil):
            let page = guide(for: PublishedPath.preferredLanguage(query: query, headers: headers))
            // The same URL answers in several languages: caches must key on what chooses one.
            let vary: HTTPFields = languages.count > 1 ? [.vary: "Accept-Encoding, Accept-Language, Cookie"] : [:]
            return page?.answer(to: headers, extraHeaders: vary)
        }
    }
}
