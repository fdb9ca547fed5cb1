import Crypto
import EndorseCore
@testable import EndorseStore
import Foundation
import PostgresNIO
import Testing
import EndorseTestSupport

@Suite struct TokenStoreTests {
    static func auditCount(_ db: Database) async throws -> Int64 {
        try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM audit_log")
    }

    static func tokenRows(_ db: Database) async throws -> Int64 {
        try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM api_tokens")
    }

    @Test func createAuthenticateRevoke() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await SlateStoreFixture.load(db)
            let store = Store(db: db).acting(as: "dana")
            let staff = try await store.tokens.createToken(name: "dana.whitfield", role: .staff, org: nil)
            let org = try await store.tokens.createToken(name: "ctu_delegate-1", role: .org, org: "org-a")
            #expect(staff.token != org.token)
            // 32 random bytes, unpadded base64url.
            #expect(staff.token.count == 43)
            #expect(staff.token.utf8.allSatisfy { b in
                (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                    || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
            })
            #expect(org.json == .object(["name": .string("ctu_delegate-1"), "role": .string("org"),
                                         "org": .string("org-a"), "token": .string(org.token)]))

            #expect(try await store.tokens.authenticate(token: staff.token) == TokenIdentity(name: "dana.whitfield", role: .staff, org: nil))
            #expect(try await store.tokens.authenticate(token: org.token) == TokenIdentity(name: "ctu_delegate-1", role: .org, org: "org-a"))
            #expect(try await store.tokens.authenticate(token: org.token + "x") == nil)
            #expect(try await store.tokens.authenticate(token: "") == nil)

            // Only the SHA-256 is stored; the audit log never holds the token.
            try await db.withConnection { conn in
                let rows = try await conn.query("SELECT token_sha256 FROM api_tokens WHERE name = 'dana.whitfield'",
                                                logger: db.logger).collect()
                let stored = Array(try rows[0].decode(ByteBuffer.self).readableBytesView)
                #expect(stored == Array(SHA256.hash(data: Array(staff.token.utf8))))
            }
            let events = try await store.audit.auditEvents()
            #expect(events.map(\.action) == ["token.create", "token.create"])
            #expect(events.allSatisfy { !$0.details.contains(staff.token) && !$0.details.contains(org.token) })
            #expect(events[1].details == #"{"name":"ctu_delegate-1","org":"org-a","role":"org"}"#)

            try await store.tokens.revokeToken(name: "ctu_delegate-1")
            #expect(try await store.tokens.authenticate(token: org.token) == nil)
            #expect(try await store.tokens.authenticate(token: staff.token) != nil)
            #expect(try await store.audit.auditEvents().last?.action == "token.revoke")

            // Revoking twice, or an unknown name, is refused and changes nothing.
            let before = try await Self.auditCount(db)
            let rows = try await Self.tokenRows(db)
            let twice = await #expect(throws: EndorseError.self) { try await store.tokens.revokeToken(name: "ctu_delegate-1") }
            #expect(twice?.code == .wrongState)
            let unknown = await #expect(throws: EndorseError.self) { try await store.tokens.revokeToken(name: "nobody") }
            #expect(unknown?.code == .notFound)
            // A revoked name stays taken.
            let reused = await #expect(throws: EndorseError.self) {
                _ = try await store.tokens.createToken(name: "ctu_delegate-1", role: .org, org: "org-a")
            }
            #expect(reused?.code == .conflict)
            #expect(try await Self.auditCount(db) == before)
            #expect(try await Self.tokenRows(db) == rows)
        }
    }

    static let refused: [(String, TokenRole, String?, EndorseError.Code)] = [
        ("has space", .staff, nil, .invalidInput),
        ("", .staff, nil, .invalidInput),
        (String(repeating: "a", count: 65), .staff, nil, .invalidInput),
        ("é", .staff, nil, .invalidInput),
        ("staff-with-org", .staff, "org-a", .usage),
        ("org-without-org", .org, nil, .usage),
        ("unknown-org", .org, "org-zzz", .notFound),
        ("taken", .staff, nil, .conflict),
    ]

    @Test(arguments: 0..<refused.count)
    func badRequestsAreRefusedAndChangeNothing(index: Int) async throws {
        let (name, role, org, code) = Self.refused[index]
        try await TestDatabase.withFreshDatabase { db in
            try await SlateStoreFixture.load(db)
            let store = Store(db: db).acting(as: "dana")
            _ = try await store.tokens.createToken(name: "taken", role: .staff, org: nil)
            let (audit, rows) = (try await Self.auditCount(db), try await Self.tokenRows(db))
            do {
                _ = try await store.tokens.createToken(name: name, role: role, org: org)
                Issue.record("accepted \(name)")
            } catch let error as EndorseError {
                #expect(error.code == code)
            }
            #expect(try await Self.auditCount(db) == audit)
            #expect(try await Self.tokenRows(db) == rows)
        }
    }

    @Test func namesOfSixtyFourAllowedCharactersAreValid() {
        #expect(TokenStore.isValidTokenName(String(repeating: "Z", count: 64)))
        #expect(TokenStore.isValidTokenName("a.b_c-D9"))
        #expect(!TokenStore.isValidTokenName("a/b"))
        #expect(TokenStore.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!TokenStore.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!TokenStore.constantTimeEqual([1, 2], [1, 2, 3]))
    }
}
