import EndorseCore
import EndorseStore
import Hummingbird
import Logging

/// The routes of api.md over one store. Each area registers its routes in its own file
/// (`Routes/API+Ballot.swift`, ...) through `add`, which authenticates, checks the role and turns
/// every refusal into the error shape of formats.md.
struct API: Sendable {
    typealias Context = BasicRequestContext
    typealias Handler = @Sendable (Request, Context, Caller?) async throws -> Response

    /// The store whose actor is the service's; requests act as their token's name (`acting`).
    let store: Store
    let database: DatabaseGuard
    /// Seals pending audit events soon after a ballot commits (nil: whoever reads the log seals).
    let sealer: AuditSealer?
    var auth: Authenticator { Authenticator(store: store) }

    /// The store acting as `caller` (its token name is the audit log's actor).
    func acting(_ caller: Caller?) -> Store {
        Store(db: store.db, actor: caller?.name ?? store.actor)
    }

    /// Runs `body` on the database within the configured timeout (503 past it or while down).
    func db<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await database.run(body)
    }

    /// Registers one route. Order of checks: authentication (401), role (403); the handler does
    /// the rest in api.md's order (size, media type, resources, race state, body, recusal).
    func add(_ router: Router<Context>, _ method: HTTPRequest.Method, _ path: RouterPath,
             _ access: Access, _ handler: @escaping Handler) {
        let database = self.database, auth = self.auth
        router.on(path, method: method) { request, context -> Response in
            do {
                var caller: Caller?
                switch access {
                case .everyone, .orgInStatement: break
                case .staff, .org, .staffOrOrg:
                    let who = try await database.run { try await auth.caller(request) }
                    guard access.allows(who.role) else { throw APIError.forbidden }
                    caller = who
                }
                return try await handler(request, context, caller)
            } catch {
                return API.errorResponse(error, logger: context.logger)
            }
        }
    }

    /// The error shape for anything a handler throws; unexpected errors are logged and answered
    /// 500 without details.
    static func errorResponse(_ error: any Error, logger: Logger) -> Response {
        switch DatabaseGuard.map(error) {
        case let e as APIError:
            return e.response
        case let e as EndorseError:
            return APIError(e).response
        case let e as HTTPError:
            return APIError(e.status, e.status == .notFound ? "not_found" : "invalid_request",
                            e.body ?? e.status.reasonPhrase).response
        default:
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.internalServerError, "internal", "internal error").response
        }
    }
}

/// Answers requests that match no route (and errors thrown outside a route) in the error shape.
struct ErrorShapeMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return API.errorResponse(error, logger: context.logger)
        }
    }
}
