import Hummingbird
import NIOCore

extension API {
    /// The web pages (web.md): our assets, the candidate's questionnaire pages `/q/...` and the
    /// member orgs' ballot pages `/b/...`.
    func registerWeb(_ router: Router<Context>) {
        router.get("/assets/endorse.css") { _, _ in Self.asset(WebAssets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/endorse.js") { _, _ in Self.asset(WebAssets.js, type: "text/javascript; charset=utf-8") }
        CandidatePages(store: acting(nil)).register(router)
        BallotPages(store: acting(nil)).register(router)
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers: HTTPFields = [:]
        headers[.contentType] = type
        headers[.cacheControl] = "public, max-age=3600"
        WebSecurity.set(&headers, "X-Content-Type-Options", "nosniff")
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
