import EndorseCore
import Foundation
import Testing

/// The offline commands as a user runs them: output, exit codes and error lines (formats.md).
@Suite struct OfflineCommandTests {
    @Test func cycleCheckPrintsTheSummary() throws {
        let r = try CLIRunner.run(["cycle", "check", "config/sample-2026.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("sample-2026"))
        #expect(r.stdout.contains("district-20"))
        #expect(r.stdout.contains("full-funding"))
    }

    @Test func cycleCheckReportsEveryProblemAndExitsOne() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let file = dir.appendingPathComponent("bad.yaml")
        let yaml = """
            id: Bad_Id
            name: x
            election_date: 2026-11-03
            coalition: {name: c}
            races:
              - {id: d1, name: D1, seats: 2, method: irv}
            platform:
              - {id: p1, title: P, weight: 0}
            questionnaire:
              - {id: q1, text: Q, kind: yes_no, planks: [{plank: p1, favors: "yes"}]}
            """
        try Data(yaml.utf8).write(to: file)
        let r = try CLIRunner.run(["cycle", "check", file.path])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("error: ") && $0.contains(":1: id)") })
        #expect(lines.contains { $0.contains("races[0].method)") })
        #expect(lines.contains { $0.contains("platform[0].weight)") })
        #expect(lines.last == "error: 3 problems in \(file.path), nothing loaded")
        #expect(r.stdout.isEmpty)
    }

    @Test func usageErrorsExitTwo() throws {
        let r = try CLIRunner.run(["cycle", "check"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("Missing expected argument"))
        let unknown = try CLIRunner.run(["no-such-command"])
        #expect(unknown.status == 2)
    }

    @Test func missingFileIsRefusedWithItsName() throws {
        let r = try CLIRunner.run(["cycle", "check", "no/such.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: "))
        #expect(r.stderr.contains("no/such.yaml"))
    }

    @Test func helpWorksEverywhere() throws {
        #expect(try CLIRunner.run(["help"]).status == 0)
        let sub = try CLIRunner.run(["help", "cycle"])
        #expect(sub.status == 0)
        #expect(sub.stdout.contains("check"))
        #expect(try CLIRunner.run(["cycle", "check", "--help"]).status == 0)
    }

    @Test func generatedKeySignsWhatSignifyVerifies() throws {
        let dir = try CLIRunner.temporaryDirectory()
        let r = try CLIRunner.run(["key", "generate", "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let sec = dir.appendingPathComponent("coalition.sec").path
        let attributes = try FileManager.default.attributesOfItem(atPath: sec)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("coalition.pub").path))
        let keys = try [sec, dir.appendingPathComponent("coalition.pub").path].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        let again = try CLIRunner.run(["key", "generate", "--out", dir.path])
        #expect(again.status == 1, "an existing key must not be overwritten")
        #expect(again.stderr.contains("--force"), "\(again.stderr)")
        // Nothing changed: both files keep their bytes.
        #expect(try [sec, dir.appendingPathComponent("coalition.pub").path].map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == keys)
        #expect(try CLIRunner.run(["key", "generate", "--out", dir.path, "--force"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: sec)) != keys[0])
    }
}
