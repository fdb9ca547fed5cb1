import EndorseCore
import EndorseStore
import EndorseTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import EndorseHTTP
import Testing

/// Published pages at static-file speed (issue 14): rendered once per version, sent from memory
/// with strong ETags, 304s, Last-Modified and precompressed gzip; a publication by another
/// process is served without a restart; the static site holds the very bytes the service sends.
@Suite("Published slates")
struct PublishedSlateTests {
    /// The tiny cycle with `publish_answers` set and Spanish display texts.
    static func cycle(publishAnswers: String) -> String {
        TinyFixture.yaml
            .replacingOccurrences(of: "name: Tiny\n", with: "name: {en: Tiny, es: Diminuta}\npublish_answers: \(publishAnswers)\n")
            .replacingOccurrences(of: "name: Race 1,", with: "name: {en: Race 1, es: Contienda 1},")
            .replacingOccurrences(of: "name: Race 2,", with: "name: {en: Race 2, es: Contienda 2},")
    }

    /// GETs `path` until its ETag differs from `old` (a bounded wait: the other process's
    /// publication is seen by the next version check, within about a second).
    static func waitForChange(_ f: ServiceFixture, _ path: String, from old: String?) async throws -> TestResponse {
        var r = try await f.call(.get, path)
        for _ in 0..<100 where r.headers[.eTag] == old {
            try await Task.sleep(for: .milliseconds(100))
            r = try await f.call(.get, path)
        }
        return r
    }

