import Foundation

/// Runs the independent tools the spec names (signify-openbsd, python3 + jsonschema, psql) from tests.
/// A missing tool is a test failure with the command that installs it, never a skip.
public enum ExternalTool {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The absolute path of `name` on PATH (plus the usual system folders), or nil.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/bin"]
        for dir in dirs {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Finds `name` or records a failure saying how to install it.
    public static func require(_ name: String, install: String) throws -> String {
        guard let path = find(name) else {
            throw ToolFailure("\(name) is not installed; install it with: \(install)")
        }
        return path
    }

    public static func run(_ executable: String, _ arguments: [String], cwd: URL? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    /// A fresh temporary folder.
    public static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("endorse-slate-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The package root (for `schema/`).
    public static var packageRoot: URL { URL(fileURLWithPath: TestDatabase.packageRoot) }

    /// `psql`, found on PATH.
    public static func psql() throws -> String {
        try require("psql", install: "apt-get install postgresql-client")
    }
}

/// A required tool is missing or broken: thrown so that the test fails (never skips) with the message.
public struct ToolFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Validates slate bytes against `schema/slate.schema.json` with Python's `jsonschema`.
public enum SchemaCheck {
    static let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("python3 has no jsonschema module; install it with: python3 -m pip install jsonschema")
            sys.exit(3)
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        doc = json.load(open(sys.argv[2]))
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            print("/".join(str(p) for p in e.absolute_path) + ": " + e.message)
        sys.exit(1 if errors else 0)
        """

    /// nil when valid; else the validator's messages. Fails the test if python3 or jsonschema is missing.
    public static func errors(_ bytes: [UInt8]) throws -> String? {
        let python = try ExternalTool.require("python3", install: "apt-get install python3 python3-jsonschema (or pip install jsonschema)")
        let dir = try ExternalTool.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("slate.json")
        try Data(bytes).write(to: file)
        let schema = ExternalTool.packageRoot.appendingPathComponent("schema/slate.schema.json").path
        let r = try ExternalTool.run(python, ["-c", script, schema, file.path])
        if r.status == 3 || r.status > 1 {
            throw ToolFailure("schema validation could not run: \(r.stdout)\(r.stderr)")
        }
        return r.status == 0 ? nil : r.stdout + r.stderr
    }
}
