import EndorseCore
import EndorseHTTP
import EndorseStore
import Hummingbird
import HummingbirdTesting
import Testing
import EndorseTestSupport

/// Every route x anonymous / staff / org / other org / revoked token (api.md "Roles and tokens").
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    enum Who: String, CaseIterable { case anonymous, staff, org, otherOrg, revoked, garbage }
    enum Access { case everyone, staff, org, staffOrOrg }

    struct Route: Sendable {
        var method: HTTPRequest.Method
        var template: String
        var uri: String
        var access: Access
        var body: String?
    }

    static let routes: [Route] = [
        Route(method: .get, template: "/healthz", uri: "/healthz", access: .everyone),
        Route(method: .get, template: "/openapi.yaml", uri: "/openapi.yaml", access: .everyone),
        Route(method: .get, template: "/v1/cycles/{cycle}/races", uri: "/v1/cycles/tiny/races", access: .staffOrOrg),
        Route(method: .get, template: "/v1/cycles/{cycle}/races/{race}/ballot", uri: "/v1/cycles/tiny/races/r1/ballot", access: .org),
        Route(method: .put, template: "/v1/cycles/{cycle}/races/{race}/ballot", uri: "/v1/cycles/tiny/races/r1/ballot",
              access: .org, body: #"{"ranking": ["c-a"]}"#),
        Route(method: .delete, template: "/v1/cycles/{cycle}/races/{race}/ballot", uri: "/v1/cycles/tiny/races/r1/ballot", access: .org),
        Route(method: .get, template: "/v1/cycles/{cycle}/races/{race}/tally", uri: "/v1/cycles/tiny/races/r1/tally", access: .staff),
        Route(method: .get, template: "/v1/cycles/{cycle}/scores", uri: "/v1/cycles/tiny/scores", access: .staff),
        Route(method: .put, template: "/v1/cycles/{cycle}/candidates/{id}/answers", uri: "/v1/cycles/tiny/candidates/c-a/answers",
              access: .staff, body: #"{"answers": {"q-yn": "yes", "q-sc": 5, "q-ch": "a"}}"#),
        Route(method: .post, template: "/v1/cycles/{cycle}/candidates/{id}/reviews", uri: "/v1/cycles/tiny/candidates/c-a/reviews",
              access: .staff, body: #"{"question": "q-tx", "points": 3}"#),
        Route(method: .get, template: "/v1/cycles/{cycle}/slate", uri: "/v1/cycles/tiny/slate", access: .everyone),
        Route(method: .get, template: "/v1/cycles/{cycle}/slate.sig", uri: "/v1/cycles/tiny/slate.sig", access: .everyone),
        Route(method: .get, template: "/v1/cycles/{cycle}/coalition.pub", uri: "/v1/cycles/tiny/coalition.pub", access: .everyone),
        Route(method: .get, template: "/slate/{cycle}", uri: "/slate/tiny", access: .everyone),
    ]

    static func token(_ who: Who) -> String? {
        switch who {
        case .anonymous: nil
        case .staff: ServiceFixture.staff
        case .org: ServiceFixture.orgA
        case .otherOrg: ServiceFixture.orgB
        case .revoked: ServiceFixture.revoked
        case .garbage: "not-a-token"
        }
    }

    @Test("the matrix lists every route of the router")
    func matrixCoversRouter() async throws {
        let routed: Set<String> = try await TestDatabase.withFreshDatabase { db in
            let router = EndorseService.router(store: Store(db: db), actor: "t", databaseTimeout: .seconds(1))
            return Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        }.filter { !OpenAPITests.isPage($0) }   // pages: sessions, not bearer tokens (CandidatePageTests, OrgBallotPageTests)
        let listed = Set(Self.routes.map { "\($0.method.rawValue) \($0.template)" })
        #expect(routed.isSubset(of: listed), "routes missing from the matrix: \(routed.subtracting(listed))")
    }

    @Test("401 without a valid token, 403 for the wrong role, public routes ignore Authorization")
    func matrix() async throws {
        try await ServiceFixture.with { f in
            // Routes not in the router yet are caught by the OpenAPI test, not here.
            let routed = Set(EndorseService.router(store: f.store.store, actor: "t", databaseTimeout: .seconds(1)).routes
                .map { "\($0.method.rawValue) \($0.path.description)" })
            for route in Self.routes where routed.contains("\(route.method.rawValue) \(route.template)") {
                var statuses: [Who: Int] = [:]
                for who in Who.allCases {
                    let before = try await f.writes()
                    let r = try await f.call(route.method, route.uri, token: Self.token(who), json: route.body)
                    statuses[who] = r.status.code
                    let allowed: Bool
                    switch (route.access, who) {
                    case (.everyone, _): allowed = true
                    case (_, .anonymous), (_, .revoked), (_, .garbage):
                        #expect(r.status == .unauthorized, "\(route.method) \(route.uri) as \(who)")
                        #expect(r.errorCode == "unauthorized")
                        #expect(try await f.writes() == before, "\(route.method) \(route.uri) as \(who) wrote")
                        continue
                    case (.staff, .staff), (.staffOrOrg, .staff), (.staffOrOrg, .org), (.staffOrOrg, .otherOrg),
                         (.org, .org), (.org, .otherOrg):
                        allowed = true
                    default:
                        allowed = false
                    }
                    if allowed {
                        #expect(r.status != .unauthorized && r.status != .forbidden,
                                "\(route.method) \(route.uri) as \(who): \(r.status) \(r.text)")
                    } else {
                        #expect(r.status == .forbidden, "\(route.method) \(route.uri) as \(who): \(r.status)")
                        #expect(r.errorCode == "forbidden")
                        #expect(try await f.writes() == before, "\(route.method) \(route.uri) as \(who) wrote")
                    }
                }
                if case .everyone = route.access {
                    // Same answer whatever the Authorization header says (a garbage token too).
                    #expect(Set(statuses.values).count == 1, "\(route.uri): \(statuses)")
                }
            }
        }
    }

    @Test("a revoked token fails from the next request on")
    func revocation() async throws {
        try await ServiceFixture.with { f in
            #expect(try await f.call(.get, "/v1/cycles/tiny/races", token: ServiceFixture.orgB).status == .ok)
            try await f.db.withConnection { conn in
                try await conn.query("UPDATE api_tokens SET revoked_at = now() WHERE name = 'tok-b'", logger: TestDatabase.logger)
            }
            let r = try await f.call(.get, "/v1/cycles/tiny/races", token: ServiceFixture.orgB)
            #expect(r.status == .unauthorized)
        }
    }
}
