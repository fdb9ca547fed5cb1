import Foundation
import EndorseTestSupport

/// Validates slate bytes against `schema/slate.schema.json` with Python's `jsonschema` (the same
/// independent check as EndorseCoreTests' SchemaCheck). A missing python3/jsonschema fails.
enum StoreSchemaCheck {
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

    /// nil when valid; else the validator's messages.
    static func errors(_ bytes: [UInt8]) throws -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin"]
        guard let python = dirs.map({ $0 + "/python3" }).first(where: FileManager.default.isExecutableFile) else {
            throw FixtureError("python3 is not installed; install it with: apt-get install python3 python3-jsonschema")
        }
        let dir = NSTemporaryDirectory() + "endorse-schema-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/slate.json"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let schema = TestDatabase.packageRoot + "/schema/slate.schema.json"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", script, schema, file]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if p.terminationStatus > 1 { throw FixtureError("schema validation could not run: \(text)") }
        return p.terminationStatus == 0 ? nil : text
    }
}
