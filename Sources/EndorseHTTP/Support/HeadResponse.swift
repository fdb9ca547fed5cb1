import Hummingbird

/// No body in any answer to HEAD, errors and 404s included (the router's generated HEAD routes
/// drop only their GET's body): a body there would be read as the start of the next response.
struct HeadResponseMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        return request.method == .head ? response.createHeadResponse() : response
    }
}
