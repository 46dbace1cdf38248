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
    func everyExampleValidatesForEveryWorkspace(example: String) async throws {
        let dir = CLIRunner.packageRoot.appendingPathComponent("examples").appendingPathComponent(example)
        let result = try await CLIRunner.runAsync(["validate", "-C", dir.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("0 errors"))
        #expect(!result.output.contains("warning:"), "examples are warning-free: \(result.output)")
    }

    /// `brazeform -C DIR validate`, as git and terraform users write it, is `brazeform validate -C DIR`.
    @Test func globalOptionsWorkBeforeTheCommand() async throws {
        let dir = CLIRunner.packageRoot.appendingPathComponent("examples/newsletter").path
        let before = try await CLIRunner.runAsync(["-C", dir, "--no-color", "validate"])
        let after = try await CLIRunner.runAsync(["validate", "-C", dir, "--no-color"])
        #expect(before.status == 0, "\(before.output)")
        #expect(before.stdout == after.stdout && before.stderr == after.stderr)
        let unknown = try await CLIRunner.runAsync(["--directory=\(dir)", "-w", "nope", "validate"])
        #expect(unknown.status == 3, "\(unknown.output)")
        #expect(unknown.stderr.contains("no workspace named 'nope'"), "\(unknown.output)")
    }

    /// SPEC §3's global options are accepted by validate and graph, which send nothing: the
    /// endpoint is checked as plan checks it, a key variable not set is a warning, -v is accepted.
    @Test func validateAndGraphTakePlansConnectionOptionsAndCheckThemOffline() async throws {
        let dir = CLIRunner.packageRoot.appendingPathComponent("examples/newsletter").path
        for command in ["validate", "graph"] {
            let good = try await CLIRunner.runAsync([command, "-C", dir, "--endpoint", "https://rest.iad-01.braze.com", "--api-key-env", "BRAZEFORM_TEST_UNSET_KEY", "-v"])
            #expect(good.status == 0, "\(command): \(good.output)")
            #expect(good.stderr.contains("warning: BRAZEFORM_TEST_UNSET_KEY is not set"), "\(command): \(good.output)")

            let keySet = try await CLIRunner.runAsync([command, "-C", dir, "--endpoint", "https://rest.iad-01.braze.com"], environment: ["BRAZE_API_KEY": "k"])
            #expect(keySet.status == 0 && !keySet.stderr.contains("warning"), "\(command): \(keySet.output)")

            let badPort = try await CLIRunner.runAsync([command, "-C", dir, "--endpoint", "http://127.0.0.1:99999"])
            #expect(badPort.status == 3, "\(command): \(badPort.output)")
            #expect(badPort.stderr.contains("--endpoint"), "\(command): \(badPort.output)")

            let plain = try await CLIRunner.runAsync([command, "-C", dir, "--endpoint", "http://rest.iad-01.braze.com"])
            #expect(plain.status == 3, "\(command): plain http to a remote host: \(plain.output)")

            let keyAlone = try await CLIRunner.runAsync([command, "-C", dir, "--api-key-env", "X"])
            #expect(keyAlone.status == 64, "\(command): --api-key-env without --endpoint: \(keyAlone.output)")
        }
        let before = try await CLIRunner.runAsync(["--endpoint", "https://rest.iad-01.braze.com", "-v", "validate", "-C", dir], environment: ["BRAZE_API_KEY": "k"])
        #expect(before.status == 0, "\(before.output)")
    }

    @Test func brokenProjectExitsThreeWithPositionedErrors() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("m"), withIntermediateDirectories: true)
        try "version: 1\nmanifests: [m]\nworkspaces: {s: {sandbox: true}}\n".write(to: dir.appendingPathComponent("brazeform.yaml"), atomically: true, encoding: .utf8)
        try "kind: content_block\nname: footer\ncontnt: x\n---\nkind: content_block\nname: b\ncontent: [\n".write(to: dir.appendingPathComponent("m/a.yaml"), atomically: true, encoding: .utf8)
        let result = try await CLIRunner.runAsync(["validate"], in: dir)
        #expect(result.status == 3)
        // Diagnostics on standard error, the summary line on standard output.
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "m/a.yaml:8:1: error: a value is missing here: a list in brackets or a mapping in braces opened above is still open (close it with ']' or '}') (YAML: while parsing a flow node, did not find expected node content)")
        #expect(result.stdout == "validate: 1 error, 0 warnings; nothing was sent to Braze\n")

        let github = try await CLIRunner.runAsync(["validate", "--format", "github"], in: dir)
        #expect(github.status == 3)
        #expect(github.stdout.split(separator: "\n").first == "::error file=m/a.yaml,line=8,col=1::a value is missing here: a list in brackets or a mapping in braces opened above is still open (close it with ']' or '}') (YAML: while parsing a flow node, did not find expected node content)")

        let json = try await CLIRunner.runAsync(["validate", "--format", "json"], in: dir)
        #expect(json.status == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        #expect(object["errors"] as? Int == 1)
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["file"] as? String == "m/a.yaml")
        #expect(first["line"] as? Int == 8)
        #expect(first["column"] as? Int == 1)
        #expect(json.stderr.isEmpty, "\(json.stderr)")
    }

    @Test func missingProjectFileExitsThree() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLIRunner.runAsync(["validate", "-C", dir.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("no brazeform.yaml in"))
    }

    @Test func helpListsTheProjectOptionsAndWhatTheConnectionOptionsDoOffline() async throws {
        let result = try await CLIRunner.runAsync(["validate", "--help"])
        #expect(result.status == 0)
        for option in ["--directory", "--workspace", "--no-color", "--format", "--endpoint", "--api-key-env", "--verbose"] {
            #expect(result.output.contains(option), "missing \(option)")
        }
    }

    /// -v on validate: each manifest file read and what it declares.
    @Test func verboseListsTheManifestFilesRead() async throws {
        let dir = CLIRunner.packageRoot.appendingPathComponent("examples/newsletter").path
        let result = try await CLIRunner.runAsync(["validate", "-C", dir, "-v"])
        #expect(result.status == 0, "\(result.output)")
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("brazeform: read ") }
        #expect(!lines.isEmpty, "\(result.output)")
        #expect(lines.contains { $0.contains("content_block.") && $0.contains("(line ") }, "\(lines)")
        let quiet = try await CLIRunner.runAsync(["validate", "-C", dir])
        #expect(!quiet.stderr.contains("brazeform: read "), "\(quiet.output)")
    }
}

