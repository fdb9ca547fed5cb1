import EndorseCore
import Foundation

/// Reads input files named on the command line.
enum InputFile {
    /// The file's bytes, or `invalid_input` naming the path (missing or unreadable).
    static func read(_ path: String, what: String = "file") throws -> [UInt8] {
        do {
            return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read \(what)" : "no such \(what)"
            throw EndorseError(.invalidInput, reason, at: path)
        }
    }
}
