import ArgumentParser
import EndorseCore
import EndorseStore

/// The database options plus `--actor`, for every command that reads or changes data.
struct StoreOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Who is acting, recorded in the audit log (default: $ENDORSE_ACTOR, else the login name).",
                               valueName: "name"))
    var actor: String?

    var resolvedActor: String { actor.flatMap { $0.isEmpty ? nil : $0 } ?? ActingStore.defaultActor }

    /// Runs `body` with the store acting as `--actor`, on a migrated database (the managed
    /// cluster started when needed).
    func withStore<T: Sendable>(_ body: (ActingStore) async throws -> T) async throws -> T {
        let actor = resolvedActor
        return try await database.withDatabase { db in try await body(Store(db: db).acting(as: actor)) }
    }
}
