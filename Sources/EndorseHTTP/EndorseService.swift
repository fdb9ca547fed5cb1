import EndorseCore
import EndorseStore
import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP service of api.md (`endorse serve`): a Hummingbird 2 application over the store.
public enum EndorseService {
    public typealias Context = BasicRequestContext

    /// Every route of api.md on `store`. `databaseTimeout` bounds each request's wait for the
    /// database (`ENDORSE_DB_TIMEOUT`); past it the request gets 503.
    public static func router(store: Store, databaseTimeout: Duration) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: ErrorShapeMiddleware())
        let api = API(store: store, database: DatabaseGuard(timeout: databaseTimeout))
        api.registerHealth(router)
        api.registerRaces(router)
        api.registerBallot(router)
        api.registerStaff(router)
        api.registerTally(router)
        api.registerSlate(router)
        api.registerVoterGuide(router)
        api.registerOpenAPI(router)
        return router
    }

    /// The application listening on `host:port`, with `services` (e.g. the database pool) run
    /// beside the server by the application's service group.
    public static func application(
        store: Store, host: String, port: Int, databaseTimeout: Duration,
        services: [any Service] = [], logger: Logger
    ) -> some ApplicationProtocol {
        Application(router: router(store: store, databaseTimeout: databaseTimeout),
                    configuration: .init(address: .hostname(host, port: port), serverName: "endorse"),
                    services: services, logger: logger)
    }

    /// Runs the service until SIGTERM or SIGINT: prepares the database (managed cluster started,
    /// migrations applied), then runs the server and the PostgreSQL pool in one ServiceGroup that
    /// shuts both down gracefully (in-flight requests finish, then the pool closes).
    /// - Throws: `EndorseError(.unavailable)` when the database cannot be reached at start.
    public static func serve(config: DatabaseConfig, host: String, port: Int, actor: String,
                             logger: Logger) async throws {
        let db = try await Database.unstarted(config, logger: logger)
        let store = Store(db: db, actor: actor)
        let app = application(store: store, host: host, port: port,
                              databaseTimeout: .seconds(config.timeoutSeconds), logger: logger)
        // The pool first: services shut down in reverse order, so the server stops before it.
        let group = ServiceGroup(configuration: .init(
            services: [db.client, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
