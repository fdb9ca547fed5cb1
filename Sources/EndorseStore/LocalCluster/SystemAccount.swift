import EndorseCore
import Foundation

/// The unprivileged account a root-run endorse runs PostgreSQL as (PostgreSQL refuses root).
enum SystemAccount {
    struct Account {
        var name: String
        var uid: uid_t
        var gid: gid_t
    }

    static var isRoot: Bool { geteuid() == 0 }

    static func lookup(_ name: String) -> Account? {
        guard let pw = getpwnam(name) else { return nil }
        return Account(name: name, uid: pw.pointee.pw_uid, gid: pw.pointee.pw_gid)
    }

    /// `postgres` when it exists (Debian's server package creates it), else a system account
    /// `endorse`, created on first use.
    static func serverAccount() throws -> Account {
        if let a = lookup("postgres") { return a }
        if let a = lookup("endorse") { return a }
        let useradd = ["/usr/sbin/useradd", "/sbin/useradd"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let useradd else {
            throw EndorseError(.unavailable, "no unprivileged account to run PostgreSQL as, and useradd is missing; create one: useradd --system endorse")
        }
        let r = try ProcessRunner.run(useradd, ["--system", "--user-group", "--no-create-home",
                                                "--home-dir", "/var/lib/endorse", "--shell", "/usr/sbin/nologin", "endorse"])
        guard let a = lookup("endorse") else {
            throw EndorseError(.unavailable, "cannot create the system account endorse: \(r.output.trimmingWhitespace())")
        }
        return a
    }

    /// Creates `path` (and missing parents) with `mode`, owned by `owner` when given; an
    /// existing folder keeps its mode and owner (never loosened).
    static func ensureDirectory(_ path: String, mode: mode_t) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try makeDirectory(path, mode: mode, owner: nil)
    }

    /// A folder only `owner` (else this process's user) may enter: created exclusively with mode
    /// 0700, or, when it exists already, accepted only if it is a real folder (not a link) owned
    /// by that user (its mode is then tightened to 0700: clusters made before this rule had
    /// 0755). Anything else is refused: a folder someone else made (for example under /tmp)
    /// must never hold the cluster's socket.
    static func privateDirectory(_ path: String, owner: Account?) throws {
        let uid = owner?.uid ?? geteuid()
        if mkdir(path, 0o700) == 0 {
            if let owner, chown(path, owner.uid, owner.gid) != 0 {
                throw EndorseError(.unavailable, "cannot give folder to \(owner.name): \(String(cString: strerror(errno)))", at: path)
            }
            chmod(path, 0o700)   // exact, whatever the umask
            return
        }
        guard errno == EEXIST else {
            throw EndorseError(.unavailable, "cannot create folder: \(String(cString: strerror(errno)))", at: path)
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw EndorseError(.unavailable, "cannot inspect folder: \(String(cString: strerror(errno)))", at: path)
        }
        let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        if isDirectory, info.st_uid == uid, info.st_mode & 0o077 != 0 { chmod(path, 0o700) }
        guard isDirectory, info.st_uid == uid else {
            throw EndorseError(.unavailable,
                "refusing to use the socket folder: it exists but is not this cluster's own private folder "
                    + "(owner uid \(info.st_uid), mode \(String(info.st_mode & 0o7777, radix: 8))\(isDirectory ? "" : ", not a folder")); "
                    + "remove it or choose another ENDORSE_HOME", at: path)
        }
    }

    /// Creates `path` (and missing parents) with `mode`, owned by `owner` when given.
    static func makeDirectory(_ path: String, mode: mode_t, owner: Account?) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw EndorseError(.unavailable, "cannot create folder: \(error.localizedDescription)", at: path)
        }
        if let owner, chown(path, owner.uid, owner.gid) != 0 {
            throw EndorseError(.unavailable, "cannot give folder to \(owner.name): \(String(cString: strerror(errno)))", at: path)
        }
        chmod(path, mode)
    }
}
