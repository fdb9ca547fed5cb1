import EndorseCore
import EndorseHTTP
import Hummingbird
import HummingbirdTesting
import Testing
import EndorseTestSupport

/// What schemathesis (scripts/schemathesis.sh) found where the service and openapi.yaml
/// disagreed, each kept here as a test.
@Suite("Document conformance")
struct DocumentConformanceTests {
    @Test("the voter guide answers a cycle id that cannot exist with its 404 page, not a JSON error")
    func voterGuideMalformedIDIsAPage() async throws {
        try await ServiceFixture.with { f in
            for uri in ["/slate/%C2%84", "/slate/ti%00ny", "/slate/TINY"] {
                let r = try await f.call(.get, uri)
                #expect(r.status == .notFound, "\(uri)")
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true, "\(uri): \(r.text)")
                #expect(r.text.contains("No voter guide yet"))
                #expect(r.headers[HTTPFields.Element.Name("Content-Security-Policy")!] != nil)
            }
        }
    }

    @Test("a method a routed path does not serve is 405 with Allow; a path nothing routes is 404")
    func undeclaredMethodIs405() async throws {
        try await ServiceFixture.with { f in
            let cases: [(HTTPRequest.Method, String, String)] = [
                (.trace, "/healthz", "GET, HEAD"),
                (.post, "/openapi.yaml", "GET, HEAD"),
                (.patch, "/v1/cycles/tiny/races/r1/ballot", "DELETE, GET, HEAD, PUT"),
                (.post, "/v1/cycles/anything/races/r9/ballot", "DELETE, GET, HEAD, PUT"),
                (.delete, "/v1/cycles/tiny/slate.sig", "GET, HEAD"),
                (.put, "/slate/tiny", "GET, HEAD"),
            ]
            for (method, uri, allow) in cases {
                let r = try await f.call(method, uri, token: ServiceFixture.staff)
                #expect(r.status == .methodNotAllowed, "\(method) \(uri): \(r.status)")
                #expect(r.headers[.allow] == allow, "\(method) \(uri)")
                #expect(r.errorCode == "method_not_allowed")
            }
            for uri in ["/nothing", "/v1/cycles/tiny", "/v1/cycles/tiny/races/r1/ballot/extra", "/healthz/x"] {
                let r = try await f.call(.get, uri)
                #expect(r.status == .notFound, "\(uri)")
                #expect(r.errorCode == "not_found")
                let head = try await f.call(.head, uri)
                #expect(head.status == .notFound && head.body.readableBytes == 0, "HEAD \(uri)")
            }
        }
    }
}
