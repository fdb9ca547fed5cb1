import Hummingbird

extension API {
    /// The `{cycle}` path parameter.
    static func cycle(_ context: Context) throws -> String {
        guard let c = context.parameters.get("cycle") else { throw APIError.notFound() }
        return c
    }

    /// The `{cycle}` and `{race}` path parameters.
    static func cycleAndRace(_ context: Context) throws -> (String, String) {
        guard let c = context.parameters.get("cycle"), let r = context.parameters.get("race") else {
            throw APIError.notFound()
        }
        return (c, r)
    }

    /// The org of an org token (routes registered `.org` only get those).
    static func org(_ caller: Caller?) throws -> String {
        guard let caller, caller.role == .org, let org = caller.org else { throw APIError.forbidden }
        return org
    }
}
