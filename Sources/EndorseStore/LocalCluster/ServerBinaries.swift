import EndorseCore
import Foundation

/// The PostgreSQL server programs (`initdb`, `pg_ctl`, `postgres`) of one installed version.
///
/// Searched in `/usr/lib/postgresql/*/bin`, newest major version first. `pg_config --bindir`
/// is not used: on Debian it names the client's `/usr/bin`, which has no `initdb`.
public struct ServerBinaries: Hashable, Sendable {
    /// Where the programs are, e.g. `/usr/lib/postgresql/15/bin`.
    public var directory: String
    /// The major version, e.g. 15.
    public var majorVersion: Int

    /// The default search root.
    public static let defaultSearchRoot = "/usr/lib/postgresql"

    /// The programs a managed cluster needs.
    static let required = ["initdb", "pg_ctl", "postgres"]

    /// The path of one program.
    public func path(_ program: String) -> String { directory + "/" + program }

    /// Every installed version under `searchRoot`, newest first.
    public static func installed(searchRoot: String = defaultSearchRoot) -> [ServerBinaries] {
        let fm = FileManager.default
        let entries = (try? fm.contentsOfDirectory(atPath: searchRoot)) ?? []
        return entries.compactMap { entry -> ServerBinaries? in
            // Directory names are major versions: "15", "16", or "9.6" for old ones.
            let major = Int(entry.split(separator: ".").first ?? "") ?? -1
            guard major >= 0 else { return nil }
            let dir = searchRoot + "/" + entry + "/bin"
            guard required.allSatisfy({ fm.isExecutableFile(atPath: dir + "/" + $0) }) else { return nil }
            return ServerBinaries(directory: dir, majorVersion: major)
        }
        .sorted { $0.majorVersion > $1.majorVersion }
    }

    /// The newest installed version, or a specific major version (an existing cluster's).
    /// - Throws: `EndorseError(.unavailable)` (exit 3) naming `apt-get install postgresql`.
    public static func find(searchRoot: String = defaultSearchRoot, majorVersion: Int? = nil) throws -> ServerBinaries {
        let all = installed(searchRoot: searchRoot)
        if let majorVersion {
            if let match = all.first(where: { $0.majorVersion == majorVersion }) { return match }
            throw EndorseError(.unavailable,
                "the managed database was created by PostgreSQL \(majorVersion), whose server binaries are not installed in \(searchRoot)/\(majorVersion)/bin; install them with: apt-get install postgresql-\(majorVersion)",
                at: searchRoot)
        }
        guard let newest = all.first else {
            throw EndorseError(.unavailable,
                "no PostgreSQL server binaries found in \(searchRoot)/*/bin; install them with: apt-get install postgresql (or point DATABASE_URL at a running server)",
                at: searchRoot)
        }
        return newest
    }
}
