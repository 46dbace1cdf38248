import Foundation
import Testing

/// Issue 13: a sandbox as strict as Braze (tags must exist), one writer per
/// sandbox, and the README's "rehearse a failing deploy" run as written.
@Suite struct SandboxStrictnessEndToEndTests {
    func run(_ arguments: [String], _ project: TempProject, environment: [String: String] = [:]) async throws -> CLIRunner.Result {
        try await CLIRunner.runAsync(arguments + ["-C", project.path], environment: environment)
    }

    static func block(tag: String) -> [String: String] {
        ["m/b.yaml": "kind: content_block\nname: promo\ncontent: \"<p>Hi</p>\"\ntags: [\(tag)]\n"]
    }

    @Test func aTagTypoFailsOnTheSandboxAsOnBraze() async throws {
        let workspaces = "  ws:\n    sandbox: true\n    sandbox_tags: [onboarding, promos]\n"
        let typo = try TempProject(files: Self.block(tag: "onbaording"), workspaces: workspaces)
        defer { typo.remove() }
        let failed = try await run(["apply", "--auto-approve"], typo)
        #expect(failed.status == 1, "\(failed.transcript)")
        #expect(failed.stderr.contains("Some tags could not be found"), "\(failed.transcript)")

        let fixed = try TempProject(files: Self.block(tag: "onboarding"), workspaces: workspaces)
        defer { fixed.remove() }
        let applied = try await run(["apply", "--auto-approve"], fixed)
        #expect(applied.status == 0, "\(applied.transcript)")
    }

    @Test func anEmbeddedRunOnAServedWorkspaceRefusesNamingTheServer() async throws {
        let project = try TempProject(files: Self.block(tag: "promos"), workspaces: "  ws:\n    sandbox: true\n    sandbox_tags: [promos]\n")
        defer { project.remove() }
        let server = Process()
        server.executableURL = CLIRunner.executable
        server.arguments = ["sandbox", "serve", "--port", "0", "-C", project.path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let lock = project.url.appendingPathComponent(".brazeform/sandbox/ws.json.lock")
        for _ in 0..<300 where !((try? String(contentsOf: lock, encoding: .utf8)) ?? "").contains("http://") {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        let refused = try await run(["apply", "--auto-approve"], project, environment: ["BRAZEFORM_SANDBOX_LOCK_WAIT": "0.2"])
        #expect(refused.status == 1, "\(refused.transcript)")
        #expect(refused.stderr.contains("brazeform sandbox serve on http://127.0.0.1:"), "\(refused.transcript)")
        #expect(refused.stderr.contains("being served"), "\(refused.transcript)")
        #expect(!refused.stdout.contains("Apply complete"))
    }

    @Test func twoConcurrentAppliesLoseNothing() async throws {
        // Two projects whose `.brazeform` is one folder share one sandbox state file: one
        // declares block a, the other block b. Without a lock, the apply that saved last
        // wrote its own copy over the other's block.
        let one = try TempProject(files: ["m/a.yaml": "kind: content_block\nname: a\ncontent: A\ntags: []\n"])
        let two = try TempProject(files: ["m/b.yaml": "kind: content_block\nname: b\ncontent: B\ntags: []\n"])
        defer { one.remove(); two.remove() }
        try FileManager.default.createDirectory(at: one.url.appendingPathComponent(".brazeform/sandbox"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: two.url.appendingPathComponent(".brazeform"), withDestinationURL: one.url.appendingPathComponent(".brazeform"))
        let wait = ["BRAZEFORM_SANDBOX_LOCK_WAIT": "60"]
        async let first = run(["apply", "--auto-approve"], one, environment: wait)
        async let second = run(["apply", "--auto-approve"], two, environment: wait)
        let results = try await [first, second]
        for result in results { #expect(result.status == 0, "\(result.transcript)") }
        let state = try readJSON(one.url.appendingPathComponent(".brazeform/sandbox/ws.json"))
        let names = ((state["contentBlocks"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        #expect(names.sorted() == ["a", "b"], "both applies' blocks are kept")
    }

    /// The README block between `<!-- rehearse-a-failing-deploy -->` markers.
    static func rehearsalScript() throws -> String {
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- rehearse-a-failing-deploy -->\n```bash\n"))
        let end = try #require(readme.range(of: "```\n<!-- /rehearse-a-failing-deploy -->", range: start.upperBound..<readme.endIndex))
        return String(readme[start.upperBound..<end.lowerBound])
    }

    @Test(.timeLimit(.minutes(2))) func theReadmesFailingDeployRehearsalRunsAsWritten() async throws {
        let script = try Self.rehearsalScript()
        let project = try TempProject(copying: E2E.newsletter)
        defer { project.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-euo", "pipefail", "-c", script]
        process.currentDirectoryURL = project.url
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = CLIRunner.executable.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        // Below Linux's ephemeral range (32768 and up), which the suite's own connections use.
        environment["PORT"] = String(Int.random(in: 20_000...32_000))
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = project.url.appendingPathComponent("rehearsal.out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { process.terminationHandler = nil; continuation.resume(throwing: error) }
        }
        try? handle.close()
        let transcript = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(transcript)")
        let log = try String(contentsOf: project.url.appendingPathComponent("requests.json"), encoding: .utf8)
        #expect(log.contains("\"status\":503") && log.contains("\"status\":429") && log.contains("\"dropped\":true"), "\(log.prefix(2000))")
        #expect(transcript.contains("-> 503"), "serve -v logged the request: \(transcript)")
    }
}
