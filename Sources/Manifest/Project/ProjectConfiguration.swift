import YAMLReader

/// `brazeform.yaml`: where the manifests are and which workspaces they go to.
public struct ProjectConfiguration: Sendable {
    public var directory: String
    public var file: String
    public var version: Int
    public var manifests: [String]
    /// Where each `manifests` entry was written (empty for the default).
    public var manifestLocations: [SourceLocation] = []
    public var defaultWorkspace: String?
    public var prune: Bool
    /// In the order they were written.
    public var workspaces: [WorkspaceConfiguration]
    /// Name patterns of live resources to leave alone, by kind.
    public var ignore: [ResourceKind: [String]]

    public static let fileName = "brazeform.yaml"

    public func workspace(named name: String) -> WorkspaceConfiguration? {
        workspaces.first { $0.name == name }
    }
}
