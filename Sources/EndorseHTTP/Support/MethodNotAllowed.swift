import Hummingbird

/// 405 for a path the service routes with a method it does not (RFC 9110 15.5.6, with `Allow`);
/// a path it does not route at all stays 404. Added to the router after every route, so it runs
/// only for requests no route took (Hummingbird builds its not-found responder with every
/// middleware, but a route only with those added before it).
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// Each routed path template's segments (`{cycle}` matches any one segment) and its methods.
    let routes: [(segments: [Substring], methods: [String])]

    init(routes: [(method: HTTPRequest.Method, path: String)]) {
        var byPath: [String: [String]] = [:]
        for (method, path) in routes { byPath[path, default: []].append(method.rawValue) }
        self.routes = byPath.sorted { $0.key < $1.key }.map { path, methods in
            (path.split(separator: "/", omittingEmptySubsequences: false), methods.sorted())
        }
    }

    /// The methods routed for `path`; empty when no route template matches it.
    func allowed(_ path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        var methods: Set<String> = []
        for route in routes where route.segments.count == parts.count {
            let matches = zip(route.segments, parts).allSatisfy { template, part in
                template.first == "{" ? !part.isEmpty : template == part
            }
            if matches { methods.formUnion(route.methods) }
        }
        // The router answers HEAD wherever it answers GET.
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let methods = allowed(request.uri.path)
        guard !methods.isEmpty else { return try await next(request, context) }
        var response = APIError(.methodNotAllowed, "method_not_allowed",
                                "\(request.method.rawValue) is not allowed here (allowed: \(methods.joined(separator: ", ")))").response
        response.headers[.allow] = methods.joined(separator: ", ")
        return response
    }
}