    @Test("a second publication by another process is served, new bytes and new ETag, without a restart", arguments: Served.allCases)
    func secondPublicationByAnotherProcess(_ served: Served) async throws {
        try await ServiceFixture.with(setup: served.setup) { f in
            let key = SignifySecretKey.generate()
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: key)
            let firstSlate = try await f.call(.get, "/v1/cycles/tiny/slate")
            let firstGuide = try await f.call(.get, "/slate/tiny")
            #expect(firstSlate.status == .ok && firstGuide.status == .ok)
            #expect(firstGuide.text.contains("Slate version 1,"))

            // Another process: its own Store (its own caches and publication count) on the same
            // database adds a member org and publishes version 2.
            let other = Store(db: f.db).acting(as: "other-process")
            _ = try await other.catalog.importOrgs(Array("""
                id,name,weight,contact_email
                org-d,Org D,1,

                """.utf8), file: "more-orgs.csv")
            let second = try await other.decisions.publishSlate(cycle: "tiny", key: key)
            #expect(second.latestVersion == 2)
            let stored = try #require(try await other.decisions.latestSlate(cycle: "tiny"))

            let slate = try await Self.waitForChange(f, "/v1/cycles/tiny/slate", from: firstSlate.headers[.eTag])
            #expect(Array(slate.body.readableBytesView) == stored.bytes)
            #expect(slate.headers[.eTag] == "\"\(stored.sha256)\"")
            #expect(slate.headers[.eTag] != firstSlate.headers[.eTag])
            let guide = try await Self.waitForChange(f, "/slate/tiny", from: firstGuide.headers[.eTag])
            #expect(guide.text.contains("Slate version 2,"))
            #expect(guide.text.contains("Org D"))
            #expect(guide.headers[.eTag] != firstGuide.headers[.eTag])
            let sig = try await f.call(.get, "/v1/cycles/tiny/slate.sig")
            #expect(sig.text == stored.signature)
        }
    }

    @Test("ETag, Last-Modified, 304 on If-None-Match or If-Modified-Since, gzip when accepted, the public key", arguments: Served.allCases)
    func cachingHeadersAndGzip(_ served: Served) async throws {
        try await ServiceFixture.with(setup: served.setup) { f in
            let key = SignifySecretKey.generate()
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: key)
            for path in ["/slate/tiny", "/v1/cycles/tiny/slate"] {
                let plain = try await f.call(.get, path)
                let etag = try #require(plain.headers[.eTag])
                let modified = try #require(plain.headers[.lastModified])
                #expect(plain.headers[.cacheControl] == "public, max-age=60")
                #expect(plain.headers[.contentEncoding] == nil)
                let head = try await f.call(.head, path)
                #expect(head.status == .ok && head.body.readableBytes == 0)
                #expect(head.headers[.eTag] == etag)
                #expect(head.headers[.contentLength] == String(plain.body.readableBytes))
                #expect(try await f.call(.get, path, headers: [.ifNoneMatch: etag]).status == .notModified)
                #expect(try await f.call(.get, path, headers: [.ifNoneMatch: "W/\(etag)"]).status == .notModified)
                #expect(try await f.call(.get, path, headers: [.ifModifiedSince: modified]).status == .notModified)
                #expect(try await f.call(.get, path, headers: [.ifNoneMatch: "\"other\""]).status == .ok)

                let zipped = try await f.call(.get, path, headers: [.acceptEncoding: "br;q=1.0, gzip;q=0.8"])
                #expect(zipped.headers[.contentEncoding] == "gzip")
                #expect(zipped.headers[.vary]?.contains("Accept-Encoding") == true)
                let gzETag = try #require(zipped.headers[.eTag])
                #expect(gzETag != etag)
                #expect(try gunzip(Array(zipped.body.readableBytesView)) == Array(plain.body.readableBytesView))
                let again = try await f.call(.get, path, headers: [.acceptEncoding: "gzip", .ifNoneMatch: gzETag])
                #expect(again.status == .notModified)
                #expect(again.body.readableBytes == 0)
                let refused = try await f.call(.get, path, headers: [.acceptEncoding: "gzip;q=0"])
                #expect(refused.headers[.contentEncoding] == nil)
            }
            let pub = try await f.call(.get, "/v1/cycles/tiny/coalition.pub")
            #expect(Array(pub.body.readableBytesView) == key.publicKey.fileBytes())
        }
    }

    @Test("the guide in the visitor's language: ?lang, the pages' cookie, Accept-Language, a file per language", arguments: Served.allCases)
    func languages(_ served: Served) async throws {
        try await ServiceFixture.with(setup: served.setup) { f in
            _ = try await f.store.catalog.loadCycle(Array(Self.cycle(publishAnswers: "endorsed").utf8), file: "tiny.yaml")
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: SignifySecretKey.generate())
            let english = try await f.call(.get, "/slate/tiny")
            #expect(english.text.contains(#"<html lang="en">"#))
            #expect(english.headers[.contentLanguage] == "en")
            #expect(english.headers[.vary]?.contains("Accept-Language") == true)
            let byHeader = try await f.call(.get, "/slate/tiny", headers: [.acceptLanguage: "es-MX,es;q=0.9,en;q=0.5"])
            #expect(byHeader.text.contains("<h1>Diminuta</h1>"))
            #expect(byHeader.headers[.contentLanguage] == "es")
            #expect(try await f.call(.get, "/slate/tiny", headers: [.cookie: "endorse_lang=es"]).text == byHeader.text)
            #expect(try await f.call(.get, "/slate/tiny?lang=es").text == byHeader.text)
            let pinned = try await f.call(.get, "/slate/tiny.es.html", headers: [.acceptLanguage: "en"])
            #expect(pinned.text == byHeader.text)
            #expect(pinned.headers[.eTag] == byHeader.headers[.eTag])
            #expect(try await f.call(.get, "/slate/tiny.en.html").text == english.text)
            #expect(try await f.call(.get, "/slate/tiny.fr.html").status == .notFound)
            #expect(try await f.call(.get, "/slate/nothing.es.html").status == .notFound)
        }
    }

    @Test("publish_answers all shows every candidate who answered, as submitted when published", arguments: Served.allCases)
    func answersFixedAtPublication(_ served: Served) async throws {
        try await ServiceFixture.with(setup: served.setup) { f in
            _ = try await f.store.catalog.loadCycle(Array(Self.cycle(publishAnswers: "all").utf8), file: "tiny.yaml")
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: SignifySecretKey.generate())
            // No race is decided yet: nobody is endorsed, every candidate who answered is compared.
            let guide = try await f.call(.get, "/slate/tiny").text
            #expect(guide.contains(#"<th scope="col">Ana A</th><th scope="col">Ben B</th>"#))
            #expect(guide.contains("<summary>Answers of Cy C</summary>"))
            #expect(guide.contains("<dt>Yes or no?</dt>\n<dd>Yes</dd>"))
            // A later answer changes nothing published: the guide shows what was submitted then.
            _ = try await f.store.answers.importAnswers(cycle: "tiny", Array("""
                candidate_id,q-yn,q-sc,q-ch,q-tx
                c-a,no,5,a,

                """.utf8), file: "later.csv")
            let record = try #require(try await f.store.decisions.latestPublication(cycle: "tiny"))
            #expect(record.answers.candidates.first { $0.id == "c-a" }?.answers["q-yn"] == "yes")
            #expect(try await f.call(.get, "/slate/tiny").text == guide)

            _ = try await f.store.catalog.loadCycle(Array(Self.cycle(publishAnswers: "none").utf8), file: "tiny.yaml")
            _ = try await f.store.catalog.importOrgs(Array("id,name,weight,contact_email\norg-e,Org E,1,\n".utf8),
                                                     file: "orgs.csv")
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: SignifySecretKey.generate())
            let none = try await f.call(.get, "/slate/tiny").text
            #expect(none.contains("Org E"))
            #expect(!none.contains("<details"))
            #expect(!none.contains("<table"))
        }
    }

    @Test("the static site holds the very bytes the service sends, gzip included")
    func staticSiteIsByteIdentical() async throws {
        try await ServiceFixture.with { f in
            _ = try await f.store.catalog.loadCycle(Array(Self.cycle(publishAnswers: "all").utf8), file: "tiny.yaml")
            _ = try await f.store.decisions.publishSlate(cycle: "tiny", key: SignifySecretKey.generate())
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let publication = try #require(try await f.store.decisions.latestPublication(cycle: "tiny"))
            let written = try StaticSite.write(publication, to: dir)
            #expect(written.contains("index.html") && written.contains("README.txt") && written.contains("coalition.pub"))
            #expect(written.contains("slate-tiny-v1.json") && written.contains("slate-tiny-v1.json.sig"))
            let pairs = [("/slate/tiny", "slate/tiny.html"), ("/slate/tiny.en.html", "slate/tiny.en.html"),
                         ("/slate/tiny.es.html", "slate/tiny.es.html"), ("/v1/cycles/tiny/slate", "v1/cycles/tiny/slate"),
                         ("/v1/cycles/tiny/slate", "slate-tiny-v1.json"),
                         ("/v1/cycles/tiny/slate.sig", "v1/cycles/tiny/slate.sig"),
                         ("/v1/cycles/tiny/coalition.pub", "coalition.pub")]
            for (path, file) in pairs {
                let served = Array(try await f.call(.get, path).body.readableBytesView)
                #expect(served == Array(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(file)"))), "\(path) vs \(file)")
                let zipped = try await f.call(.get, path, headers: [.acceptEncoding: "gzip"])
                // The site's .gz copies sit beside the service's paths (not beside slate-tiny-v1.json).
                if zipped.headers[.contentEncoding] == "gzip", !file.hasPrefix("slate-") {
                    let gz = Array(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(file).gz")))
                    #expect(Array(zipped.body.readableBytesView) == gz, "\(path) gzip")
                }
            }
            let readme = try String(contentsOfFile: "\(dir)/README.txt", encoding: .utf8)
            #expect(readme.contains("signify-openbsd -V -p coalition.pub -m slate-tiny-v1.json"))
        }
    }
}

/// How a test reaches the service: through the router in-process, or over HTTP to the listening
/// server, where the published paths are answered by `PublishedFastPath` once their site is built.
enum Served: CaseIterable, CustomTestStringConvertible, Sendable {
    case router, live

    var setup: TestingSetup { self == .router ? .router : .live }
    var testDescription: String { self == .router ? "router" : "live server" }
}

/// The bytes `gzip -dc` makes of `bytes` (the system's gzip checks our gzip).
func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString).gz")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")   // gzip from PATH
    process.arguments = ["gzip", "-dc", file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(out)
}
