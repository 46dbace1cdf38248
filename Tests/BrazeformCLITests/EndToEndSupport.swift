import BrazeSimulator
import BrazeSimulatorServer
import Foundation
import Logging
import Testing

/// A throwaway project folder: `brazeform.yaml` plus manifest files, removed on `remove()`.
struct TempProject {
    let url: URL
    var path: String { url.path }

    /// A project whose manifests live under `m/`, with one workspace `ws` (a sandbox unless
    /// `workspaces` says otherwise) and the given files (paths relative to the project).
    init(files: [String: String], workspaces: String? = nil, defaultWorkspace: String = "ws", extraConfiguration: String = "") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("m"), withIntermediateDirectories: true)
        let ws = workspaces ?? """
          ws:
            sandbox: true
            vars: {group_id: \(E2E.groupID)}
        """
        try write("brazeform.yaml", "version: 1\nmanifests: [m]\ndefault_workspace: \(defaultWorkspace)\n\(extraConfiguration)workspaces:\n\(ws)\n")
        for (path, text) in files { try write(path, text) }
    }

    /// A copy of a project folder (e.g. `examples/newsletter`).
    init(copying source: URL) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-e2e-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: url)
        try? FileManager.default.removeItem(at: url.appendingPathComponent(".brazeform"))
    }

    func write(_ relativePath: String, _ text: String) throws {
        let file = url.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func read(_ relativePath: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(relativePath), encoding: .utf8)
    }

    func replace(_ relativePath: String, _ old: String, with new: String) throws {
        let text = try read(relativePath)
        #expect(text.contains(old), "\(relativePath) does not contain \(old)")
        try write(relativePath, text.replacingOccurrences(of: old, with: new))
    }

    func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(relativePath).path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

enum E2E {
    static let apiKeyVariable = "BRAZE_TEST_KEY"
    static let groupID = "6e2d1f0a-0000-4000-8000-0000000000aa"
    static let exampleGroupID = "6e2d1f0a-0000-4000-8000-000000000001"
    static let newsletter = CLIRunner.packageRoot.appendingPathComponent("examples/newsletter")

    /// Every rate-limit group generous, with headers (so the client learns the real limits).
    static let generousLimits: [RateLimitGroup: RateLimit] =
        Dictionary(uniqueKeysWithValues: RateLimitGroup.allCases.map { ($0, RateLimit.perMinute(100_000)) })

    /// `Plan: 0 to create, ...`.
    static let emptyPlanLine = "Plan: 0 to create, 0 to update, 0 to delete, 0 to replace."
}

/// A `SimulatedWorkspace` served over loopback HTTP, and the `brazeform` binary pointed at it.
final class SimulatedBraze: Sendable {
    let simulator: SimulatedWorkspace
    let server: SimulatorServer
    let port: Int
    var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(simulator: SimulatedWorkspace, server: SimulatorServer, port: Int) {
        self.simulator = simulator
        self.server = server
        self.port = port
    }

    static func start(configuration: SimulatorConfiguration = SimulatorConfiguration(rateLimits: E2E.generousLimits, catalogItemWriteDelay: 0)) async throws -> SimulatedBraze {
        let simulator = SimulatedWorkspace(configuration: configuration)
        var quiet = Logger(label: "brazeform.e2e.simulator")
        quiet.logLevel = .critical   // stopping the server logs a cancelled child channel
        let server = SimulatorServer(simulator: simulator, port: 0, logger: quiet)
        let port = try await server.start()
        return SimulatedBraze(simulator: simulator, server: server, port: port)
    }

    func stop() async { await server.stop() }

    /// Runs `brazeform COMMAND... -C project --endpoint this --api-key-env BRAZE_TEST_KEY`.
    func run(_ arguments: [String], project: TempProject, apiKey: String = SimulatorConfiguration.defaultAPIKey,
             endpoint: String? = nil, environment: [String: String] = [:]) async throws -> CLIRunner.Result {
        var env = environment
        env[E2E.apiKeyVariable] = apiKey
        return try await CLIRunner.runAsync(arguments + ["-C", project.path, "--endpoint", endpoint ?? self.endpoint, "--api-key-env", E2E.apiKeyVariable],
                                            environment: env)
    }

    // MARK: inspection

    func log() async -> [LoggedRequest] { await simulator.requestLog() }
    func writes() async -> [LoggedRequest] { await simulator.requestLog().filter(\.isWrite) }
    func writeCount() async -> Int { await simulator.writeRequestCount() }
    func clearLog() async { await simulator.clearRequestLog() }
    func state() async -> SimulatedWorkspaceState { await simulator.snapshot() }

    func contentBlock(_ name: String) async -> ContentBlockRecord? {
        await state().contentBlocks.first { $0.name == name && !$0.isArchived }
    }

    func emailTemplate(_ name: String) async -> EmailTemplateRecord? {
        await state().emailTemplates.first { $0.name == name }
    }

    func catalog(_ name: String) async -> CatalogRecord? {
        await state().catalogs.first { $0.name == name }
    }
}

extension CLIRunner.Result {
    /// Standard output and error, for failure messages.
    var transcript: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }

    /// The `  + kind.name` lines of a text plan.
    /// The change lines of a text plan (`  + kind.name`), without their counts or field lines.
    var planLines: [String] {
        let kinds = ["content_block", "email_template", "catalog", "catalog_items", "preference_center", "subscription_group"]
        return stdout.split(separator: "\n").map(String.init).compactMap { line in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard line.prefix(while: { $0 == " " }).count <= 2, words.count >= 2,
                  ["+", "~", "-", "-/+"].contains(String(words[0])),
                  let kind = words[1].split(separator: ".").first, kinds.contains(String(kind)) else { return nil }
            return "\(words[0]) \(words[1])"
        }
    }
}

extension CLIRunner {
    /// Like `run`, without blocking a thread of the cooperative pool while the child runs
    /// (the in-process simulator needs those threads to answer it).
    static func runAsync(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], input: String? = nil) async throws -> Result {
        let launch = try Launch(arguments, in: directory, environment: environment, input: input)
        let process = launch.process
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return launch.result(status: status)
    }
}

/// A JSON file as Foundation objects.
func readJSON(_ url: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: url)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}
