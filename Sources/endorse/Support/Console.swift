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
        write(Array(text.utf8))
    }

    /// Writes canonical JSON plus a newline to stdout.
    static func json(_ value: JSONValue) {
        var bytes = value.canonicalBytes
        bytes.append(0x0A)
        write(bytes)
    }

    /// Writes bytes already in canonical JSON (e.g. `ScoreReport.canonicalJSONBytes`) plus a
    /// newline to stdout.
    static func jsonBytes(_ canonical: [UInt8]) {
        var bytes = canonical
        bytes.append(0x0A)
        write(bytes)
    }

    /// Writes bytes to stdout. A reader that went away (`endorse audit log | head`) ends the
    /// process quietly, as Unix tools do, instead of trapping inside FileHandle.
    private static func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Foundation.write(1, base + offset, buffer.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { Foundation.exit(errno == EPIPE ? 0 : 1) }
            offset += n
        }
    }

    /// Whether progress may be shown: only when stderr is a terminal.
    static var showsProgress: Bool { isatty(FileHandle.standardError.fileDescriptor) == 1 }
}
