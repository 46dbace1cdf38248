import YAML

/// `brazeform.yaml`: where the manifests are and which workspaces they go to.
public struct ProjectConfiguration: Sendable {
    public var directory: String
    public var file: String
    /// `file` as messages show it.
    public var displayPath: String
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

    /// The workspace a command works on: the one `name` names (`-w NAME`), else
    /// `default_workspace`, else the only workspace.
    public func selectWorkspace(named name: String?) -> Result<WorkspaceConfiguration, WorkspaceSelectionError> {
        let names = workspaces.map(\.name)
        if let name {
            if let ws = workspace(named: name) { return .success(ws) }
            return .failure(.unknownWorkspace(name: name, workspaces: names, file: displayPath))
        }
        if let name = defaultWorkspace {
            return workspace(named: name).map { .success($0) } ?? .failure(.alreadyReported)
        }
        if workspaces.count == 1 { return .success(workspaces[0]) }
        if !workspaces.isEmpty { return .failure(.noneChosen(workspaces: names, file: displayPath)) }
        return .failure(.alreadyReported)
    }
}

extension ProjectConfiguration {
    /// The fields of `ignore`: one list of name patterns per kind.
    static let ignoreSpecs: [FieldSpec] = ResourceKind.allCases.map {
        FieldSpec($0.rawValue, .list(.string), "Name patterns (* and ?) of live \($0.displayName)s that brazeform neither reports nor touches.")
    }

    /// The fields of `brazeform.yaml`.
    static let fieldSpecs: [FieldSpec] = [
        FieldSpec("version", .integer, required: true, "The project file format: 1."),
        FieldSpec("manifests", .list(.string), "Folders (searched recursively for *.yaml / *.yml) or globs, relative to this file; default: this file's folder."),
        FieldSpec("default_workspace", .string, "The workspace used when -w is not given."),
        FieldSpec("prune", .boolean, "Delete live catalogs that no manifest declares (with --allow-destructive)."),
        FieldSpec("workspaces", .map(.object(WorkspaceConfiguration.fieldSpecs)), required: true, "The Braze workspaces this project manages."),
        FieldSpec("ignore", .object(ignoreSpecs), "Live resources to leave alone, by kind."),
    ]
}
