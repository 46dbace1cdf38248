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
    public let sandbox: SandboxSession?
    private let network: AsyncHTTPClientTransport?

    /// - Parameters:
    ///   - endpointOverride / apiKeyEnvOverride: `--endpoint` / `--api-key-env`, which replace the workspace's.
    public init(project: Project, endpointOverride: String? = nil, apiKeyEnvOverride: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                timeSource: any TimeSource = SystemTimeSource(), retryPolicy: RetryPolicy = RetryPolicy(), maxConcurrentRequests: Int = 8,
                logger: Logger = Logger(label: "brazeform.api"), onEvent: @escaping @Sendable (ClientEvent) -> Void = { _ in }) async throws {
        let workspace = project.workspace
        if workspace.sandbox && endpointOverride == nil {
            let session = try SandboxSession(projectDirectory: project.configuration.directory, workspace: workspace.name)
            await session.prepare(for: project)
            sandbox = session
            network = nil
            endpointDescription = "sandbox:.brazeform/sandbox/\(workspace.name).json"
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
        client = BrazeClient(endpoint: endpoint, apiKey: key, transport: transport, timeSource: timeSource, retryPolicy: retryPolicy,
                             maxConcurrentRequests: maxConcurrentRequests, logger: logger, onEvent: onEvent)
    }

    /// Saves the sandbox's state, or shuts the HTTP client down.
    public func close() async throws {
        if let sandbox { try await sandbox.save() }
        if let network { try await network.shutdown() }
    }
}
