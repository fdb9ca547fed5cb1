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
        return path == "/q" || path.hasPrefix("/q/") || path.hasPrefix("/assets/")
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
        #expect(documented.count == 13)
        #expect(routed.filter(Self.isPage).count == 10)
    }
}

