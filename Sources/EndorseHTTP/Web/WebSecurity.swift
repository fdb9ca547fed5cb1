import Crypto
import Foundation
import EndorseStore
import Hummingbird

/// Headers, cookies and CSRF tokens shared by every page (web.md "Invitations and access links").
enum WebSecurity {
    typealias FieldName = HTTPFields.Element.Name

    /// No inline script or style; the only script and stylesheet are ours under `/assets/`.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; "
        + "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static let sessionCookie = "endorse_session"
    static let languageCookie = "endorse_lang"

    /// Headers every page carries.
    static func pageHeaders() -> HTTPFields {
        var h: HTTPFields = [:]
        h[.contentSecurityPolicy] = contentSecurityPolicy
        h[.contentType] = "text/html; charset=utf-8"
        h[.cacheControl] = "no-store"
        set(&h, "X-Content-Type-Options", "nosniff")
        set(&h, "Referrer-Policy", "no-referrer")
        return h
    }

    static func set(_ fields: inout HTTPFields, _ name: String, _ value: String) {
        if let n = FieldName(name) { fields[n] = value }
    }

    static func append(_ fields: inout HTTPFields, _ name: String, _ value: String) {
        if let n = FieldName(name) { fields.append(HTTPFields.Element(name: n, value: value)) }
    }

    static func header(_ request: Request, _ name: String) -> String? {
        FieldName(name).flatMap { request.headers[$0] }
    }

    /// Whether the visitor came over https (directly or through a proxy that says so).
    static func isHTTPS(_ request: Request) -> Bool {
        if request.uri.scheme == .https { return true }
        if let proto = header(request, "X-Forwarded-Proto"), proto.lowercased().hasPrefix("https") {
            return true
        }
        if let forwarded = header(request, "Forwarded"), forwarded.lowercased().contains("proto=https") {
            return true
        }
        return false
    }

    /// `Set-Cookie` value of the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure behind
    /// https; no Max-Age, so it ends with the browser (the emailed link opens a new one).
    static func sessionCookieValue(_ id: String, secure: Bool) -> String {
        "\(sessionCookie)=\(id); Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// `Set-Cookie` value of the language switch's choice, kept a year.
    static func languageCookieValue(_ language: WebLanguage, secure: Bool) -> String {
        "\(languageCookie)=\(language.rawValue); Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"
            + (secure ? "; Secure" : "")
    }

    /// The value of cookie `name` in the request, if any.
    static func cookie(_ request: Request, _ name: String) -> String? { cookie(request.headers, name) }

    /// The value of cookie `name` in these request headers, if any.
    static func cookie(_ headers: HTTPFields, _ name: String) -> String? {
        for header in headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces) == name {
                    return pair[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// The CSRF token of a session's forms: HMAC-SHA256 of a fixed label under the session id,
    /// so it is bound to the session, cannot be made without the (HttpOnly) cookie, and reveals
    /// nothing about it.
    static func csrfToken(sessionID: String) -> String {
        let key = SymmetricKey(data: Array(sessionID.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Array("endorse-csrf-v1".utf8), using: key)
        return LinkSecret.base64url(Array(mac))
    }

    /// Constant-time check of a form's token against the session's.
    static func csrfMatches(_ given: String?, sessionID: String) -> Bool {
        guard let given else { return false }
        let a = Array(given.utf8), b = Array(csrfToken(sessionID: sessionID).utf8)
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
