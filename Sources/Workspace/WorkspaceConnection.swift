import BrazeCore
import BrazeAPI
import Foundation
import Logging
import Manifest
import VirtualTime

/// A configuration problem found before any request (exit 3).
public struct ConnectionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A client for the selected workspace: the embedded sandbox, or Braze over HTTPS.
public final class WorkspaceConnection: Sendable {
    public let client: BrazeClient
    /// `sandbox:<state file>` or the REST endpoint: what saved plans record.
    public let endpointDescription: String
    /// The environment variable the API key was read from (nil for the sandbox).
    public let apiKeyVariable: String?
    public let sandbox: SandboxSession?
    private let network: AsyncHTTPClientTransport?

    /// A connection for the project's workspace; a sandbox is first given the
    /// subscription groups the manifests declare and the tags and groups its
    /// workspace declares (dashboard actions).
    /// - Parameters:
    ///   - endpointOverride / apiKeyEnvOverride: `--endpoint` / `--api-key-env`, which replace the workspace's.
    public convenience init(project: Project, endpointOverride: String? = nil, apiKeyEnvOverride: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            timeSource: any TimeSource = SystemTimeSource(), retryPolicy: RetryPolicy = RetryPolicy(), maxConcurrentRequests: Int = 8,
                            logger: Logger = Logger(label: "brazeform.api"), onEvent: @escaping @Sendable (ClientEvent) -> Void = { _ in }) async throws {
        try self.init(workspace: project.workspace, projectDirectory: project.configuration.directory, endpointOverride: endpointOverride,
                      apiKeyEnvOverride: apiKeyEnvOverride, environment: environment, timeSource: timeSource, retryPolicy: retryPolicy,
                      maxConcurrentRequests: maxConcurrentRequests, logger: logger, onEvent: onEvent)
        if let sandbox { await sandbox.prepare(for: project) }
    }

    /// A connection from a workspace's settings alone (no loaded manifests needed, as for `export`).
    /// - Parameters:
    ///   - projectDirectory: where a `sandbox: true` workspace keeps its state.
    public init(workspace: WorkspaceConfiguration, projectDirectory: String?, endpointOverride: String? = nil, apiKeyEnvOverride: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                timeSource: any TimeSource = SystemTimeSource(), retryPolicy: RetryPolicy = RetryPolicy(), maxConcurrentRequests: Int = 8,
                logger: Logger = Logger(label: "brazeform.api"), onEvent: @escaping @Sendable (ClientEvent) -> Void = { _ in }) throws {
        if workspace.sandbox && endpointOverride == nil {
            guard let projectDirectory else { throw ConnectionError(message: "workspace '\(workspace.name)' is a sandbox, which lives in a project folder") }
            let session = try SandboxSession(projectDirectory: projectDirectory, workspace: workspace.name,
                                             configuration: SandboxSession.configuration(for: workspace),
                                             lockWait: environment["BRAZEFORM_SANDBOX_LOCK_WAIT"].flatMap(Double.init) ?? 5)
            sandbox = session
            network = nil
            endpointDescription = "sandbox:.brazeform/sandbox/\(workspace.name).json"
            apiKeyVariable = nil
            client = BrazeClient(endpoint: try BrazeEndpoint(url: SandboxSession.endpoint),
                                 apiKey: try BrazeAPIKey(secret: "brazeform-sandbox-key"),
                                 transport: session.transport, timeSource: timeSource, retryPolicy: retryPolicy,
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
        sandbox = nil
        endpointDescription = endpoint.description
        apiKeyVariable = keyVariable
        client = BrazeClient(endpoint: endpoint, apiKey: key, transport: transport, timeSource: timeSource, retryPolicy: retryPolicy,
                             maxConcurrentRequests: maxConcurrentRequests, logger: logger, onEvent: onEvent)
    }

    /// Saves the sandbox's state, or shuts the HTTP client down.
    public func close() async throws {
        if let sandbox { try await sandbox.close() }
        if let network { try await network.shutdown() }
    }
}
