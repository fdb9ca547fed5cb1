import Foundation
import PackagePlugin

/// Embeds files of the package into a target at build time (`EmbedFilesTool`): EndorseStore gets
/// every `sql/NNN_*.sql` migration (`EmbeddedSQL`), EndorseHTTP gets `openapi.yaml`
/// (`EmbeddedOpenAPI`). The sources stay where people edit them; nothing generated is committed.
@main
struct EmbedFiles: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let inputs: [URL]
        let typeName: String
        switch target.name {
        case "EndorseStore":
            let sql = root.appending(path: "sql")
            inputs = try FileManager.default.contentsOfDirectory(atPath: sql.path)
                .filter { $0.hasSuffix(".sql") }
                .sorted()
                .map { sql.appending(path: $0) }
            typeName = "EmbeddedSQL"
        case "EndorseHTTP":
            inputs = [root.appending(path: "openapi.yaml")]
            typeName = "EmbeddedOpenAPI"
        default:
            return []
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(typeName).swift")
        return [.buildCommand(
            displayName: "Embedding \(inputs.count) file(s) into \(target.name)",
            executable: try context.tool(named: "EmbedFilesTool").url,
            arguments: [output.path, typeName] + inputs.map(\.path),
            inputFiles: inputs,
            outputFiles: [output])]
    }
}
