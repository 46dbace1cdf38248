import Workspace
import ArgumentParser
import BrazeSimulator
import BrazeSimulatorServer
import Engine
import Foundation
import Manifest

struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "The embedded simulated Braze of a `sandbox: true` workspace.",
        subcommands: [Serve.self, Reset.self])

    /// The selected workspace, which must be a sandbox.
    static func sandboxWorkspace(_ global: ProjectOptions) throws -> (Project, WorkspaceConfiguration) {
        let project = try CommandContext.loadProject(global)
        guard project.workspace.sandbox else {
            throw ExitStatus.fail(.invalidProject, "brazeform: workspace '\(project.workspace.name)' is not a sandbox (it has no `sandbox: true`); choose one with -w")
        }
        return (project, project.workspace)
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the sandbox over HTTP on 127.0.0.1 with Braze's REST paths (for tests and other tools).",
            discussion: """
                Requests need `Authorization: Bearer \(SimulatorConfiguration.defaultAPIKey)`. State is saved as writes are answered (writes close together in one save); \
                while serving, the workspace is locked and embedded runs on it refuse (point a workspace's `endpoint:` at the server instead). \
                Stop with Ctrl-C.

                With --control, routes under \(ControlRoutes.prefix) (which Braze does not use) steer the server:
                  POST   /_brazeform/faults             {"action": "status"|"rate_limit"|"drop"|"drop_after_write"|"delay",
                                                         "method", "path" (a prefix ending in *), "times" (default 1, null: until cleared),
                                                         "status" (default 500), "retry_after" (seconds), "seconds" (delay)}
                  GET    /_brazeform/faults             the faults still armed; DELETE disarms them all
                  GET    /_brazeform/requests           the request log; DELETE empties it
                  POST   /_brazeform/rate_limits/reset  every rate-limit window starts afresh
                """)

        @OptionGroup var global: ProjectOptions

        @Option(help: "The port to listen on (0: any free port).")
        var port: Int = 4010

        @Flag(help: "Answer the control routes under /_brazeform/ (fault injection, request log, rate-limit reset).")
        var control = false

        @Option(help: "Seconds every request takes before it is answered (a simulated network, for benchmarks).")
        var latency: Double = 0

        @Flag(name: [.customShort("v"), .long], help: "Log every request served on standard error: method, path, status, time, rate-limit headers.")
        var verbose = false

        @Flag(help: "Add a `lid=` link id to every link of an email body on save, as Braze's link aliasing does.")
        var linkAliasing = false

        func validate() throws {
            guard (0...65535).contains(port) else {
                throw ValidationError("--port \(port) is outside 0–65535 (0: any free port)")
            }
        }

        func run() async throws {
            let (project, workspace) = try SandboxCommand.sandboxWorkspace(global)
            guard latency >= 0, latency <= 600 else { throw ExitStatus.fail(.invalidProject, "brazeform: --latency must be between 0 and 600 seconds") }
            let session: SandboxSession
            var configuration = SandboxSession.configuration(for: workspace)
            configuration.latency = latency
            configuration.assignsLinkIDs = linkAliasing
            do {
                session = try SandboxSession(projectDirectory: project.configuration.directory, workspace: workspace.name,
                                             configuration: configuration, holder: SandboxLock.describeThisProcess("brazeform sandbox serve"), lockWait: 0)
            } catch {
                throw ExitStatus.fail(error)
            }
            await session.prepare(for: project)
            try await session.save()
            var requestLogger: (@Sendable (String) -> Void)?
            if verbose { requestLogger = { line in SandboxView.request(line) } }
            let server = SimulatorServer(simulator: session.simulator, port: port, stateFile: session.file, controlRoutes: control,
                                         requestLogger: requestLogger)
            try await server.run { port in
                session.lock.describe(SandboxLock.describeThisProcess("brazeform sandbox serve on http://127.0.0.1:\(port)"))
                SandboxView.serving(workspace: workspace.name, port: port, stateFile: session.file.path, control: control)
            }
            try await session.close()
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Empty the sandbox workspace (deletes its state file).")

        @OptionGroup var global: ProjectOptions

        func run() async throws {
            let (project, workspace) = try SandboxCommand.sandboxWorkspace(global)
            do {
                let file = SandboxStateFile(path: try SandboxSession.checkedStatePath(projectDirectory: project.configuration.directory, workspace: workspace.name))
                let lock = try SandboxLock(statePath: file.path, holder: SandboxLock.describeThisProcess("brazeform sandbox reset"), wait: 5)
                defer { lock.release() }
                try file.delete()
            } catch {
                throw ExitStatus.fail(error)
            }
            SandboxView.emptied(workspace: workspace.name)
        }
    }
}
