import Foundation

/// Where a managed cluster lives and how to reach it; recorded in `$ENDORSE_HOME/cluster.json`.
public struct ClusterLayout: Codable, Hashable, Sendable {
    /// PostgreSQL's data directory (`initdb -D`).
    public var dataDirectory: String
    /// The folder holding the unix socket `.s.PGSQL.<port>`.
    public var socketDirectory: String
    /// The server's log file (`pg_ctl -l`).
    public var logFile: String
    /// The port number, which only names the socket file: no TCP.
    public var port: Int
    /// The operating-system account that owns and runs the cluster (nil: the current user).
    public var osUser: String?
    /// The database superuser role the cluster was created with.
    public var role: String
    /// The major version that created the data directory.
    public var majorVersion: Int

    public init(dataDirectory: String, socketDirectory: String, logFile: String, port: Int,
                osUser: String?, role: String, majorVersion: Int) {
        self.dataDirectory = dataDirectory
        self.socketDirectory = socketDirectory
        self.logFile = logFile
        self.port = port
        self.osUser = osUser
        self.role = role
        self.majorVersion = majorVersion
    }

    enum CodingKeys: String, CodingKey {
        case dataDirectory = "data_directory", socketDirectory = "socket_directory"
        case logFile = "log_file", port, osUser = "os_user", role, majorVersion = "major_version"
    }

    /// The socket file's path.
    public var socketPath: String { socketDirectory + "/.s.PGSQL.\(port)" }

    /// A libpq URL for `database` over the socket, accepted by psql and by `DatabaseConfig`:
    /// `postgresql:///endorse?host=<socket dir>&port=5432&user=endorse`.
    public func url(database: String = LocalCluster.databaseName) -> String {
        "postgresql:///\(URLText.encode(database))?host=\(URLText.encode(socketDirectory))&port=\(port)&user=\(URLText.encode(role))"
    }
}

/// Percent-encoding for URL parts: unreserved characters and `/` stay as they are.
enum URLText {
    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            let c = Character(UnicodeScalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || "-._~/".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}
