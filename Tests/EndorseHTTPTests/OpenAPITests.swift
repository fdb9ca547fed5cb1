@testable import EndorseHTTP
import EndorseStore
import Foundation
import Hummingbird
import Testing
import Yams
import EndorseTestSupport

@Suite("OpenAPI document")
struct OpenAPITests {
    static let file = TestDatabase.packageRoot + "/openapi.yaml"

    @Test("the document the build embedded is openapi.yaml, byte for byte")
    func embeddedMatchesFile() throws {
        let text = try String(contentsOfFile: Self.file, encoding: .utf8)
        #expect(OpenAPIDocument.yaml == text)
    }

    /// The pages of web.md (`/q/...`, later `/b/...`) and their assets are HTML forms, not the API:
    /// they are the browser suite's contract, not the OpenAPI document's.
    static func isPage(_ route: String) -> Bool {
        let path = route.split(separator: " ", maxSplits: 1).last.map(String.init) ?? ""
        return path == "/q" || path.hasPrefix("/q/") || path == "/b" || path.hasPrefix("/b/") || path.hasPrefix("/assets/")
    }

    @Test("every route of the router is in the document and every documented operation is routed")
    func routesMatchDocument() async throws {
        let yaml = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        #expect(yaml["openapi"] as? String == "3.1.0")
        let paths = try #require(yaml["paths"] as? [String: Any])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        var documented: Set<String> = []
        for (path, item) in paths {
            for key in (item as? [String: Any] ?? [:]).keys where methods.contains(key) {
                documented.insert("\(key.uppercased()) \(path)")
            }
        }
        let routed: Set<String> = try await TestDatabase.withFreshDatabase { db in
            let router = EndorseService.router(store: Store(db: db), actor: "t", databaseTimeout: .seconds(1))
            return Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        }
        #expect(routed.filter { !Self.isPage($0) } == documented)
        #expect(documented.count == 14)   // issue 14: coalition.pub
        #expect(routed.filter(Self.isPage).count == 15)   // 10 candidate pages and assets, 5 org ballot pages
    }

    /// The document's operations: "METHOD /path" -> the operation's object.
    static func operations() throws -> [String: [String: Any]] {
        let yaml = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        let paths = try #require(yaml["paths"] as? [String: Any])
        var out: [String: [String: Any]] = [:]
        for (path, item) in paths {
            for (method, op) in item as? [String: Any] ?? [:] {
                if let op = op as? [String: Any], op["responses"] != nil { out["\(method.uppercased()) \(path)"] = op }
            }
        }
        return out
    }

    @Test("every operation documents the errors api.md gives it: 401 with WWW-Authenticate, 503 with Retry-After, 400/413/415 for a body")
    func everyOperationDocumentsItsErrors() throws {
        for (name, op) in try Self.operations() {
            let responses = try #require(op["responses"] as? [String: Any], "\(name)")
            func ref(_ status: String) -> String? { (responses[status] as? [String: Any])?["$ref"] as? String }
            let isPublic = (op["security"] as? [Any])?.isEmpty == true
            if !isPublic { #expect(ref("401") == "#/components/responses/Unauthorized", "\(name): 401") }
            if name != "GET /openapi.yaml" { #expect(ref("503") == "#/components/responses/Unavailable", "\(name): 503") }
            if op["requestBody"] != nil {
                for status in ["400", "413", "415"] { #expect(responses[status] != nil, "\(name): \(status)") }
            }
        }
    }

    @Test("every error code the service answers with is in the document's enum")
    func errorCodesAreDocumented() throws {
        let yaml = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        let components = try #require(yaml["components"] as? [String: Any])
        let schemas = try #require(components["schemas"] as? [String: Any])
        let error = try #require((schemas["Error"] as? [String: Any])?["properties"] as? [String: Any])
        let inner = try #require((error["error"] as? [String: Any])?["properties"] as? [String: Any])
        let documented = Set(try #require((inner["code"] as? [String: Any])?["enum"] as? [String]))
        // Codes reachable over HTTP: ballot and body refusals, the router's own, and 500.
        let reachable: Set<String> = ["invalid_body", "invalid_ballot", "not_on_ballot", "unauthorized", "forbidden",
                                      "recused", "org_inactive", "not_on_roster", "not_found", "race_not_open",
                                      "idempotency_conflict", "conflict", "payload_too_large", "unsupported_media_type",
                                      "unavailable", "method_not_allowed", "invalid_request", "internal"]
        #expect(reachable.subtracting(documented).isEmpty, "\(reachable.subtracting(documented))")
    }
}

