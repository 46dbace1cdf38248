import Foundation
import Manifest

/// What `brazeform init` writes: a project file, an example manifest and its HTML,
/// and the `.gitignore` entry for the sandbox's state.
public enum ProjectScaffold {
    public static let manifestsFolder = "braze"
    public static let ignoreEntry = ".brazeform/"

    /// `brazeform.yaml` for a new project: a sandbox workspace and, commented out,
    /// an example of a real one.
    public static let projectFile = """
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
    public static func projectFile(existing workspace: WorkspaceConfiguration) -> String {
        var lines = [
            "# brazeform project file, made by `brazeform init --from-existing` from workspace '\(workspace.name)'.",
            "# `brazeform plan` compares the manifests in braze/ with that workspace; right after init it shows no changes.",
            "version: 1",
            "manifests: [braze]              # folders searched for *.yaml / *.yml, relative to this file",
            "default_workspace: \(YAMLText.scalar(workspace.name))",
            "prune: false                    # true: delete live catalogs no manifest declares (with --allow-destructive)",
            "workspaces:",
            "  \(YAMLText.scalar(workspace.name)):",
        ]
        if let instance = workspace.instance {
            lines.append("    instance: \(YAMLText.scalar(instance))")
        } else if let endpoint = workspace.endpoint {
            lines.append("    endpoint: \(YAMLText.scalar(endpoint))")
        }
        lines.append("    api_key_env: \(YAMLText.scalar(workspace.apiKeyEnv))   # the variable holding the REST API key (never the key itself)")
        if workspace.name != "sandbox" {
            lines += [
                "  sandbox:",
                "    sandbox: true               # the embedded simulated Braze: try changes with `brazeform plan -w sandbox`",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The example manifest and its content, relative to the project folder.
    public static let exampleFiles: [(path: String, text: String)] = [
        ("braze/content_block/example_footer.yaml", """
            # An example content block. Include it in an email template or another block with
            # {{content_blocks.${example_footer}}}; `brazeform graph` draws such references.
            kind: content_block
            name: example_footer
            description: Footer shown at the bottom of every email
            content: {file: example_footer.html}   # the file's text, byte for byte
            tags: []                                # tags must already exist in Braze

            """),
        ("braze/content_block/example_footer.html", """
            <footer style="font-size: 12px; color: #666666;">
              <img src="((var.cdn))/logo.png" alt="" width="120">
              <p>You receive this email because you signed up, {{${first_name} | default: 'friend'}}.</p>
            </footer>

            """),
    ]

    /// The `.gitignore` text with the sandbox's state ignored; nil when it already is.
    public static func gitignore(existing: String?) -> String? {
        guard let existing, !existing.isEmpty else { return ignoreEntry + "\n" }
        let entries = existing.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        if entries.contains(where: { [".brazeform", ".brazeform/", "/.brazeform", "/.brazeform/", ".brazeform/*", ".brazeform/**"].contains($0) }) {
            return nil
        }
        let separator = existing.last?.isNewline == true ? "" : "\n"
        return existing + separator + ignoreEntry + "\n"
    }
}
