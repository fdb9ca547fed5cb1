import ArgumentParser
import EndorseCore
import EndorseStore
import Foundation

/// `endorse key ...`: the coalition's signing key.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage the coalition's signing key (signify Ed25519).",
        discussion: """
            Example:
              endorse key generate --out keys/
            """,
        subcommands: [KeyGenerate.self]
    )
}

/// `endorse key generate [--out DIR] [--force]`.
struct KeyGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new key pair: coalition.sec (mode 0600) and coalition.pub.",
        discussion: """
            The files use OpenBSD signify's format, so anyone can check a slate with \
            `signify-openbsd -V -p coalition.pub -m slate-<cycle>-v<N>.json`. The secret key is \
            not passphrase-protected (the service signs unattended): its file mode 0600 protects \
            it, and it never enters the database. Refuses to replace an existing key unless --force.

            Example:
              endorse key generate --out /etc/endorse/keys
            """
    )

    @Option(help: "Folder for the key files (default: $ENDORSE_HOME/keys, ENDORSE_HOME defaulting to ./.endorse).")
    var out: String?

    @Flag(help: "Replace an existing key pair in that folder.")
    var force = false

    func run() throws {
        let dir = out ?? SlateFiles.defaultKeyFolder(home: DatabaseConfig.resolveHome(nil))
        let written = try SlateFiles.generateKey(in: dir, replacing: force)
        Console.out("""
            secret key: \(written.secret) (mode 0600; keep it out of the database and out of version control)
            public key: \(written.public) (key number \(Signify.hex(written.key.keyNumber)); publish it beside the slates)

            """)
    }
}
