import Workspace
import ArgumentParser
import BrazeAPI
import Engine
import Foundation
import Logging
import Manifest

/// What plan and apply share: load the project (exit 3 on errors), connect to
/// the workspace, read live state, plan. Problems print in plain words and map
/// to SPEC's exit codes.
struct CommandContext {
    let global: GlobalOptions
    let project: Project
    let connection: WorkspaceConnection

    /// Loads and validates the project; prints diagnostics to standard error.
    static func loadProject(_ global: GlobalOptions) throws -> Project {
        let result = ProjectLoader(directory: global.directory, workspaceName: global.workspace).load()
        var printer = DiagnosticPrinter(useColor: global.useColorOnStandardError)
        for diagnostic in result.diagnostics.sorted { printError(printer.render(diagnostic)) }
        guard !result.diagnostics.hasErrors, let project = result.project else {
            let d = result.diagnostics
            printError("brazeform: the project is invalid (\(DiagnosticPrinter.summary(errors: d.errorCount, warnings: d.warningCount))); nothing was sent to Braze")
            throw ExitCode(ExitCodes.invalidProject)
        }
        return project
    }

    static func open(_ global: GlobalOptions, parallelism: Int = 8) async throws -> CommandContext {
        let project = try loadProject(global)
        if let endpoint = global.endpoint, let problem = EndpointRules.problem(with: endpoint) {
            printError("brazeform: --endpoint: \(problem)")
            throw ExitCode(ExitCodes.invalidProject)
        }
        var logger = Logger(label: "brazeform.api")
        logger.logLevel = global.verbose ? .debug : .warning
        // BRAZEFORM_RETRY_INITIAL_BACKOFF (seconds) shortens the retry backoff, for tests of exit 5.
        var retryPolicy = RetryPolicy()
        if let text = ProcessInfo.processInfo.environment["BRAZEFORM_RETRY_INITIAL_BACKOFF"], let seconds = Double(text), seconds >= 0 {
            retryPolicy = RetryPolicy(initialBackoff: seconds, maxBackoff: max(seconds, 0.001) * 30)
        }
        do {
            let connection = try await WorkspaceConnection(
                project: project, endpointOverride: global.endpoint, apiKeyEnvOverride: global.endpoint != nil ? global.apiKeyEnv : nil,
                retryPolicy: retryPolicy, maxConcurrentRequests: parallelism, logger: logger,
                onEvent: { event in ClientEventPrinter.print(event) })
            return CommandContext(global: global, project: project, connection: connection)
        } catch let error as ConnectionError {
            printError("brazeform: \(error.message)")
            throw ExitCode(ExitCodes.invalidProject)
        } catch {
            // The sandbox's state file could not be read (corrupt, unreadable): never reset silently.
            printError("brazeform: \(error)")
            throw ExitCode(ExitCodes.apiError)
        }
    }

    /// Reads live state and plans; maps failures to exit codes.
    func plan() async throws -> Plan {
        let live: LiveState
        do {
            live = try await WorkspaceReader(client: connection.client).read(for: project)
        } catch {
            throw fail(error, doing: "reading the workspace")
        }
        do {
            return try Planner(project: project, live: live, endpoint: connection.endpointDescription).plan()
        } catch let error as PlanningError {
            for message in error.messages { printError(message) }
            printError("brazeform: nothing was sent to Braze")
            throw ExitCode(error.invalidManifests ? ExitCodes.invalidProject : ExitCodes.apiError)
        }
    }

    /// Prints `error` in plain words and returns the exit it maps to.
    func fail(_ error: any Error, doing what: String) -> ExitCode {
        if let exit = error as? ExitCode { return exit }
        if let live = error as? LiveStateError {
            printError("brazeform: \(live.message)")
            printError("brazeform: nothing was written")
            return ExitCode(live.invalidManifests ? ExitCodes.invalidProject : ExitCodes.apiError)
        }
        if let api = error as? BrazeAPIError {
            printError("brazeform: error while \(what): \(api)")
            return ExitCode(api.exitCode)
        }
        printError("brazeform: error while \(what): \(error)")
        return ExitCode(ExitCodes.apiError)
    }

    func close() async {
        do { try await connection.close() } catch { printError("brazeform: warning: \(error)") }
    }
}

/// Rate-limit waits and retries, as they happen.
enum ClientEventPrinter {
    static func print(_ event: ClientEvent) {
        printError("… \(event)")
    }
}

extension GlobalOptions {
    var useColorOnStandardError: Bool {
        !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDERR_FILENO) == 1
    }
}
