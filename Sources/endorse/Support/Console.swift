import EndorseCore
import Foundation

/// Output helpers: results on stdout, errors and progress on stderr (cli.md).
enum Console {
    /// Writes a line to stderr.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Prints a refused operation as formats.md says and exits with its code.
    static func fail(_ error: EndorseError) -> Never {
        for line in error.details { Console.error(line) }
        Console.error("error: \(error.description)")
        Foundation.exit(error.exitCode)
    }

    /// Writes text to stdout as is.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes canonical JSON plus a newline to stdout.
    static func json(_ value: JSONValue) {
        var bytes = value.canonicalBytes
        bytes.append(0x0A)
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Whether progress may be shown: only when stderr is a terminal.
    static var showsProgress: Bool { isatty(FileHandle.standardError.fileDescriptor) == 1 }
}
