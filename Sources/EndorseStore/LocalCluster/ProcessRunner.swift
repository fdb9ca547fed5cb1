import EndorseCore
import Foundation

/// Runs the server programs. Output goes to a temporary file, never a pipe: a postmaster
/// started by `pg_ctl` would inherit a pipe's write end and keep the reader waiting forever.
enum ProcessRunner {
    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs `program` with `arguments`, as `user` (via `runuser`) when given; stdin is /dev/null,
    /// the working directory `/` (the account may not be able to enter ours).
    ///
    /// Uses posix_spawn and waitpid rather than Foundation.Process, whose exit detection was
    /// seen to hang when several processes run at once from different threads.
    static func run(_ program: String, _ arguments: [String], as user: String? = nil) throws -> Result {
        var executable = program
        var args = arguments
        if let user {
            executable = try runuserPath()
            args = ["-u", user, "--", program] + arguments
        }
        let outPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("endorse-\(getpid())-\(UUID().uuidString).out").path
        defer { unlink(outPath) }

        // A predictable environment: C messages, no stray PG* variables.
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        env["LC_ALL"] = "C"
        env["LANG"] = "C"
        // Through sh to start in `/` (posix_spawn_file_actions_addchdir_np is not imported).
        let argv = (["/bin/sh", "-c", "cd / && exec \"$@\"", "sh", executable] + args).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInheritedDescriptors(&actions)

        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
        guard rc == 0 else {
            throw EndorseError(.unavailable, "cannot run \(executable): \(String(cString: strerror(rc)))", at: executable)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR {
                throw EndorseError(.unavailable, "cannot wait for \(executable): \(String(cString: strerror(errno)))", at: executable)
            }
        }
        // WIFEXITED / WEXITSTATUS by hand (macros are not imported).
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        return Result(status: exitStatus, output: text)
    }

    /// Keeps every descriptor above 2 out of the child. A postmaster started by pg_ctl would
    /// otherwise keep whatever it inherits open for its whole life: a caller's pipe (its reader
    /// never sees EOF) or Foundation.Process's exit-detection socket (waitUntilExit hangs).
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        // glibc >= 2.34; looked up at run time since the Glibc module does not import it.
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
            if addCloseFrom(&actions, 3) == 0 { return }
        }
        // Fallback: mark our open descriptors close-on-exec.
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in fds.compactMap({ Int32($0) }) where fd > 2 {
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
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
