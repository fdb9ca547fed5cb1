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
        #expect(routed == documented)
        #expect(routed.count == 13)
    }
}

