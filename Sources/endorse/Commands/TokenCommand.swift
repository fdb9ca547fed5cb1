import ArgumentParser
import EndorseCore
import EndorseStore
import Foundation

/// `endorse token ...`: bearer tokens of the HTTP service (api.md).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create and revoke API tokens for the HTTP service.",
        discussion: """
            Example:
              endorse token create --role org --org org-ctu --name ctu-delegate
            """,
        subcommands: [TokenCreate.self, TokenRevoke.self]
    )
}

extension TokenRole: ExpressibleByArgument {}

/// `endorse token create --role staff|org [--org O] --name NAME`.
struct TokenCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token and print it once.",
        discussion: """
            The token (32 random bytes, base64url) is printed alone on the last line of stdout \
            and never again: only its SHA-256 is stored. An org token is bound to one existing \
            member org (--org); a staff token takes no --org. Names are unique, \
            [A-Za-z0-9._-]{1,64}, and stay taken after revocation. --format json prints \
            {"name", "role", "org", "token"}.

            Example:
              endorse token create --role staff --name dana.whitfield
            """
    )

    @Option(help: "staff or org.")
    var role: TokenRole

    @Option(help: "The member org an org token acts for.")
    var org: String?

    @Option(help: "A unique name for the token ([A-Za-z0-9._-]{1,64}); staff reviews are recorded under it.")
    var name: String

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() async throws {
        let (name, role, org) = (self.name, self.role, self.org)
        let created = try await store.withStore { s in try await s.tokens.createToken(name: name, role: role, org: org) }
        if output.isJSON {
            Console.json(created.json)
        } else {
            let bound = created.org.map { " for \($0)" } ?? ""
            Console.out("created \(created.role.rawValue) token \(created.name)\(bound); it is shown only now:\n\(created.token)\n")
        }
    }
}

/// `endorse token revoke NAME`.
struct TokenRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a token; it fails from the next request on.",
        discussion: """
            Example:
              endorse token revoke ctu-delegate
            """
    )

    @Argument(help: "The token's name.")
    var name: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let name = self.name
        try await store.withStore { s in try await s.tokens.revokeToken(name: name) }
        Console.out("revoked token \(name)\n")
    }
}
