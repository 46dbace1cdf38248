import Foundation
import Manifest

/// Where export reads from: a workspace's settings and the project folder it belongs to.
public struct ExportSource: Sendable {
    public var workspace: WorkspaceConfiguration
    /// The project holding the workspace (for a sandbox's state), when there is one.
    public var projectDirectory: String?
    /// `--endpoint` / `--api-key-env`, when they replace the workspace's.
    public var endpointOverride: String?
    public var apiKeyEnvOverride: String?
    /// Where export writes when not told (the project folder, -C, or the current folder).
    public var defaultOutDirectory: String
    /// The source project's `ignore` patterns.
    public var ignore: [ResourceKind: [String]]

    public init(workspace: WorkspaceConfiguration, projectDirectory: String?, endpointOverride: String? = nil, apiKeyEnvOverride: String? = nil,
                defaultOutDirectory: String, ignore: [ResourceKind: [String]] = [:]) {
        self.workspace = workspace
        self.projectDirectory = projectDirectory
        self.endpointOverride = endpointOverride
        self.apiKeyEnvOverride = apiKeyEnvOverride
        self.defaultOutDirectory = defaultOutDirectory
        self.ignore = ignore
    }

    /// "workspace 'staging' (https://rest.iad-01.braze.com)".
    public var description: String {
        let place = workspace.sandbox && endpointOverride == nil ? "sandbox" : (endpointOverride ?? workspace.resolvedEndpoint ?? "?")
        return "workspace '\(workspace.name)' (\(place))"
    }
}
