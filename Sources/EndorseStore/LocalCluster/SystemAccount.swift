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
