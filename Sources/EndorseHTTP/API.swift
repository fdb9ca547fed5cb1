import EndorseCore
import EndorseStore
import Hummingbird
import Logging

/// The routes of api.md over one store. Each area registers its routes in its own file
/// (`Routes/API+Ballot.swift`, ...) through `add`, which authenticates, checks the role and turns
/// every refusal into the error shape of formats.md (`APIError`).
struct API: Sendable {
    typealias Context = BasicRequestContext
    typealias Handler = @Sendable (Request, Context, Caller?) async throws -> Response

    /// The long-lived store; it bounds every wait for the database (503 past the deadline).
    let store: Store
    /// The actor of what the service does on its own (a caller acts as its token's name).
    let serviceActor: String
    /// Seals pending audit events soon after a ballot commits (nil: whoever reads the log seals).
    let sealer: AuditSealer?

    /// The store acting as `caller` (its token name is the audit log's actor).
    func acting(_ caller: Caller?) -> ActingStore {
        store.acting(as: caller?.name ?? serviceActor)
    }

    var auth: Authenticator { Authenticator(tokens: acting(nil).tokens) }

    /// Registers one route. Order of checks: authentication (401), role (403); the handler does
    /// the rest in api.md's order (size, media type, resources, race state, body, recusal).
    func add(_ router: Router<Context>, _ method: HTTPRequest.Method, _ path: RouterPath,
             _ access: Access, _ handler: @escaping Handler) {
        let auth = self.auth
        router.on(path, method: method) { request, context -> Response in
            var caller: Caller?
            switch access {
            case .everyone, .orgInStatement: break
            case .staff, .org, .staffOrOrg:
                let who = try await auth.caller(request)
                guard access.allows(who.role) else { throw APIError.forbidden }
                caller = who
            }
            return try await handler(request, context, caller)
        }
    }
}

/// Gives every request its deadline (`Deadline.current`: the store answers `unavailable` past
/// it, whatever PostgreSQL does) and answers whatever a route throws, or a request that matches
/// no route, in the error shape.
struct ErrorShapeMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    /// How long a request may wait for the database (`ENDORSE_DB_TIMEOUT`).
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await Deadline.$current.withValue(.now + timeout) {
                try await next(request, context)
            }
        } catch {
            return APIError(error, logger: context.logger).response
        }
    }
}
