import EndorseCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The files of a publication and of the signing key, shared by `slate publish`, `key generate`
/// style callers and `endorse demo`.
public enum SlateFiles {
    /// The secret key path when `--key` is not given: `$ENDORSE_KEY`, else
    /// `<home>/keys/coalition.sec` (cli.md, Configuration).
    public static func defaultKeyPath(home: String,
                                      environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let k = environment["ENDORSE_KEY"], !k.isEmpty { return k }
        return (home as NSString).appendingPathComponent("keys/coalition.sec")
    }

    /// Reads a signify secret key; a missing file is a refusal that says how to make one.
    public static func readSecretKey(at path: String) throws -> SignifySecretKey {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EndorseError(.notFound,
                "no signing key; create one with `endorse key generate` (or pass --key FILE / set ENDORSE_KEY)",
                at: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EndorseError(.invalidKey, "cannot read the secret key", at: path)
        }
        do {
            return try SignifySecretKey(fileBytes: [UInt8](data))
        } catch {
            throw EndorseError(error.code, error.message, at: path)
        }
    }

    /// The folder of the key pair when `--out` is not given: `<home>/keys` (cli.md, Configuration).
    public static func defaultKeyFolder(home: String) -> String {
        (home as NSString).appendingPathComponent("keys")
    }

    /// Writes a new key pair into `dir` (created mode 0700 when missing): `coalition.sec` (mode
    /// 0600, never briefly readable by others) and `coalition.pub`. An existing pair is replaced
    /// only when `replacing` (the old key's slates no longer verify with the new one). Returns
    /// the key and both paths.
    @discardableResult
    public static func generateKey(in dir: String, replacing: Bool = true) throws -> (key: SignifySecretKey, secret: String, public: String) {
        let sec = (dir as NSString).appendingPathComponent("coalition.sec")
        let pub = (dir as NSString).appendingPathComponent("coalition.pub")
        for path in [sec, pub] where !replacing && FileManager.default.fileExists(atPath: path) {
            throw EndorseError(.conflict, "a key already exists; pass --force to replace it (the old key's slates will no longer verify with the new one)", at: path)
        }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw EndorseError(.invalidInput, "cannot create the key folder: \(error.localizedDescription)", at: dir)
        }
        let key = SignifySecretKey.generate()
        try writeSecret(key.fileBytes(), to: sec)
        try write(key.publicKey.fileBytes(), to: pub)
        return (key, sec, pub)
    }

    /// Paths written by `write(publication:...)`.
    public struct Written: Sendable, Hashable {
        public var slate: String
        public var signature: String
        public var publicKey: String
    }

    /// Writes `slate-<cycle>-v<N>.json`, its `.sig` and `coalition.pub` into `dir` (created when
    /// missing).
    public static func write(fileName: String, bytes: [UInt8], signature: [UInt8],
                             publicKey: SignifyPublicKey, to dir: String) throws -> Written {
        try makeFolder(dir)
        let slate = (dir as NSString).appendingPathComponent(fileName)
        let sig = slate + ".sig"
        let pub = (dir as NSString).appendingPathComponent("coalition.pub")
        try write(bytes, to: slate)
        try write(signature, to: sig)
        try write(publicKey.fileBytes(), to: pub)
        return Written(slate: slate, signature: sig, publicKey: pub)
    }

    static func makeFolder(_ dir: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw EndorseError(.invalidInput, "cannot create the folder: \(error.localizedDescription)", at: dir)
        }
    }

    /// Writes atomically (a temporary file renamed into place).
    static func write(_ bytes: [UInt8], to path: String) throws {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw EndorseError(.invalidInput, "cannot write the file: \(error.localizedDescription)", at: path)
        }
    }

    /// Creates the file afresh with mode 0600 (never briefly readable by others) and writes it.
    static func writeSecret(_ bytes: [UInt8], to path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw EndorseError(.invalidInput, "cannot replace the secret key: \(String(cString: strerror(errno)))", at: path)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw EndorseError(.invalidInput, "cannot create the secret key: \(String(cString: strerror(errno)))", at: path)
        }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw EndorseError(.invalidInput, "cannot write the secret key: \(String(cString: strerror(errno)))", at: path)
        }
    }
}
