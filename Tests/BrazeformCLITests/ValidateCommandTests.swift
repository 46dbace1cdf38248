import Foundation
import Testing

@Suite struct ValidateCommandTests {
    static var examples: [String] {
        let dir = CLIRunner.packageRoot.appendingPathComponent("examples")
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: dir.appendingPathComponent($0).appendingPathComponent("brazeform.yaml").path) }.sorted()
    }

    @Test func thereAreExamples() {
        #expect(Self.examples.contains("newsletter"))
    }

    @Test(arguments: ValidateCommandTests.examples)
    func everyExampleValidatesForEveryWorkspace(example: String) throws {
        let dir = CLIRunner.packageRoot.appendingPathComponent("examples").appendingPathComponent(example)
        let result = try CLIRunner.run(["validate", "-C", dir.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("0 errors"))
        #expect(!result.stdout.contains("warning:"), "examples are warning-free: \(result.stdout)")
    }

    @Test func brokenProjectExitsThreeWithPositionedErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("m"), withIntermediateDirectories: true)
        try "version: 1\nmanifests: [m]\nworkspaces: {s: {sandbox: true}}\n".write(to: dir.appendingPathComponent("brazeform.yaml"), atomically: true, encoding: .utf8)
        try "kind: content_block\nname: footer\ncontnt: x\n---\nkind: content_block\nname: b\ncontent: [\n".write(to: dir.appendingPathComponent("m/a.yaml"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["validate"], in: dir)
        #expect(result.status == 3)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "m/a.yaml:8:1: error: while parsing a flow node, did not find expected node content")
        #expect(lines.last == "validate: 1 error, 0 warnings; nothing was sent to Braze")
    }

    @Test func missingProjectFileExitsThree() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLIRunner.run(["validate", "-C", dir.path])
        #expect(result.status == 3)
        #expect(result.stdout.contains("no brazeform.yaml in"))
    }

    @Test func helpListsTheGlobalOptions() throws {
        let result = try CLIRunner.run(["validate", "--help"])
        #expect(result.status == 0)
        for option in ["--directory", "--workspace", "--endpoint", "--api-key-env", "--no-color", "--verbose"] {
            #expect(result.output.contains(option), "missing \(option)")
        }
    }
}
