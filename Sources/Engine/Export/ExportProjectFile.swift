import BrazeCore
import Foundation
import Manifest

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
