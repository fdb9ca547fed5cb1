import EndorseCore
@testable import EndorseStore
import Foundation
import Testing
import EndorseTestSupport

@Suite struct SlatePublishTests {
    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw FixtureError("cannot read \(path)") }
        return [UInt8](data)
    }

    static func verify(_ path: String) throws -> SlateVerification {
        let dir = (path as NSString).deletingLastPathComponent
        return SlateVerifier.verify(slate: try read(path), signature: try? read(path + ".sig"),
                                    publicKey: try? read(dir + "/coalition.pub")) { name in
            try? read(dir + "/" + name)
        }
    }

    @Test func publishV1ThenNothingThenV2AfterARescission() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await SlateStoreFixture.load(db)
            try await SlateStoreFixture.decideTwoRaces(db)
            let store = Store(db: db).acting(as: "dana")
            let key = SignifySecretKey.generate()
            let out = try SlateStoreFixture.tempDir()
            defer { try? FileManager.default.removeItem(atPath: out) }
            let auditBefore = try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM audit_log")

            // v1
            let t1 = Date(timeIntervalSince1970: 1_790_874_000)   // 2026-10-01T17:00:00Z
            let r1 = try await store.decisions.publishSlate(cycle: "sample-2026", key: key, out: out, now: t1)
            let p1 = try #require(r1.publication)
            #expect(p1.version == 1 && r1.latestVersion == 1)
            #expect(p1.fileName == "slate-sample-2026-v1.json")
            let v1Path = out + "/slate-sample-2026-v1.json"
            #expect(r1.files?.slate == v1Path)
            let v1Bytes = try Self.read(v1Path)
            #expect(v1Bytes == p1.bytes)
            #expect(try Self.read(out + "/coalition.pub") == key.publicKey.fileBytes())
            let check1 = try Self.verify(v1Path)
            #expect(check1.ok, "\(check1.failures)")
            #expect(check1.chain == .first)

            let doc = try JSONValue.parse(v1Bytes)
            #expect(doc["version"] == .number("1"))
            #expect(doc["previous_sha256"] == .null)
            #expect(doc["published_at"] == .string("2026-10-01T17:00:00Z"))
            #expect(doc["rescinded"] == .array([]))
            // Active members only, by id; the inactive org-c is not listed.
            #expect(doc["coalition"]?["member_organizations"] == .array([
                .object(["id": .string("org-a"), "name": .string("Teachers, Local 1")]),
                .object(["id": .string("org-b"), "name": .string("Parents United")]),
            ]))
            let races = try #require(doc["races"]?.arrayValue)
            #expect(races.count == 22)   // every race of the cycle, in file order
            #expect(races[0]["id"] == .string("district-1"))
            #expect(races[0]["status"] == .string("endorsed"))
            #expect(races[1]["status"] == .string("pending"))
            #expect(races[8]["id"] == .string("district-9"))
            #expect(races[8]["status"] == .string("no_endorsement"))
            let e = try #require(races[0]["endorsements"]?.arrayValue?.first)
            #expect(e["candidate"] == .object([
                "id": .string("c-ana-ruiz"), "name": .string("Ana Ruiz"), "ballot_name": .string("ANA RUIZ"),
                "incumbent": .bool(true), "website": .string("https://example.com/ana-ruiz"),
            ]))
            #expect(e["scores"] == .object(["overall": .number("87.5"),
                                            "planks": .object(["full-funding": .number("100"), "class-size": .null])]))
            // 5 of 7 cast = 0.714285... -> 0.7143; threshold and base from the cycle rules.
            #expect(e["vote"] == .object([
                "method": .string("irv"), "outcome": .string("endorsed"), "share": .number("0.7143"),
                "threshold": .number("0.6667"), "base": .string("cast"), "override": .bool(false),
            ]))
            #expect(e["decided_at"] == .string("2026-09-30T22:10:00Z"))

            // The stored row is the exact bytes, chained and signed.
            let stored = try #require(try await store.decisions.latestSlate(cycle: "sample-2026"))
            #expect(stored.version == 1 && stored.bytes == v1Bytes)
            #expect(stored.signature == String(decoding: try Self.read(v1Path + ".sig"), as: UTF8.self))
            #expect(try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM audit_log") == auditBefore + 1)
            let event = try #require(try await store.audit.auditEvents(cycle: "sample-2026").last)
            #expect(event.action == "slate.publish" && event.actor == "dana")
            #expect(event.details.contains(#""version":1"#))

            // Unchanged: nothing written, nothing stored, no audit event.
            let r2 = try await store.decisions.publishSlate(cycle: "sample-2026", key: key, out: out,
                                                  now: t1.addingTimeInterval(3600))
            #expect(r2.publication == nil && r2.files == nil && r2.latestVersion == 1)
            #expect(!FileManager.default.fileExists(atPath: out + "/slate-sample-2026-v2.json"))
            #expect(try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM slates") == 1)
            #expect(try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM audit_log") == auditBefore + 1)

            // Rescinding Ana makes v2, chained to the exact v1 bytes.
            try await SlateStoreFixture.rescindAna(db)
            let r3 = try await store.decisions.publishSlate(cycle: "sample-2026", key: key, out: out,
                                                  now: t1.addingTimeInterval(86_400))
            let p3 = try #require(r3.publication)
            #expect(p3.version == 2)
            let v2Path = out + "/slate-sample-2026-v2.json"
            let v2 = try JSONValue.parse(try Self.read(v2Path))
            #expect(v2["previous_sha256"] == .string(SlateHash.sha256Hex(v1Bytes)))
            #expect(v2["races"]?.arrayValue?[0]["status"] == .string("no_endorsement"))
            #expect(v2["rescinded"] == .array([.object([
                "race": .string("district-1"), "candidate": .string("c-ana-ruiz"),
                "reason": .string("withdrew from the race"), "at": .string("2026-10-02T09:00:00Z"),
            ])]))
            let check2 = try Self.verify(v2Path)
            #expect(check2.ok, "\(check2.failures)")
            #expect(check2.chain == .linked(previousVersion: 1))
            #expect(try Self.verify(v1Path).ok)
            let schemaErrors = try SchemaCheck.errors(try Self.read(v2Path))
            #expect(schemaErrors == nil, "\(schemaErrors ?? "")")
            #expect(try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM slates") == 2)
        }
    }

    @Test func concurrentPublishersMakeOneVersion() async throws {
        try await TestDatabase.withFreshDatabase { db in
            try await SlateStoreFixture.load(db)
            try await SlateStoreFixture.decideTwoRaces(db)
            let key = SignifySecretKey.generate()
            let results = try await withThrowingTaskGroup(of: SlatePublishResult.self) { group in
                for i in 0..<4 {
                    group.addTask {
                        try await Store(db: db).acting(as: "p\(i)").decisions.publishSlate(cycle: "sample-2026", key: key)
                    }
                }
                var all: [SlatePublishResult] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(results.filter(\.changed).count == 1)
            #expect(results.allSatisfy { $0.latestVersion == 1 })
            #expect(try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM slates") == 1)
            #expect(try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM audit_log WHERE action = 'slate.publish'") == 1)
        }
    }

    @Test func unknownCycleIsRefusedAndWritesNothing() async throws {
        try await TestDatabase.withFreshDatabase { db in
            let out = try SlateStoreFixture.tempDir()
            defer { try? FileManager.default.removeItem(atPath: out) }
            let store = Store(db: db).acting(as: "dana")
            let error = await #expect(throws: EndorseError.self) {
                _ = try await store.decisions.publishSlate(cycle: "nope-2026", key: SignifySecretKey.generate(), out: out)
            }
            #expect(error?.code == .notFound)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
            #expect(try await SlateStoreFixture.count(db, "SELECT count(*)::bigint FROM audit_log") == 0)
        }
    }

    @Test func missingKeyTellsHowToMakeOne() throws {
        let path = NSTemporaryDirectory() + "no-such-\(UUID().uuidString)/coalition.sec"
        do {
            _ = try SlateFiles.readSecretKey(at: path)
            Issue.record("a missing key was accepted")
        } catch let error as EndorseError {
            #expect(error.code == .notFound)
            #expect(error.message.contains("endorse key generate"))
            #expect(error.location == path)
        }
    }

    @Test func keyPathComesFromEnvironmentThenHome() {
        #expect(SlateFiles.defaultKeyPath(home: "/h", environment: ["ENDORSE_KEY": "/k/my.sec"]) == "/k/my.sec")
        #expect(SlateFiles.defaultKeyPath(home: "/h", environment: [:]) == "/h/keys/coalition.sec")
        #expect(SlateFiles.defaultKeyPath(home: "/h", environment: ["ENDORSE_KEY": ""]) == "/h/keys/coalition.sec")
    }

    @Test func generatedKeyRoundTripsWithMode0600() throws {
        let dir = try SlateStoreFixture.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (key, sec, pub) = try SlateFiles.generateKey(in: dir)
        let attrs = try FileManager.default.attributesOfItem(atPath: sec)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let read = try SlateFiles.readSecretKey(at: sec)
        #expect(read.publicKey == key.publicKey)
        #expect(try Self.read(pub) == key.publicKey.fileBytes())
    }
}
