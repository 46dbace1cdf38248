import Engine
import Manifest

/// What `init` says about the files it wrote.
enum InitView {
    /// Example files that were there already (said before anything else).
    static func kept(_ outcome: ScaffoldOutcome) {
        for path in outcome.kept { print("Kept the existing \(path)") }
        if outcome.kept.contains(EditorSupport.vscodeSettingsPath) {
            // Its text is the user's (JSON with comments): the mapping is theirs to add.
            print("To map the schemas to the manifests there, add to it:")
            print(EditorSupport.vscodeSettings().split(separator: "\n").dropFirst().dropLast().map { "  " + $0 }.joined(separator: "\n"))
        }
    }

    /// The starter project is written: the files, .gitignore, and what to do next.
    /// `directory`: the -C given, if any, for the commands shown.
    static func scaffolded(_ outcome: ScaffoldOutcome, gitignore: GitignoreUpdate, directory: String?) {
        let schemaPrefix = EditorSupport.schemaFolder + "/"
        for path in outcome.created where !path.hasPrefix(schemaPrefix) { print("Created \(path)") }
        let schemas = outcome.created.filter { $0.hasPrefix(schemaPrefix) }
        if !schemas.isEmpty {
            print("Created \(schemaPrefix) (\(schemas.count) JSON Schemas: editors with yaml-language-server complete and check the manifests; each manifest's first line names its schema)")
        }
        self.gitignore(gitignore)
        let where_ = directory.map { " -C \(shellQuoted($0))" } ?? ""
        print("Next: brazeform validate\(where_), then brazeform plan\(where_) (against the embedded sandbox; no account needed).")
        print("Add your real workspaces to \(ProjectConfiguration.fileName) (see the commented example), or start from one with `brazeform init --from-existing`.")
    }

    static func gitignore(_ update: GitignoreUpdate) {
        switch update {
        case .unchanged: break
        case .created(let entry): print("Created .gitignore (ignores \(entry), the sandbox's state)")
        case .added(let entry): print("Added \(entry) to .gitignore (the sandbox's state)")
        case .failed(let path, let underlying, let entry): printError("brazeform: warning: cannot update \(path): \(underlying); add \(entry) to it yourself")
        }
    }
}
