import Hummingbird

/// Headers every page carries: a Content-Security-Policy that runs no script but the service's
/// own (`/assets/`), loads nothing from elsewhere and cannot be framed, and `nosniff`. A page
/// that sets its own policy keeps it.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    static let cspHeader = HTTPFields.Element.Name("Content-Security-Policy")!
    static let nosniffHeader = HTTPFields.Element.Name("X-Content-Type-Options")!

    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentType]?.hasPrefix("text/html") == true,
           response.headers[Self.cspHeader] == nil {
            response.headers[Self.cspHeader] = Self.contentSecurityPolicy
        }
        if response.headers[Self.nosniffHeader] == nil { response.headers[Self.nosniffHeader] = "nosniff" }
        return response
    }
}
