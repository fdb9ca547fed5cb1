import ArgumentParser
import EndorseCore
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
        let dir = out ?? KeyGenerate.defaultDirectory()
        let sec = (dir as NSString).appendingPathComponent("coalition.sec")
        let pub = (dir as NSString).appendingPathComponent("coalition.pub")
        let fm = FileManager.default
        for path in [sec, pub] where fm.fileExists(atPath: path) && !force {
            throw EndorseError(.conflict, "a key already exists; pass --force to replace it (the old key's slates will no longer verify with the new one)", at: path)
        }
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
        } catch {
            throw EndorseError(.invalidInput, "cannot create the key folder: \(error.localizedDescription)", at: dir)
        }
        let key = SignifySecretKey.generate()
        try KeyGenerate.writeSecret(key.fileBytes(), to: sec)
        do {
            if fm.fileExists(atPath: pub) { try fm.removeItem(atPath: pub) }
            try Data(key.publicKey.fileBytes()).write(to: URL(fileURLWithPath: pub))
        } catch {
            throw EndorseError(.invalidInput, "cannot write the public key: \(error.localizedDescription)", at: pub)
        }
        Console.out("""
            secret key: \(sec) (mode 0600; keep it out of the database and out of version control)
            public key: \(pub) (key number \(Signify.hex(key.keyNumber)); publish it beside the slates)

            """)
    }

    /// `$ENDORSE_HOME/keys`, ENDORSE_HOME defaulting to `./.endorse` (cli.md, Configuration).
    static func defaultDirectory() -> String {
        let home = ProcessInfo.processInfo.environment["ENDORSE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "./.endorse"
        return (home as NSString).appendingPathComponent("keys")
    }

    /// Creates the file afresh with mode 0600 (never briefly readable by others) and writes it.
    static func writeSecret(_ bytes: [UInt8], to path: String) throws(EndorseError) {
        if unlink(path) != 0 && errno != ENOENT {
            throw EndorseError(.invalidInput, "cannot replace the secret key: \(String(cString: strerror(errno)))", at: path)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw EndorseError(.invalidInput, "cannot create the secret key: \(String(cString: strerror(errno)))", at: path)
        }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)   // exact mode whatever the umask
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw EndorseError(.invalidInput, "cannot write the secret key: \(String(cString: strerror(errno)))", at: path)
        }
    }
}
