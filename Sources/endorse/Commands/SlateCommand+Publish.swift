import ArgumentParser
import EndorseCore
import EndorseHTTP
import EndorseStore
import Foundation

/// `endorse slate publish --cycle C --out DIR [--key FILE]`.
struct SlatePublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Sign and store a new slate version when the decided content changed.",
        discussion: """
            Builds the slate from the current decisions, rescissions, candidates and active \
            member orgs. When its content equals the latest version's, prints that nothing \
            changed and writes nothing. Otherwise stores version N+1 (chained to version N by \
            previous_sha256), signs it with the secret key (--key, else $ENDORSE_KEY, else \
            $ENDORSE_HOME/keys/coalition.sec) and writes slate-<cycle>-v<N>.json, its .sig and \
            coalition.pub into --out. --format json prints {"cycle", "changed", "version", \
            "file", "sha256"}.

            With --site DIR, also writes the static site of the latest version into DIR (even \
            when nothing changed): the voter guide in every language of the cycle, the slate \
            JSON, its .sig, coalition.pub, an index.html and a README.txt on checking the \
            signature, byte for byte what `endorse serve` sends, for any static host or CDN \
            (README: "A static site").

            Example:
              endorse slate publish --cycle sample-2026 --out public/
              endorse slate publish --cycle sample-2026 --out public/ --site site/
            """
    )

    @Option(help: "The cycle id.")
    var cycle: String

    @Option(help: "Folder to write the slate, its signature and coalition.pub into.")
    var out: String

    @Option(help: "Folder to write the static site of the latest version into.")
    var site: String?

    @Option(help: "The secret key file (default: $ENDORSE_KEY, else $ENDORSE_HOME/keys/coalition.sec).")
    var key: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() async throws {
        let keyPath = key ?? SlateFiles.defaultKeyPath(home: store.database.resolvedHome)
        // Read the key before touching the database: a missing key changes nothing.
        let secret = try SlateFiles.readSecretKey(at: keyPath)
        let cycle = self.cycle, out = self.out, siteDir = self.site
        let (result, siteFiles) = try await store.withStore { s in
            let result = try await s.decisions.publishSlate(cycle: cycle, key: secret, out: out)
            guard let siteDir else { return (result, [String]?.none) }
            guard let publication = try await s.decisions.latestPublication(cycle: cycle) else {
                throw EndorseError(.notFound, "nothing published yet, so no site to write", at: cycle)
            }
            return (result, try StaticSite.write(publication, to: siteDir))
        }
        let written = result.files
        if output.isJSON {
            Console.json(.object([
                "cycle": .string(cycle), "changed": .bool(result.changed),
                "version": result.latestVersion == 0 ? .null : .int(result.latestVersion),
                "file": .optional(written?.slate), "sha256": .optional(result.publication?.sha256),
                "site": .optional(siteFiles.map { _ in site ?? "" }),
            ]))
        } else if let p = result.publication, let written {
            Console.out("""
                published \(cycle) slate version \(p.version): \(written.slate)
                signature: \(written.signature)
                public key: \(written.publicKey)

                """)
        } else {
            Console.out("nothing changed: \(cycle) slate stays at version \(result.latestVersion)\n")
        }
        if let siteFiles, let site, !output.isJSON {
            Console.out("site: \(site) (\(siteFiles.count) files)\n")
        }
    }
}
