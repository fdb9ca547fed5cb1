import EndorseCore
import Foundation

/// A server address and login, parsed from a libpq-style URL:
/// `postgres://user:pass@host:port/db`, `postgresql://...`, and unix sockets as
/// `postgresql:///db?host=/socket/dir&port=5432&user=name` (a host starting with `/` is a
/// socket folder). `sslmode=disable|prefer|require|verify-ca|verify-full` as in libpq:
/// prefer/require encrypt without checking the certificate; verify-ca checks that it chains to a
/// trusted root (`sslrootcert=FILE`, else the system's roots); verify-full also checks the host
/// name.
public struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    public enum TLSMode: String, Hashable, Sendable {
        case disable, prefer, require, verifyCA = "verify-ca", verifyFull = "verify-full"
    }

    /// A host name or address, or nil for a unix socket.
    public var host: String?
    /// The socket folder for a unix socket.
    public var socketDirectory: String?
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// PEM file of the trusted root certificates (`sslrootcert`); nil: the system's.
    public var rootCertificates: String?

    public init(host: String?, socketDirectory: String?, port: Int = 5432, user: String,
                password: String? = nil, database: String, tls: TLSMode = .prefer,
                rootCertificates: String? = nil) {
        self.host = host
        self.socketDirectory = socketDirectory
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.rootCertificates = rootCertificates
    }

    /// The managed cluster's endpoint for `database`.
    public init(layout: ClusterLayout, database: String = LocalCluster.databaseName) {
        self.init(host: nil, socketDirectory: layout.socketDirectory, port: layout.port,
                  user: layout.role, database: database, tls: .disable)
    }

    /// Parses a URL. - Throws: `EndorseError(.usage)` naming what is wrong.
    public init(url: String) throws {
        func bad(_ why: String) -> EndorseError {
            EndorseError(.usage, "bad database URL: \(why)", at: Endpoint.redacted(url))
        }
        guard let comps = URLComponents(string: url) else { throw bad("not a URL") }
        guard let scheme = comps.scheme, scheme == "postgres" || scheme == "postgresql" else {
            throw bad("the scheme must be postgres:// or postgresql://")
        }
        var query: [String: String] = [:]
        for item in comps.queryItems ?? [] { query[item.name] = item.value ?? "" }

        var host = comps.percentEncodedHost.flatMap { $0.removingPercentEncoding }
        if host == "" { host = nil }
        if let h = query["host"], !h.isEmpty { host = h }
        var port = comps.port ?? 5432
        if let p = query["port"] {
            guard let v = Int(p), (1...65535).contains(v) else { throw bad("port \(p)") }
            port = v
        }
        let user = query["user"] ?? comps.user.flatMap { $0.isEmpty ? nil : $0 } ?? Endpoint.loginName()
        let password = query["password"] ?? comps.password
        var database = comps.path
        if database.hasPrefix("/") { database.removeFirst() }
        database = query["dbname"] ?? (database.isEmpty ? user : database)
        let tls: TLSMode
        switch query["sslmode"] ?? "prefer" {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer
        case "require": tls = .require
        case "verify-ca": tls = .verifyCA
        case "verify-full": tls = .verifyFull
        case let other: throw bad("sslmode \(other)")
        }
        if let h = host, h.hasPrefix("/") {
            self.init(host: nil, socketDirectory: h, port: port, user: user, password: password,
                      database: database, tls: .disable)
        } else {
            self.init(host: host ?? "localhost", socketDirectory: nil, port: port, user: user,
                      password: password, database: database, tls: tls,
                      rootCertificates: query["sslrootcert"].flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// The unix socket's path, `<dir>/.s.PGSQL.<port>`.
    public var socketPath: String? { socketDirectory.map { $0 + "/.s.PGSQL.\(port)" } }

    /// The same server, another database.
    public func with(database: String) -> Endpoint {
        var e = self
        e.database = database
        return e
    }

    /// A URL for this endpoint, password left out (safe to print).
    public var description: String {
        if let socketDirectory {
            return "postgresql:///\(URLText.encode(database))?host=\(URLText.encode(socketDirectory))&port=\(port)&user=\(URLText.encode(user))"
        }
        return "postgresql://\(URLText.encode(user))@\(host ?? "localhost"):\(port)/\(URLText.encode(database))"
    }

    /// `url` with any password replaced by `***`.
    public static func redacted(_ url: String) -> String {
        guard var comps = URLComponents(string: url) else { return "<database url>" }
        if comps.password != nil { comps.password = "***" }
        if let items = comps.queryItems, items.contains(where: { $0.name == "password" }) {
            comps.queryItems = items.map { $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0 }
        }
        return comps.string ?? "<database url>"
    }

    static func loginName() -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "postgres"
    }
}
