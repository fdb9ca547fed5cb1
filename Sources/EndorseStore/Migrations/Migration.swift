import Crypto
import EndorseCore

/// One schema migration: `sql/NNN_name.sql`, applied once, in order, in one transaction.
public struct Migration: Hashable, Sendable {
    /// NNN, from 1.
    public let version: Int
    /// The file name's part after `NNN_`, without `.sql`.
    public let name: String
    /// The file's exact text.
    public let sql: String
}

extension Migration {
    /// Parses `NNN_name.sql`; nil when the name does not follow that pattern.
    public init?(fileName: String, sql: String) {
        let parts = fileName.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 3, let v = Int(parts[0]), v >= 1,
              parts[1].hasSuffix(".sql") else { return nil }
        self.init(version: v, name: String(parts[1].dropLast(4)), sql: sql)
    }

    /// The file name, `NNN_name.sql`.
    public var fileName: String {
        let v = String(version)
        return String(repeating: "0", count: max(0, 3 - v.count)) + v + "_" + name + ".sql"
    }

    /// SHA-256 of the file's exact bytes, recorded with the migration.
    public var sha256: [UInt8] { Array(SHA256.hash(data: Array(sql.utf8))) }

    /// The statements to run, one at a time.
    public var statements: [String] { SQLScript.statements(sql) }
}

/// The migrations shipped with this binary: the files of `sql/`, embedded at build time by the
/// EmbedFiles plugin (`EmbeddedSQL`).
public enum Migrations {
    /// Every migration, in version order.
    public static let all: [Migration] = EmbeddedSQL.files.compactMap { Migration(fileName: $0.name, sql: $0.text) }
        .sorted { $0.version < $1.version }
}
