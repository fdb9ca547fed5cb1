import ArgumentParser
import EndorseCore
import EndorseStore

/// The database options plus `--actor`, for every command that reads or changes data.
struct StoreOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Who is acting, recorded in the audit log (default: $ENDORSE_ACTOR, else the login name).",
                               valueName: "name"))
    var actor: String?

    var resolvedActor: String { actor.flatMap { $0.isEmpty ? nil : $0 } ?? Store.defaultActor }

    /// Runs `body` with a store on a migrated database (the managed cluster started when needed).
    func withStore<T: Sendable>(_ body: (Store) async throws -> T) async throws -> T {
        let actor = resolvedActor
        return try await database.withDatabase { db in try await body(Store(db: db, actor: actor)) }
    }
}
