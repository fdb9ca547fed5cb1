import Foundation

// Writes a Swift file that carries the exact text of other files of the package, for the
// EmbedFiles build-tool plugin: the binary embeds `sql/*.sql` and `openapi.yaml` at build time,
// so nothing generated is committed and the copies cannot drift from their sources.
//
//   EmbedFilesTool OUTPUT.swift TYPE_NAME FILE...
//
// emits `enum TYPE_NAME { static let files: [(name: String, text: String)] }`, one entry per
// FILE (its last path component and its bytes as UTF-8 text), in the order given.

/// `text` as a Swift string literal: every byte kept (escapes for quotes, backslashes and
/// control characters), on one line so the literal's content is exact, whatever the line endings.
func literal(_ text: String) -> String {
    var out = "\""
    out.reserveCapacity(text.utf8.count + 64)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

let args = CommandLine.arguments
guard args.count >= 3 else {
    FileHandle.standardError.write(Data("usage: EmbedFilesTool OUTPUT.swift TYPE_NAME FILE...\n".utf8))
    exit(2)
}
let output = URL(fileURLWithPath: args[1])
let typeName = args[2]
var swift = "// Generated at build time by the EmbedFiles plugin; not in the repository.\n\n"
swift += "enum \(typeName) {\n    static let files: [(name: String, text: String)] = [\n"
for path in args.dropFirst(3) {
    let url = URL(fileURLWithPath: path)
    guard let data = FileManager.default.contents(atPath: url.path),
          let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("EmbedFilesTool: cannot read \(path) as UTF-8\n".utf8))
        exit(1)
    }
    swift += "        (name: \(literal(url.lastPathComponent)), text: \(literal(text))),\n"
}
swift += "    ]\n}\n"
do {
    // Rewrite only on change, so dependent targets are not rebuilt for nothing.
    if FileManager.default.contents(atPath: output.path) != Data(swift.utf8) {
        try Data(swift.utf8).write(to: output, options: .atomic)
    }
} catch {
    FileHandle.standardError.write(Data("EmbedFilesTool: cannot write \(output.path): \(error)\n".utf8))
    exit(1)
}
