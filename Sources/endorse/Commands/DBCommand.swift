import ArgumentParser
import EndorseCore
import EndorseStore
import Foundation

/// `endorse db start|stop|status|url|migrate`: the managed local PostgreSQL (cli.md, "Database").
struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the database: the managed local PostgreSQL, or the server of DATABASE_URL.",
        discussion: """
            Without --database-url or DATABASE_URL, endorse runs a private PostgreSQL cluster \
            under $ENDORSE_HOME (default ./.endorse), reached over a unix socket only. Other \
            commands start it when needed and leave it running.

            Example:
              endorse db start
              psql "$(endorse db url)"
            """,
        subcommands: [Start.self, Stop.self, Status.self, URLCommand.self, Migrate.self]
    )

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create (first time) and start the managed cluster, and migrate the database.",
            discussion: """
                Idempotent: an already running cluster is fine. With a database URL, checks \
                that the server answers and migrates it.

                Example:
                  endorse db start
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let config = try database.config()
            let endpoint = try await Database.withDatabase(config, logger: database.logger()) { $0.endpoint }
            if output.isJSON {
                Console.json(.object(["running": .bool(true), "url": .string(endpoint.description),
                                      "managed": .bool(config.localCluster != nil)]))
            } else {
                Console.out("running: \(endpoint.description)\n")
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the managed cluster (pg_ctl stop -m fast).",
            discussion: """
                Does nothing when it is not running. Refused when a database URL is configured.

                Example:
                  endorse db stop
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            guard let cluster = try database.config().localCluster else {
                throw EndorseError(.wrongState, "a database URL is configured; endorse only stops its managed cluster",
                                   at: "DATABASE_URL")
            }
            let wasRunning = try cluster.stop()
            if output.isJSON {
                Console.json(.object(["stopped": .bool(wasRunning), "running": .bool(false)]))
            } else {
                Console.out(wasRunning ? "stopped\n" : "not running\n")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show whether the database runs, where it is, its version and databases.",
            discussion: """
                Example:
                  endorse db status --format json
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let config = try database.config()
            let logger = database.logger()
            var fields: [(String, JSONValue)] = []
            if let cluster = config.localCluster {
                let status = try cluster.status()
                fields.append(("managed", .bool(true)))
                fields.append(("initialized", .bool(status.initialized)))
                fields.append(("running", .bool(status.running)))
                fields.append(("data_directory", .string(status.layout.dataDirectory)))
                fields.append(("socket_directory", .string(status.layout.socketDirectory)))
                fields.append(("log_file", .string(status.layout.logFile)))
                fields.append(("os_user", .optional(status.layout.osUser)))
                fields.append(("url", .string(status.layout.url())))
                var version: JSONValue = .string(String(status.layout.majorVersion))
                var databases: JSONValue = .null
                if status.running {
                    let info = try await Database.inspect(Endpoint(layout: status.layout, database: "postgres"),
                                                          config: config, logger: logger)
                    version = .string(info.version)
                    databases = .strings(info.databases)
                }
                fields.append(("version", version))
                fields.append(("databases", databases))
            } else if case .server(let endpoint) = config.target {
                fields.append(("managed", .bool(false)))
                fields.append(("url", .string(endpoint.description)))
                let info = try await Database.inspect(endpoint, config: config, logger: logger)
                fields.append(("running", .bool(true)))
                fields.append(("version", .string(info.version)))
                fields.append(("databases", .strings(info.databases)))
            }
            if output.isJSON {
                Console.json(.object(Dictionary(uniqueKeysWithValues: fields)))
            } else {
                var table = TextTable(["field", "value"])
                for (k, v) in fields {
                    let text: String
                    switch v {
                    case .string(let s): text = s
                    case .bool(let b): text = b ? "yes" : "no"
                    case .array(let a): text = a.compactMap(\.stringValue).joined(separator: ", ")
                    case .null: text = "-"
                    default: text = v.canonicalString
                    }
                    table.append([k, text])
                }
                Console.out(table.render())
            }
        }
    }

    struct URLCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "url",
            abstract: "Print a connection URL for psql and other tools (starts the managed cluster).",
            discussion: """
                For the managed cluster the URL names its unix socket: \
                postgresql:///endorse?host=<socket dir>&port=5432&user=endorse.

                Example:
                  psql "$(endorse db url)" -c 'select count(*) from audit_log'
                """)
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let config = try database.config()
            if let url = database.databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty,
               config.localCluster == nil {
                Console.out(url + "\n")
                return
            }
            let endpoint = try await Database.withDatabase(config, logger: database.logger()) { $0.endpoint }
            Console.out(endpoint.description + "\n")
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending migrations (sql/NNN_name.sql), each once, in order.",
            discussion: """
                Other commands migrate automatically on first use; this shows what was applied.

                Example:
                  endorse db migrate
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let config = try database.config()
            let (applied, all) = try await Database.withDatabase(config, logger: database.logger(), migrate: false) { db in
                try await db.withConnection { conn in
                    let migrator = Migrator()
                    let applied = try await migrator.migrate(on: conn, logger: db.logger)
                    return (applied.map(\.fileName), try await migrator.applied(on: conn, logger: db.logger))
                }
            }
            if output.isJSON {
                Console.json(.object([
                    "applied": .strings(applied),
                    "migrations": .array(all.map { .object(["version": .int($0.version), "name": .string($0.name)]) }),
                ]))
            } else if applied.isEmpty {
                Console.out("up to date (\(all.count) migration\(all.count == 1 ? "" : "s") applied)\n")
            } else {
                for name in applied { Console.out("applied \(name)\n") }
            }
        }
    }
}
