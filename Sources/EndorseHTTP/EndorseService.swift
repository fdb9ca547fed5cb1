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
    /// `sealer`, when given, is nudged after each ballot so its audit event joins the chain soon.
    public static func router(store: Store, databaseTimeout: Duration, sealer: AuditSealer? = nil) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: ErrorShapeMiddleware())
        let api = API(store: store, database: DatabaseGuard(timeout: databaseTimeout), sealer: sealer)
        api.registerHealth(router)
        api.registerRaces(router)
        api.registerBallot(router)
        api.registerStaff(router)
        api.registerTally(router)
        api.registerSlate(router)
        api.registerVoterGuide(router)
        api.registerOpenAPI(router)
        api.registerWeb(router)
        return router
    }

    /// The application listening on `host:port`, with `services` (e.g. the database pool) run
    /// beside the server by the application's service group.
    public static func application(
        store: Store, host: String, port: Int, databaseTimeout: Duration, sealer: AuditSealer? = nil,
        services: [any Service] = [], logger: Logger
    ) -> some ApplicationProtocol {
        Application(router: router(store: store, databaseTimeout: databaseTimeout, sealer: sealer),
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
        let sealer = AuditSealer(db: db, logger: logger)
        let app = application(store: store, host: host, port: port,
                              databaseTimeout: .seconds(config.timeoutSeconds), sealer: sealer, logger: logger)
        // Services shut down in reverse order: the server stops taking requests, the sealer seals
        // what they left pending, then the pool closes.
        let group = ServiceGroup(configuration: .init(
            services: [db.client, sealer, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