@Suite struct VersionAndCompletionTests {
    @Test func versionIsAnOptionAndACommand() async throws {
        let option = try await CLIRunner.runAsync(["--version"])
        #expect(option.status == 0, "\(option.output)")
        let command = try await CLIRunner.runAsync(["version"])
        #expect(command.status == 0, "\(command.output)")
        #expect(option.stdout == command.stdout)
        #expect(option.stdout.split(separator: ".").count == 3)
    }

    @Test func completionScriptsAreDocumentedAndWork() async throws {
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("brazeform --generate-completion-script zsh"))
        let zsh = try await CLIRunner.runAsync(["--generate-completion-script", "zsh"])
        #expect(zsh.status == 0)
        #expect(zsh.stdout.contains("#compdef brazeform"))
    }

    @Test func usageErrorsExit64AndTheREADMEListsIt() async throws {
        let result = try await CLIRunner.runAsync(["plan", "--no-such-option"])
        #expect(result.status == 64)
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("| 64 |"))
    }
}

/// `validate` run from a folder that was deleted says so and stops (it used to spin forever).
@Suite struct DeletedFolderTests {
    @Test(.timeLimit(.minutes(1)))
    func validateInADeletedFolderSaysSoAndExitsThree() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-gone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The shell enters the folder, deletes it, then runs validate from inside it.
        process.arguments = ["-c", "cd \"$1\" && rmdir \"$1\" && exec \"$2\" validate", "sh", folder.path, CLIRunner.executable.path]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 3, "\(text)")
        #expect(text.contains("the current folder no longer exists"), "\(text)")
    }
}
