import EndorseCore
import Hummingbird

extension API {
    /// An id path parameter (`{cycle}`, `{race}`, `{id}`). An id that breaks the id rule names
    /// nothing that can exist: 404 without asking the database (a NUL or other bytes PostgreSQL
    /// refuses never reach it).
    static func id(_ context: Context, _ name: String) throws -> String {
        guard let value = context.parameters.get(name), Identifier.isValid(value) else {
            throw APIError.notFound()
        }
        return value
    }

    /// The `{cycle}` path parameter.
    static func cycle(_ context: Context) throws -> String { try id(context, "cycle") }

    /// The `{cycle}` and `{race}` path parameters.
    static func cycleAndRace(_ context: Context) throws -> (String, String) {
        (try id(context, "cycle"), try id(context, "race"))
    }

    /// The org of an org token (routes registered `.org` only get those).
    static func org(_ caller: Caller?) throws -> String {
        guard let caller, caller.role == .org, let org = caller.org else { throw APIError.forbidden }
        return org
    }
}
