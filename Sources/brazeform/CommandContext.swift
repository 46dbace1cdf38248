import Workspace
import BrazeAPI
import Engine
import Foundation
import Logging
import Manifest

/// What plan and apply share: load the project (exit 3 on errors), connect to
/// the workspace, read live state, plan. Failures go through `ExitStatus`.
struct CommandContext {
    let global: GlobalOptions
    let project: Project
    let connection: WorkspaceConnection

    /// Loads and validates the project; prints diagnostics to standard error.
    static func loadProject(_ global: ProjectOptions) throws -> Project {
        let result = ProjectLoader(directory: global.directory, workspaceName: global.workspace).load()
        var view = DiagnosticsView(useColor: global.useColorOnStandardError)
        view.printOnStandardError(result.diagnostics)
        guard !result.diagnostics.hasErrors, let project = result.project else {
            throw ExitStatus.fail(.invalidProject, "brazeform: the project is invalid (\(DiagnosticsView.summary(result.diagnostics))); nothing was sent to Braze")
        }
        return project
    }

    static func open(_ global: GlobalOptions, parallelism: Int = 8) async throws -> CommandContext {
        let project = try loadProject(global.project)
        if let endpoint = global.endpoint, let problem = EndpointRules.problem(with: endpoint) {
            throw ExitStatus.fail(.invalidProject, "brazeform: --endpoint: \(problem)")
        }
        // BRAZEFORM_RETRY_INITIAL_BACKOFF (seconds) shortens the retry backoff, for tests of exit 5.
        var retryPolicy = RetryPolicy()
        if let text = ProcessInfo.processInfo.environment["BRAZEFORM_RETRY_INITIAL_BACKOFF"], let seconds = Double(text), seconds >= 0 {
            retryPolicy = RetryPolicy(initialBackoff: seconds, maxBackoff: max(seconds, 0.001) * 30)
        }
        do {
            let connection = try await WorkspaceConnection(
                project: project, endpointOverride: global.endpoint, apiKeyEnvOverride: global.endpoint != nil ? global.apiKeyEnv : nil,
                retryPolicy: retryPolicy, maxConcurrentRequests: parallelism, logger: logger(global), onEvent: { ClientEventView.print($0) })
            return CommandContext(global: global, project: project, connection: connection)
        } catch {
            // A ConnectionError is exit 3; a sandbox state file that cannot be read (corrupt, unreadable) is never reset silently.
            throw ExitStatus.fail(error)
        }
    }

    /// Opens the context, runs `body` with it and closes it, also when `body` throws.
    static func using<T>(_ global: GlobalOptions, parallelism: Int = 8, _ body: (CommandContext) async throws -> T) async throws -> T {
        let context = try await open(global, parallelism: parallelism)
        do {
            let result = try await body(context)
            await context.close()
            return result
        } catch {
            await context.close()
            throw error
        }
    }

    /// A connection from a workspace's settings alone (export, init --from-existing).
    static func connect(_ source: ExportSource, _ global: GlobalOptions) throws -> WorkspaceConnection {
        do {
            return try WorkspaceConnection(workspace: source.workspace, projectDirectory: source.projectDirectory,
                                           endpointOverride: source.endpointOverride, apiKeyEnvOverride: source.apiKeyEnvOverride,
                                           logger: logger(global), onEvent: { ClientEventView.print($0) })
        } catch {
            throw ExitStatus.fail(error)
        }
    }

    static func logger(_ global: GlobalOptions) -> Logger {
        var logger = Logger(label: "brazeform.api")
        logger.logLevel = global.verbose ? .debug : .warning
        return logger
    }

    /// Reads live state and plans.
    func plan(refresh: Bool = false) async throws -> Plan {
        try await planAndLive(refresh: refresh).plan
    }

    /// Reads live state (through the item snapshot unless `refresh`) and plans; returns what it read too.
    func planAndLive(refresh: Bool = false) async throws -> (plan: Plan, live: LiveState) {
        let live = try await read(refresh: refresh, doing: "reading the workspace")
        do {
            var plan = try Planner(project: project, live: live, endpoint: connection.endpointDescription).plan()
            plan.apiKeyEnv = connection.apiKeyVariable
            return (plan, live)
        } catch {
            throw ExitStatus.fail(error)
        }
    }

    /// The item snapshots of this workspace and endpoint, in the project's `.brazeform/snapshots/`.
    var snapshots: ItemSnapshotStore {
        ItemSnapshotStore(projectDirectory: project.configuration.directory, workspace: project.workspace.name, endpoint: connection.endpointDescription)
    }

    /// Reads the live state: catalogs Braze lists as the item snapshot left them are taken
    /// from it (none with `refresh`); what was read is kept as the next snapshot.
    func read(refresh: Bool, doing: String) async throws -> LiveState {
        let store = snapshots
        let known = refresh ? [:] : store.load()
        let progress = ReadProgressView(color: global.useColorOnStandardError)
        var live: LiveState
        do {
            live = try await WorkspaceReader(client: connection.client, snapshots: known, onItemProgress: { progress.handle($0) }).read(for: project)
        } catch {
            progress.finish()  // how far it got, and no progress bar left under the error
            throw ExitStatus.fail(error, doing: doing)
        }
        progress.finish()
        if let missing = capabilities.load().catalogFieldEndpointsMissing {
            live.catalogFieldEndpointsAvailable = false
            live.catalogFieldEndpointsMissing = missing
        }
        // Nothing read from pages: the snapshot already says all of it.
        if live.itemReading != nil || Set(known.keys) != Set(live.catalogItems.keys) {
            saveSnapshots(ItemSnapshotStore.afterRead(live))
        }
        return live
    }

    /// What brazeform learnt of this workspace's API (`.brazeform/capabilities/`).
    var capabilities: WorkspaceCapabilityStore {
        WorkspaceCapabilityStore(projectDirectory: project.configuration.directory, workspace: project.workspace.name, endpoint: connection.endpointDescription)
    }

    /// Remembers that the workspace lacks the catalog field endpoints, when `report` showed it.
    func learnCapabilities(from report: ApplyReport) {
        guard let missing = WorkspaceCapabilities.learnt(from: report, now: connection.client.timeSource.now()) else { return }
        do {
            try capabilities.save(WorkspaceCapabilities(catalogFieldEndpointsMissing: missing))
        } catch {
            printError("brazeform: warning: cannot save \(capabilities.file.path) (\(error)); the next plan tries the catalog field endpoints again")
        }
    }

    /// Writes the snapshots; a failure only costs the next plan a full read, so it is a warning.
    func saveSnapshots(_ snapshots: [String: CatalogItemSnapshot]) {
        do {
            try self.snapshots.save(snapshots)
        } catch {
            printError("brazeform: warning: cannot save the item snapshot to \(self.snapshots.file.path) (\(error)); the next plan reads every item page")
        }
    }

    func close() async {
        do { try await connection.close() } catch { printError("brazeform: warning: \(error)") }
    }
}
