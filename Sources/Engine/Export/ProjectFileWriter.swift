import BrazeCore
import Foundation
import Manifest
import YAML

/// The one writer of `brazeform.yaml`: for `init` (a new project, or one made
/// from an existing workspace) and for `export` (the workspace exported from).
/// A workspace is always written by `workspaceLines`, with its settings and never
/// the key itself, in the scalar style of `YAMLText`.
public enum ProjectFileWriter {
    public static let manifestsFolder = "braze"

    /// The first line of every project file brazeform writes: its schema, for editors (EditorSupport).
    static var projectModeline: String { EditorSupport.modeline(forFileAt: ProjectConfiguration.fileName, schema: EditorSupport.projectSchemaName) }

    /// `brazeform.yaml` for a new project: a sandbox workspace and, commented out,
    /// an example of a real one.
    public static let newProject = """
        \(projectModeline)
        # brazeform project file: where the manifests are and which Braze workspaces they go to.
        # `brazeform validate` checks everything offline; `brazeform plan` shows what apply would change.
        version: 1
        manifests: [braze]              # folders searched for *.yaml / *.yml, relative to this file
        default_workspace: sandbox
        prune: false                    # true: delete live catalogs no manifest declares (with --allow-destructive)
        workspaces:
          sandbox:
            sandbox: true               # the embedded simulated Braze (state in .brazeform/sandbox/): no account needed
            vars:                       # ((var.NAME)) in any manifest text
              cdn: https://cdn.example.com
          # A real workspace: a Braze instance (US-01 … US-08, EU-01, EU-02) or `endpoint: https://rest...`,
          # and the environment variable that holds its REST API key (the key itself never goes in a file).
          # staging:
          #   instance: US-01
          #   api_key_env: BRAZE_STAGING_API_KEY
          #   vars:
          #     cdn: https://cdn-staging.example.com

        """

    /// `brazeform.yaml` for a project made from an existing workspace: that
    /// workspace (the default) and a sandbox to try changes in first.
    public static func fromExisting(_ workspace: WorkspaceConfiguration) -> String {
        var lines = [
            projectModeline,
            "# brazeform project file, made by `brazeform init --from-existing` from workspace '\(workspace.name)'.",
            "# `brazeform plan` compares the manifests in braze/ with that workspace; right after init it shows no changes.",
            "version: 1",
            "manifests: [braze]              # folders searched for *.yaml / *.yml, relative to this file",
            "default_workspace: \(YAMLText.scalar(workspace.name))",
            "prune: false                    # true: delete live catalogs no manifest declares (with --allow-destructive)",
            "workspaces:",
        ]
        lines += workspaceLines(workspace, keyComment: "the variable holding the REST API key (never the key itself)")
        if workspace.name != "sandbox" {
            lines += [
                "  sandbox:",
                "    sandbox: true               # the embedded simulated Braze: try changes with `brazeform plan -w sandbox`",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `brazeform.yaml` export writes into a folder that has none: one
    /// workspace, the one exported from.
    public static func exported(workspace: WorkspaceConfiguration, manifestsFolder: String = manifestsFolder, sandboxNote: Bool = false,
                                ignore: [ResourceKind: [String]] = [:]) -> String {
        var lines = [
            projectModeline,
            "# Written by `brazeform export`: the workspace the manifests were exported from. API keys are read from the environment only.",
            "version: 1",
            "manifests: [\(YAMLText.scalar(manifestsFolder))]",
            "default_workspace: \(YAMLText.scalar(workspace.name))",
            "prune: false",
            "workspaces:",
        ]
        lines += workspaceLines(workspace, sandboxNote: sandboxNote)
        let ignored = ResourceKind.allCases.filter { !(ignore[$0] ?? []).isEmpty }
        if !ignored.isEmpty {
            lines.append("ignore:                         # live resources brazeform leaves alone (and export skipped)")
            for kind in ignored {
                lines.append("  \(kind.rawValue): \(YAMLText.flowList(ignore[kind]!))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One workspace under `workspaces:`: the sandbox flag, or the instance (an
    /// endpoint that is an instance's host is written as the instance) or the
    /// endpoint, the key's variable, and the variables.
    static func workspaceLines(_ workspace: WorkspaceConfiguration, keyComment: String? = nil, sandboxNote: Bool = false) -> [String] {
        var lines = ["  \(YAMLText.scalar(workspace.name)):"]
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
            lines.append("    api_key_env: \(YAMLText.scalar(workspace.apiKeyEnv))" + (keyComment.map { "   # \($0)" } ?? ""))
        }
        if !workspace.vars.isEmpty {
            lines.append("    vars:")
            for key in workspace.vars.keys.sorted() {
                lines.append("      \(YAMLText.scalar(key)): \(YAMLText.scalar(workspace.vars[key]!))")
            }
        }
        return lines
    }
}

extension String {
    var trimmingTrailingSlash: String {
        var s = self
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }
}
