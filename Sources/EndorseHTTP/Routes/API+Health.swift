import EndorseCore
import EndorseStore
import Hummingbird

extension API {
    /// `GET /healthz`: 200 when the database answers, 503 otherwise, within one second whatever
    /// the database does (load balancers probe with 1-2 s timeouts).
    func registerHealth(_ router: Router<Context>) {
        add(router, .get, "/healthz", .everyone) { _, _, _ in
            let store = self.acting(nil)
            try await Deadline.$current.withValue(min(Deadline.current ?? .now + .seconds(1), .now + .seconds(1))) {
                _ = try await store.read { conn in
                    try await conn.query("SELECT 1", logger: store.logger).collect()
                }
            }
            return .json(.object(["status": .string("ok")]))
        }
    }

    /// `GET /openapi.yaml`: the OpenAPI 3.1 document of every route (embedded: works from any cwd).
    func registerOpenAPI(_ router: Router<Context>) {
        add(router, .get, "/openapi.yaml", .everyone) { _, _, _ in
            .bytes(Array(OpenAPIDocument.yaml.utf8), contentType: "application/yaml; charset=utf-8")
        }
    }
}
