import Foundation
import Testing

/// Issue 11: each command's `--help` lists only the options it acts on, and an option that
/// would change nothing is a usage error (exit 64) instead of being silently ignored.
@Suite struct CommandOptionsTests {
    static let block = "kind: content_block\nname: footer\ncontent: <p>hi</p>\n"
    static let connection = ["--endpoint", "--api-key-env", "--verbose"]
    static let project = ["--directory", "--workspace", "--no-color"]

    func help(_ command: [String]) async throws -> String {
        let result = try await CLIRunner.runAsync(command + ["--help"])
        #expect(result.status == 0, "\(result.transcript)")
        return result.stdout
    }

    @Test func sandboxResetListsNoConnectionOptions() async throws {
        let text = try await help(["sandbox", "reset"])
        for option in Self.project { #expect(text.contains(option), "sandbox reset --help lacks \(option)") }
        for option in Self.connection { #expect(!text.contains(option), "sandbox reset --help lists \(option), which it ignores") }
        #expect(!text.contains("-v,"))
    }

    /// SPEC §3's global options on the commands that send nothing: each does something offline.
    @Test(arguments: [["validate"], ["graph"]])
    func offlineCommandsSayWhatTheConnectionOptionsDoThere(command: [String]) async throws {
        let text = try await help(command)
        for option in Self.project + Self.connection { #expect(text.contains(option), "\(command) --help lacks \(option)") }
        #expect(text.contains("Nothing is sent"), "\(text)")
        #expect(text.contains("List every manifest file read"), "\(text)")
        #expect(!text.contains("Log every request to Braze"), "\(command) logs no request: \(text)")
    }

    @Test func sandboxServeListsItsOwnRequestLogButNoEndpoint() async throws {
        let text = try await help(["sandbox", "serve"])
        #expect(text.contains("--verbose"))
        #expect(text.contains("every request served"))
        #expect(!text.contains("--endpoint"))
        #expect(!text.contains("--api-key-env"))
    }

    @Test(arguments: [["plan"], ["apply"], ["export"], ["init"]])
    func commandsThatTalkToBrazeListEveryOption(command: [String]) async throws {
        let text = try await help(command)
        for option in Self.project + Self.connection { #expect(text.contains(option), "\(command) --help lacks \(option)") }
    }

    @Test func anOptionACommandDoesNotTakeIsAUsageError() async throws {
        let project = try TempProject(files: ["m/a.yaml": Self.block])
        defer { project.remove() }
        // (validate and graph take the connection options and act on them offline: ValidateCommandTests.)
        for arguments in [["sandbox", "reset", "-C", project.path, "--endpoint", "http://127.0.0.1:1"],
                          ["sandbox", "reset", "-C", project.path, "-v"],
                          ["-v", "sandbox", "reset", "-C", project.path],
                          ["sandbox", "serve", "-C", project.path, "--api-key-env", "K"],
                          ["show", "plan.json", "--endpoint", "http://127.0.0.1:1"]] {
            let result = try await CLIRunner.runAsync(arguments)
            #expect(result.status == 64, "\(arguments): \(result.transcript)")
            #expect(result.stderr.contains("Unknown option"), "\(arguments): \(result.stderr)")
        }
    }

    @Test(arguments: [["plan"], ["apply", "--auto-approve"], ["export"]])
    func apiKeyEnvWithoutEndpointIsRefusedNotIgnored(command: [String]) async throws {
        let project = try TempProject(files: ["m/a.yaml": Self.block])
        defer { project.remove() }
        let result = try await CLIRunner.runAsync(command + ["-C", project.path, "--api-key-env", "MY_KEY"])
        #expect(result.status == 64, "\(result.transcript)")
        #expect(result.stderr.contains("--api-key-env MY_KEY goes with --endpoint URL"), "\(result.stderr)")
        #expect(!project.exists(".brazeform/sandbox/ws.json"), "nothing was planned or applied")
        #expect(!project.exists("braze"), "nothing was exported")
    }

    @Test(arguments: [["-w", "staging"], ["--api-key-env", "K"], ["-v"], ["--kind", "catalog"]])
    func initWithoutFromExistingRefusesWhatOnlyAnExportUses(extra: [String]) async throws {
        let dir = temporaryFolder("init-options")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await CLIRunner.runAsync(["init", "-C", dir.path] + extra)
        #expect(result.status == 64, "\(extra): \(result.transcript)")
        #expect(result.stderr.contains("with --from-existing"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("brazeform.yaml").path), "nothing was written")
    }

    @Test func optionsBeforeTheCommandStillWork() async throws {
        let project = try TempProject(files: ["m/a.yaml": Self.block])
        defer { project.remove() }
        let validate = try await CLIRunner.runAsync(["-C", project.path, "--no-color", "validate"])
        #expect(validate.status == 0, "\(validate.transcript)")
        let plan = try await CLIRunner.runAsync(["-C", project.path, "-w", "ws", "-v", "plan", "--detailed-exitcode"])
        #expect(plan.status == 2, "\(plan.transcript)")
        let reset = try await CLIRunner.runAsync(["--directory", project.path, "sandbox", "reset"])
        #expect(reset.status == 0, "\(reset.transcript)")
    }
}
