/// A loaded project: its configuration, the selected workspace and the
/// resources interpolated for it, with their dependency graph.
public struct Project: Sendable {
    public var configuration: ProjectConfiguration
    public var workspace: WorkspaceConfiguration
    /// Interpolated for `workspace`, in the order of the manifest files.
    public var resources: [Resource]
    public var graph: DependencyGraph
    public var manifestFiles: [String]

    public func resource(_ address: ResourceAddress) -> Resource? {
        resources.first { $0.address == address }
    }
}

/// The outcome of loading: the project when it could be built, and every problem found.
public struct ProjectLoadResult: Sendable {
    public var project: Project?
    public var diagnostics: Diagnostics
}
