import EndorseCore
import Foundation

/// Runs the server programs. Output goes to a temporary file, never a pipe: a postmaster
/// started by `pg_ctl` would inherit a pipe's write end and keep the reader waiting forever.
enum ProcessRunner {
    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs `program` with `arguments`, as `user` (via `runuser`) when given; stdin is /dev/null.
    static func run(_ program: String, _ arguments: [String], as user: String? = nil) throws -> Result {
        var executable = program
        var args = arguments
        if let user {
            executable = try runuserPath()
            args = ["-u", user, "--", program] + arguments
        }
        let outPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("endorse-\(getpid())-\(UUID().uuidString).out").path
        guard FileManager.default.createFile(atPath: outPath, contents: nil),
              let out = FileHandle(forWritingAtPath: outPath),
              let devNull = FileHandle(forReadingAtPath: "/dev/null") else {
            throw EndorseError(.unavailable, "cannot create a temporary file", at: outPath)
        }
        defer {
            try? out.close()
            try? devNull.close()
            try? FileManager.default.removeItem(atPath: outPath)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        process.standardInput = devNull
        process.standardOutput = out
        process.standardError = out
        // A predictable environment: C messages, no stray PG* variables.
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        env["LC_ALL"] = "C"
        env["LANG"] = "C"
        process.environment = env
        // runuser keeps the working directory, which the account may not be able to enter.
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        do {
            try process.run()
        } catch {
            throw EndorseError(.unavailable, "cannot run \(executable): \(error)", at: executable)
        }
        process.waitUntilExit()
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: text)
    }

    static func runuserPath() throws -> String {
        for p in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
        where FileManager.default.isExecutableFile(atPath: p) {
            return p
        }
        throw EndorseError(.unavailable, "runuser not found; it is needed to run PostgreSQL as an unprivileged account when endorse runs as root")
    }
}

/// An exclusive `flock` on a file, held until `unlock` (or process exit).
struct FileLock {
    let fd: Int32

    /// Blocks until the lock on `path` (created if missing) is ours.
    static func acquire(_ path: String) throws -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw EndorseError(.unavailable, "cannot open lock file: \(String(cString: strerror(errno)))", at: path)
        }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let message = String(cString: strerror(errno))
            close(fd)
            throw EndorseError(.unavailable, "cannot lock: \(message)", at: path)
        }
        return FileLock(fd: fd)
    }

    func unlock() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
