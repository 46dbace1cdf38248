import BrazeCore
/// Why `ProjectConfiguration.selectWorkspace(named:)` chose no workspace.
public enum WorkspaceSelectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `-w NAME` names no workspace of the project file (shown as `file`).
    case unknownWorkspace(name: String, workspaces: [String], file: String)
    /// Several workspaces, and neither `-w` nor `default_workspace` chooses one.
    case noneChosen(workspaces: [String], file: String)
    /// The project file declares no workspace, or its `default_workspace` names none:
    /// reading the file reported that already.
    case alreadyReported

    /// What to tell the user; nil for `alreadyReported`.
    public var message: String? {
        switch self {
        case .unknownWorkspace(let name, let names, let file):
            "no workspace named '\(name)' in \(file)\(Suggestions.didYouMean(name, in: names)); workspaces: \(names.joined(separator: ", "))"
        case .noneChosen(let names, let file):
            "choose a workspace with -w (\(names.joined(separator: ", "))) or set default_workspace in \(file)"
        case .alreadyReported:
            nil
        }
    }

    public var description: String {
        message ?? "the project file declares no workspace that can be selected"
    }
}
