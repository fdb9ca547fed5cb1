import EndorseCore
import Foundation
import Hummingbird
import NIOCore

/// One published file (a guide page, the slate JSON, its signature, the public key): bytes made
/// once per published version, sent from memory to every visitor with a strong `ETag`,
/// `Last-Modified` and `Cache-Control`, gzipped once when that makes it smaller.
struct PublishedArtifact: Sendable {
    /// The exact bytes (what a static site holds in the file).
    let bytes: [UInt8]
    /// The gzip of `bytes` (the static site's `.gz` file), nil when not worth it.
    let gzipped: [UInt8]?
    let contentType: String
    /// `Content-Language` of a guide page.
    let language: String?
    /// Strong entity tags: of the bytes, and of the gzipped bytes.
    let etag: String
    let gzipETag: String
    /// `Last-Modified`: when the version was published.
    let lastModified: Date

    private let body: ByteBuffer
    private let gzipBody: ByteBuffer?
    private let headers: HTTPFields
    private let gzipHeaders: HTTPFields

    /// Every published artifact may be cached for a minute and then revalidated (`ETag`), so a new
    /// publication reaches browsers and CDNs within about a minute.
    static let cacheControl = "public, max-age=60"

    init(bytes: [UInt8], contentType: String, language: String? = nil, lastModified: Date,
         compress: Bool = true) {
        self.bytes = bytes
        self.contentType = contentType
        self.language = language
        self.lastModified = lastModified
        let sha = SlateHash.sha256Hex(bytes)
        etag = "\"\(sha)\""
        gzipETag = "\"\(sha)-gzip\""
        var gz: [UInt8]?
        if compress, bytes.count > 256, let compressed = Gzip.compress(bytes), compressed.count < bytes.count {
            gz = compressed
        }
        gzipped = gz
        body = ByteBuffer(bytes: bytes)
        gzipBody = gz.map { ByteBuffer(bytes: $0) }
        var common: HTTPFields = [:]
        common[.contentType] = contentType
        common[.cacheControl] = Self.cacheControl
        common[.lastModified] = HTTPDate.format(lastModified)
        if let language { common[.contentLanguage] = language }
        // What SecurityHeadersMiddleware would add, made once rather than per response.
        common[SecurityHeadersMiddleware.nosniffHeader] = "nosniff"
        if contentType.hasPrefix("text/html") {
            common[SecurityHeadersMiddleware.cspHeader] = SecurityHeadersMiddleware.contentSecurityPolicy
        }
        if gz != nil { common[.vary] = "Accept-Encoding" }
        var plain = common
        plain[.eTag] = etag
        plain[.contentLength] = String(bytes.count)
        headers = plain
        var zipped = common
        zipped[.eTag] = gzipETag
        zipped[.contentEncoding] = "gzip"
        zipped[.contentLength] = String(gz?.count ?? 0)
        gzipHeaders = zipped
    }

    /// The answer to a GET with these request headers: 304 when `If-None-Match` names either
    /// tag (or, without it, `If-Modified-Since` is not before the publication), else 200 with the
    /// gzipped bytes when the client accepts gzip, else the bytes.
    func answer(to request: HTTPFields, extraHeaders: HTTPFields = [:]) -> PublishedAnswer {
        let gzip = gzipBody != nil && Self.acceptsGzip(request[.acceptEncoding])
        var headers = gzip ? gzipHeaders : headers
        for field in extraHeaders { headers[field.name] = field.value }
        if notModified(request) {
            headers[.contentEncoding] = nil
            headers[.contentLength] = "0"
            return PublishedAnswer(status: .notModified, headers: headers, body: ByteBuffer())
        }
        return PublishedAnswer(status: .ok, headers: headers, body: gzip ? gzipBody ?? body : body)
    }

    func notModified(_ request: HTTPFields) -> Bool {
        if let tags = request[.ifNoneMatch] {
            return API.matches(tags, etag: String(etag.dropFirst().dropLast()))
                || API.matches(tags, etag: String(gzipETag.dropFirst().dropLast()))
        }
        if let since = request[.ifModifiedSince].flatMap(HTTPDate.parse) {
            return Int(lastModified.timeIntervalSince1970) <= Int(since.timeIntervalSince1970)
        }
        return false
    }

    /// Whether `Accept-Encoding` accepts gzip (`gzip`, `x-gzip` or `*` with a q above 0). Reads
    /// the bytes once, without Foundation: it runs on every request.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        if header == "gzip" { return true }
        var star = false
        for part in header.utf8.split(separator: UInt8(ascii: ",")) {
            let fields = part.split(separator: UInt8(ascii: ";"))
            guard let first = fields.first else { continue }
            let coding = String(decoding: trimmed(first), as: UTF8.self).lowercased()
            var q = 1.0
            for f in fields.dropFirst() {
                let text = String(decoding: trimmed(f), as: UTF8.self)
                if text.hasPrefix("q=") || text.hasPrefix("Q=") { q = Double(text.dropFirst(2)) ?? 0 }
            }
            if coding == "gzip" || coding == "x-gzip" { return q > 0 }
            if coding == "*" { star = q > 0 }
        }
        return star
    }

    private static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence {
        var b = bytes
        while let c = b.first, c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { b = b.dropFirst() }
        while let c = b.last, c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { b = b.dropLast() }
        return b
    }
}
