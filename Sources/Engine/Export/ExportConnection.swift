import BrazeAPI
import Foundation
import Logging
import Manifest
import VirtualTime

/// A read-only client for the workspace `export` reads. Unlike `WorkspaceConnection`
/// it needs no loaded project: only the workspace's settings (from `brazeform.yaml`
/// or from `--endpoint`/`--api-key-env`), so a folder without manifests, or with
/// manifests that do not load, can still be exported into.
public final class ExportConnection: Sendable {
    public let client: BrazeClient
    /// `sandbox:<state file>` or the REST endpoint, for messages.
    public let endpointDescription: String
    private let network: AsyncHTTPClientTransport?

    /// - Parameters:
    ///   - projectDirectory: where a `sandbox: true` workspace keeps its state.
    public init(workspace: WorkspaceConfiguration, projectDirectory: String?, endpointOverride: String? = nil, apiKeyEnvOverride: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                timeSource: any TimeSource = SystemTimeSource(), maxConcurrentRequests: Int = 8,
                logger: Logger = Logger(label: "brazeform.api"), onEvent: @escaping @Sendable (ClientEvent) -> Void = { _ in }) async throws {
        if workspace.sandbox && endpointOverride == nil {
            guard let projectDirectory else { throw ConnectionError(message: "workspace '\(workspace.name)' is a sandbox, which lives in a project folder") }
            let session = try SandboxSession(projectDirectory: projectDirectory, workspace: workspace.name)
            network = nil
            endpointDescription = "sandbox:.brazeform/sandbox/\(workspace.name).json"
            client = BrazeClient(endpoint: try BrazeEndpoint(url: SandboxSession.endpoint),
                                 apiKey: try BrazeAPIKey(secret: "brazeform-sandbox-key"),
                                 transport: session.transport, timeSource: timeSource,
                                 maxConcurrentRequests: maxConcurrentRequests, logger: logger, onEvent: onEvent)
            return
        }
        let endpoint: BrazeEndpoint
        do {
            if let url = endpointOverride ?? workspace.endpoint {
                endpoint = try BrazeEndpoint(url: url)
            } else if let instance = workspace.instance {
                endpoint = try BrazeEndpoint(instance: instance)
            } else {
                throw ConnectionError(message: "workspace '\(workspace.name)' has no endpoint")
            }
        } catch let error as BrazeConfigurationError {
            throw ConnectionError(message: "workspace '\(workspace.name)': \(error)")
        }
        let keyVariable = apiKeyEnvOverride ?? workspace.apiKeyEnv
        let key: BrazeAPIKey
        do {
            key = try BrazeAPIKey.fromEnvironment(keyVariable, environment: environment)
        } catch {
            throw ConnectionError(message: "\(error); set \(keyVariable) to a REST API key of workspace '\(workspace.name)' (brazeform reads keys from the environment only)")
        }
        let transport = AsyncHTTPClientTransport()
        network = transport
        endpointDescription = endpoint.description
        client = BrazeClient(endpoint: endpoint, apiKey: key, transport: transport, timeSource: timeSource,
                             maxConcurrentRequests: maxConcurrentRequests, logger: logger, onEvent: onEvent)
    }

    /// Shuts the HTTP client down (a sandbox was only read: nothing to save).
    public func close() async throws {
        if let network { try await network.shutdown() }
    }
}

/// The `brazeform.yaml` export writes into a folder that has none: one workspace,
/// the one exported from, with its settings (never the key itself).
public enum ExportProjectFile {
    public static func text(workspace: WorkspaceConfiguration, manifestsFolder: String = "braze", sandboxNote: Bool = false,
                            ignore: [ResourceKind: [String]] = [:]) -> String {
        var lines = [
            "# Written by `brazeform export`: the workspace the manifests were exported from. API keys are read from the environment only.",
            "version: 1",
            "manifests: [\(YAMLText.scalar(manifestsFolder))]",
            "default_workspace: \(YAMLText.scalar(workspace.name))",
            "prune: false",
            "workspaces:",
            "  \(YAMLText.scalar(workspace.name)):",
        ]
        if workspace.sandbox {
            lines.append("    sandbox: true")
            if sandboxNote {
                lines.append("    # The sandbox's state stays in the project it was exported from (.brazeform/sandbox/); this one starts empty.")
            }
        } else if let instance = workspace.instance {
            lines.append("    instance: \(YAMLText.scalar(instance))")
        } else if let endpoint = workspace.endpoint {
            if let instance = BrazeInstances.hosts.first(where: { $0.value == endpoint.trimmingTrailingSlash })?.key {
                lines.append("    instance: \(instance)")
            } else {
                lines.append("    endpoint: \(YAMLText.scalar(endpoint))")
            }
        }
        if !workspace.sandbox {
            lines.append("    api_key_env: \(YAMLText.scalar(workspace.apiKeyEnv))")
        }
        if !workspace.vars.isEmpty {
            lines.append("    vars:")
            for key in workspace.vars.keys.sorted() {
                lines.append("      \(YAMLText.scalar(key)): \(YAMLText.scalar(workspace.vars[key]!))")
            }
        }
        let ignored = ResourceKind.allCases.filter { !(ignore[$0] ?? []).isEmpty }
        if !ignored.isEmpty {
            lines.append("ignore:                         # live resources brazeform leaves alone (and export skipped)")
            for kind in ignored {
                lines.append("  \(kind.rawValue): \(YAMLText.flowList(ignore[kind]!))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    var trimmingTrailingSlash: String {
        var s = self
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
