import EndorseCore
import EndorseStore
import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP service of api.md (`endorse serve`): a Hummingbird 2 application over the store.
public enum EndorseService {
    public typealias Context = BasicRequestContext

    /// Every route of api.md on `store`. Each request may wait `databaseTimeout` for the
    /// database (`ENDORSE_DB_TIMEOUT`); past it the request gets 503. `sealer`, when given, is
    /// nudged after each ballot so its audit event joins the chain soon.
    public static func router(store: Store, actor: String, databaseTimeout: Duration,
                              sealer: AuditSealer? = nil) -> Router<Context> {
        router(store: store, actor: actor, databaseTimeout: databaseTimeout, sealer: sealer,
               published: PublishedCache(store: store, actor: actor))
    }

    /// The router, its published pages served from `published`.
    static func router(store: Store, actor: String, databaseTimeout: Duration, sealer: AuditSealer?,
                       published: PublishedCache) -> Router<Context> {
        // HEAD is answered wherever GET is (RFC 9110 9.3.2): the GET's status and headers.
        let router = Router(context: Context.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: HeadResponseMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorShapeMiddleware(timeout: databaseTimeout))
        let api = API(store: store, serviceActor: actor, sealer: sealer)
        api.registerHealth(router)
        api.registerRaces(router)
        api.registerBallot(router)
        api.registerStaff(router)
        api.registerTally(router)
        api.registerSlate(router, published: published)
        api.registerVoterGuide(router, published: published)
        api.registerOpenAPI(router)
        api.registerWeb(router)
        router.add(middleware: MethodNotAllowedMiddleware(
            routes: router.routes.map { ($0.method, $0.path.description) }))
        return router
    }

    static let serverName = "endorse"

    /// The application listening on `host:port`, with `services` (the pool, the ballot batcher,
    /// the audit sealer) run beside the server by the application's service group.
    public static func application(
        store: Store, actor: String, host: String, port: Int, databaseTimeout: Duration,
        limits: HTTPLimits = HTTPLimits(), sealer: AuditSealer? = nil, services: [any Service] = [], logger: Logger
    ) -> some ApplicationProtocol {
        application(store: store, actor: actor, host: host, port: port, databaseTimeout: databaseTimeout, limits: limits,
                    sealer: sealer, services: services, logger: logger, published: PublishedCache(store: store, actor: actor))
    }

    /// The application, its published pages served from `published` by both the router and the
    /// event-loop fast path.
    static func application(
        store: Store, actor: String, host: String, port: Int, databaseTimeout: Duration, limits: HTTPLimits,
        sealer: AuditSealer?, services: [any Service], logger: Logger, published: PublishedCache
    ) -> some ApplicationProtocol {
        Application(
            router: router(store: store, actor: actor, databaseTimeout: databaseTimeout, sealer: sealer, published: published),
            server: limits.server(published: published, serverName: serverName),
            configuration: .init(address: .hostname(host, port: port), serverName: serverName,
                                 availableConnectionsDelegate: .maximum(limits.maxConnections, logger: logger)),
            services: services, logger: logger)
    }

    /// Runs the service until SIGTERM or SIGINT: prepares the database (managed cluster started,
    /// migrations applied), then runs the server, the ballot batcher, the audit sealer and the
    /// PostgreSQL pool in one ServiceGroup that shuts them down gracefully.
    /// - Throws: `EndorseError(.unavailable)` when the database cannot be reached at start.
    public static func serve(config: DatabaseConfig, host: String, port: Int, actor: String,
                             logger: Logger) async throws {
        let db = try await Database.unstarted(config, logger: logger)
        let timeout = Duration.seconds(config.timeoutSeconds)
        let store = Store(db: db, timeout: timeout)
        let sealer = AuditSealer(store: store)
        let app = application(store: store, actor: actor, host: host, port: port, databaseTimeout: timeout,
                              limits: try HTTPLimits.resolve(), sealer: sealer, logger: logger)
        // Services shut down in reverse order: the server stops taking requests and finishes those
        // in flight (their ballots still go through the batcher), the sealer seals what they left
        // pending, then the pool closes.
        var configuration = ServiceGroupConfiguration(
            services: [db.client, sealer, store.ballotBatcher, app], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // Whatever the database does (down, frozen), shutdown ends: what has not finished within
        // the database timeout plus a short grace is cancelled.
        configuration.maximumGracefulShutdownDuration = timeout + .seconds(2)
        try await ServiceGroup(configuration: configuration).run()
    }
}
