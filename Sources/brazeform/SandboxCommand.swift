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
    static func sandboxWorkspace(_ global: GlobalOptions) throws -> (Project, WorkspaceConfiguration) {
        let project = try CommandContext.loadProject(global)
        guard project.workspace.sandbox else {
            throw ExitStatus.fail(.invalidProject, "brazeform: workspace '\(project.workspace.name)' is not a sandbox (it has no `sandbox: true`); choose one with -w")
        }
        return (project, project.workspace)
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the sandbox over HTTP on 127.0.0.1 with Braze's REST paths (for tests and other tools).",
            discussion: "Requests need `Authorization: Bearer \(SimulatorConfiguration.defaultAPIKey)`. State is saved after every write. Stop with Ctrl-C.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "The port to listen on (0: any free port).")
        var port: Int = 4010

        func validate() throws {
            guard (0...65535).contains(port) else {
                throw ValidationError("--port \(port) is outside 0–65535 (0: any free port)")
            }
        }

        func run() async throws {
            let (project, workspace) = try SandboxCommand.sandboxWorkspace(global)
            let session: SandboxSession
            do {
                session = try SandboxSession(projectDirectory: project.configuration.directory, workspace: workspace.name)
            } catch {
                throw ExitStatus.fail(error)
            }
            await session.prepare(for: project)
            let server = SimulatorServer(simulator: session.simulator, port: port, stateFile: session.file)
            try await server.run { SandboxView.serving(workspace: workspace.name, port: $0, stateFile: session.file.path) }
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Empty the sandbox workspace (deletes its state file).")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (project, workspace) = try SandboxCommand.sandboxWorkspace(global)
            do {
                let file = SandboxStateFile(path: try SandboxSession.checkedStatePath(projectDirectory: project.configuration.directory, workspace: workspace.name))
                try file.delete()
            } catch {
                throw ExitStatus.fail(error)
            }
            SandboxView.emptied(workspace: workspace.name)
        }
    }
}
