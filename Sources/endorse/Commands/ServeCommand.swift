import ArgumentParser
import EndorseCore
import EndorseHTTP
import EndorseStore
import Foundation

/// `endorse serve`: the HTTP service of api.md.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service: member orgs vote, staff score, the public reads the slate.",
        discussion: """
            Serves the routes of the API (OpenAPI document at /openapi.yaml) until SIGTERM or \
            SIGINT, then finishes in-flight requests and closes the database pool. Pool size and \
            database timeout come from ENDORSE_DB_POOL and ENDORSE_DB_TIMEOUT; while PostgreSQL \
            is down, routes that need it answer 503 and the service recovers by itself.

            Example:
              endorse token create --name ctu --role org --org org-ctu
              endorse serve --port 8080
              curl -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                -d '{"ranking": ["c-ana-ruiz"]}' http://127.0.0.1:8080/v1/cycles/sample-2026/races/district-1/ballot
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Address to listen on (default: $ENDORSE_HOST, else 127.0.0.1).", valueName: "host"))
    var host: String?

    @Option(help: ArgumentHelp("Port to listen on (default: $ENDORSE_PORT, else 8080).", valueName: "port"))
    var port: Int?

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let host = host ?? env["ENDORSE_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        var resolvedPort = 8080
        if let port {
            resolvedPort = port
        } else if let text = env["ENDORSE_PORT"], !text.isEmpty {
            guard let p = Int(text) else {
                throw EndorseError(.usage, "ENDORSE_PORT must be a port number, not \(text)", at: "ENDORSE_PORT")
            }
            resolvedPort = p
        }
        guard (0...65535).contains(resolvedPort) else {
            throw EndorseError(.usage, "the port must be 0 to 65535, not \(resolvedPort)", at: "--port")
        }
        let logger = store.database.logger(label: "endorse.serve")
        try await EndorseService.serve(config: try store.database.config(), host: host, port: resolvedPort,
                                       actor: store.resolvedActor, logger: logger)
    }
}
