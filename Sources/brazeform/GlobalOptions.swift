import ArgumentParser
import BrazeCore
import Foundation
import Manifest

/// The options of every command that reads a project (`brazeform validate -C DIR -w staging`);
/// also accepted before the command (GlobalArguments).
struct ProjectOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .long], help: "The project folder (default: the current folder or its nearest parent holding brazeform.yaml).")
    var directory: String?

    @Option(name: [.customShort("w"), .long], help: "The workspace of brazeform.yaml to use (default: default_workspace).")
    var workspace: String?

    @Flag(help: "No colour (also when NO_COLOR is set and not empty, or output is not a terminal).")
    var noColor = false

    /// Colour only on a terminal, and never when asked not to.
    var useColor: Bool { colorAllowed && isatty(STDOUT_FILENO) == 1 }

    /// The same rule for standard error.
    var useColorOnStandardError: Bool { colorAllowed && isatty(STDERR_FILENO) == 1 }

    private var colorAllowed: Bool { Self.colorAllowed(noColor: noColor, environment: ProcessInfo.processInfo.environment) }

    /// No colour with --no-color or a non-empty NO_COLOR (no-color.org: an empty one does not count).
    static func colorAllowed(noColor: Bool, environment: [String: String]) -> Bool {
        !noColor && (environment["NO_COLOR"] ?? "").isEmpty
    }
}

/// The options of the commands that talk to Braze (plan, apply, export, init --from-existing).
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A REST endpoint to use instead of the workspace's (https://, or http:// to a loopback address).", valueName: "URL"))
    var endpoint: String?

    @Option(help: ArgumentHelp("With --endpoint: the environment variable holding the API key (default: BRAZE_API_KEY).", valueName: "NAME"))
    var apiKeyEnv: String?

    @Flag(name: [.customShort("v"), .long], help: "Log every request to Braze on standard error (the API key is never shown).")
    var verbose = false
}

/// `plan`'s connection options as the commands that send nothing take them (validate, graph):
/// SPEC §3's global options are accepted by every command, and here each does something offline,
/// so that one command line serves every step of a pipeline.
struct OfflineConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Check a REST endpoint as plan would (https://, or http:// to a loopback address): exit 3 when plan would refuse it. Nothing is sent.", valueName: "URL"))
    var endpoint: String?

    @Option(help: ArgumentHelp("With --endpoint: the environment variable that will hold the API key (default: BRAZE_API_KEY); a warning when it is not set.", valueName: "NAME"))
    var apiKeyEnv: String?

    @Flag(name: [.customShort("v"), .long], help: "List every manifest file read and the resources it declares, on standard error.")
    var verbose = false

    /// `--api-key-env` only with `--endpoint` (a usage error otherwise, as for plan); the endpoint by
    /// plan's rule; a warning when the variable that will hold its key is not set.
    func check() throws {
        if let variable = apiKeyEnv, endpoint == nil {
            throw ValidationError("--api-key-env \(variable) goes with --endpoint URL: a workspace of brazeform.yaml reads its key from the variable its api_key_env names (default BRAZE_API_KEY)")
        }
        guard let endpoint else { return }
        if let problem = EndpointRules.problem(with: endpoint) {
            throw ExitStatus.fail(.invalidProject, "brazeform: --endpoint: \(problem)")
        }
        let variable = apiKeyEnv ?? "BRAZE_API_KEY"
        if (ProcessInfo.processInfo.environment[variable] ?? "").isEmpty {
            printError("brazeform: warning: \(Printable.escaped(variable)) is not set: plan and apply with --endpoint \(Printable.escaped(endpoint)) will need the API key in it")
        }
    }

    /// With -v: each manifest file read and what it declares (`m/a.yaml: content_block.footer (line 1)`).
    /// Paths as diagnostics show them (`loader`'s display paths).
    func listFiles(of project: Project?, loader: ProjectLoader) {
        guard verbose, let project else { return }
        var byFile: [String: [Resource]] = [:]
        for resource in project.resources { byFile[resource.location.file, default: []].append(resource) }
        for file in project.manifestFiles {
            let shown = loader.displayPath(file)
            let declared = (byFile[shown] ?? byFile[file] ?? []).map { "\($0.address) (line \($0.location.line))" }
            printError("brazeform: read \(Printable.escaped(shown)): \(declared.isEmpty ? "no resources" : Printable.escaped(declared.joined(separator: ", ")))")
        }
    }
}

/// Every option of a command that reads a project and talks to Braze: `ProjectOptions`
/// and `ConnectionOptions`, read through one value.
struct GlobalOptions: ParsableArguments {
    @OptionGroup var project: ProjectOptions
    @OptionGroup var connection: ConnectionOptions

    var directory: String? {
        get { project.directory }
        set { project.directory = newValue }
    }

    var workspace: String? {
        get { project.workspace }
        set { project.workspace = newValue }
    }

    var endpoint: String? { connection.endpoint }

    /// The key's variable with --endpoint (BRAZE_API_KEY unless --api-key-env names another).
    var apiKeyEnv: String { connection.apiKeyEnv ?? "BRAZE_API_KEY" }

    var verbose: Bool { connection.verbose }
    var useColor: Bool { project.useColor }
    var useColorOnStandardError: Bool { project.useColorOnStandardError }

    /// `--api-key-env` names the key of `--endpoint`'s workspace; alone it would change nothing, so it is refused.
    func requireEndpointForKeyVariable(_ alternative: String? = nil) throws {
        guard let variable = connection.apiKeyEnv, connection.endpoint == nil else { return }
        throw ValidationError("--api-key-env \(variable) goes with --endpoint URL\(alternative.map { " or \($0)" } ?? ""): a workspace of brazeform.yaml reads its key from the variable its api_key_env names (default BRAZE_API_KEY)")
    }
}
