import ArgumentParser
import EndorseCore
import Foundation

/// `endorse slate ...`: the published, signed slate.
struct SlateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slate",
        abstract: "Publish, verify and compare signed slates.",
        discussion: """
            Example:
              endorse slate verify out/slate-sample-2026-v3.json
            """,
        subcommands: [SlatePublishCommand.self, SlateVerifyCommand.self, SlateDiffCommand.self]
    )

    /// The bytes of a file, or nil when it does not exist.
    static func readIfPresent(_ path: String) throws(EndorseError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try read(path)
    }

    /// The bytes of a file; a missing or unreadable file is a refusal naming it.
    static func read(_ path: String) throws(EndorseError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EndorseError(.notFound, "cannot read the file", at: path)
        }
        return [UInt8](data)
    }

    /// A parsed slate file.
    static func readJSON(_ path: String) throws(EndorseError) -> JSONValue {
        let bytes = try read(path)
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw EndorseError(.invalidInput, "not JSON: \(error)", at: path)
        }
    }
}

/// `endorse slate verify FILE [--pubkey FILE]`.
struct SlateVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a slate's signature, canonical bytes and previous_sha256 link.",
        discussion: """
            The signature is FILE.sig; the key is --pubkey, else coalition.pub beside the slate. \
            When slate-<cycle>-v<N-1>.json is beside it, its SHA-256 must be this slate's \
            previous_sha256. Exit 0 with a one-line summary, or 1 naming every check that failed. \
            The same signature check with the standard tool: \
            signify-openbsd -V -p coalition.pub -m FILE

            Example:
              endorse slate verify out/slate-sample-2026-v3.json --pubkey keys/coalition.pub
            """
    )

    @Argument(help: "The slate file (slate-<cycle>-v<N>.json).")
    var file: String

    @Option(help: "The public key (default: coalition.pub beside the slate).")
    var pubkey: String?

    @OptionGroup var output: FormatOptions

    func run() throws {
        let slate = try SlateCommand.read(file)
        let dir = (file as NSString).deletingLastPathComponent
        func beside(_ name: String) -> String { dir.isEmpty ? name : (dir as NSString).appendingPathComponent(name) }
        let keyPath = pubkey ?? beside("coalition.pub")
        let signature = try SlateCommand.readIfPresent(file + ".sig")
        let publicKey = try SlateCommand.readIfPresent(keyPath)
        var result = SlateVerifier.verify(slate: slate, signature: signature, publicKey: publicKey) { name in
            try? SlateCommand.readIfPresent(beside(name))
        }
        // Name the files the verifier could not see.
        result.failures = result.failures.map {
            switch $0 {
            case "signature: no signature file": "signature: no signature file \(file).sig"
            case "signature: no public key file": "signature: no public key \(keyPath) (pass --pubkey)"
            default: $0
            }
        }
        if output.isJSON {
            Console.json(Self.json(result, file: file))
        } else if result.ok {
            Console.out("\(result.summary) (\(file))\n")
        }
        guard result.ok else {
            let what = Set(result.failures.compactMap { $0.split(separator: ":").first.map(String.init) })
            let order = ["signature", "json", "canonical", "format", "chain"].filter(what.contains)
            Console.fail(EndorseError(what.contains("signature") ? .badSignature : .tampered,
                                      "slate does not verify: \(order.joined(separator: ", ")) failed",
                                      at: file, details: result.failures.map { "\(file): \($0)" }))
        }
    }

    static func json(_ r: SlateVerification, file: String) -> JSONValue {
        let chain: JSONValue = switch r.chain {
        case .first: .string("first")
        case .linked: .string("linked")
        case .notChecked: .string("not_checked")
        case .unknown: .null
        }
        return .object([
            "file": .string(file), "ok": .bool(r.ok), "cycle": .optional(r.cycle),
            "version": r.version.map(JSONValue.int) ?? .null, "key_number": .optional(r.keyNumber),
            "chain": chain, "failures": .strings(r.failures),
        ])
    }
}

/// `endorse slate diff OLD NEW`.
struct SlateDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show races and endorsements added, removed and rescinded between two slates.",
        discussion: """
            Works on files only, no database. --format json prints {"cycle", "old_version", \
            "new_version", "races_added", "races_removed", "status_changed", \
            "endorsements_added", "endorsements_removed", "rescinded"}.

            Example:
              endorse slate diff out/slate-sample-2026-v2.json out/slate-sample-2026-v3.json
            """
    )

    @Argument(help: "The older slate file.")
    var old: String

    @Argument(help: "The newer slate file.")
    var new: String

    @OptionGroup var output: FormatOptions

    func run() throws {
        let diff = try SlateDiff(old: SlateCommand.readJSON(old), new: SlateCommand.readJSON(new))
        if output.isJSON {
            Console.json(diff.json)
        } else {
            Console.out(diff.table)
        }
    }
}
