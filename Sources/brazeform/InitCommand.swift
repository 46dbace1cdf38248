import BrazeCore
import ArgumentParser
import Engine
import Foundation
import Manifest

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Scaffold brazeform.yaml and an example manifest (or a project from an existing workspace).",
        discussion: """
        In the folder given by -C (default: the current folder; created when missing) writes brazeform.yaml with a \
        `sandbox: true` workspace and a commented example of a real one, braze/content_block/example_footer.yaml with \
        its HTML file, and `.brazeform/` (the sandbox's state) in .gitignore, appended once. It never overwrites an \
        existing brazeform.yaml. The result passes `brazeform validate`, and `brazeform plan` runs against the sandbox \
        with no account.

        --from-existing SOURCE starts from a workspace that already has content, instead of the example: SOURCE is a \
        Braze instance (US-01 … US-08, EU-01, EU-02) or a REST endpoint (https://, or http:// to a loopback address, \
        such as `brazeform sandbox serve`). The API key is read from the variable --api-key-env names (default \
        BRAZE_API_KEY); -w names the workspace in brazeform.yaml (default: main). Every content block, email \
        template, catalog and preference center is exported into braze/ as `brazeform export` does, so `brazeform \
        plan` right after shows no changes. A sandbox workspace is added for trying changes first. --endpoint URL is \
        accepted as the SOURCE too.

        Examples:
          brazeform init -C my-braze
          BRAZE_API_KEY=... brazeform init -C my-braze --from-existing US-03 -w production
          brazeform init -C local --from-existing http://127.0.0.1:4010 --api-key-env SIMULATOR_KEY
        """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("from-existing"), help: ArgumentHelp("Export an existing workspace into the new project: an instance (US-01 …) or a REST endpoint URL.", valueName: "INSTANCE|URL"))
    var fromExisting: String?

    @Option(name: .customLong("kind"), help: ArgumentHelp("With --from-existing: export only this kind (repeatable).", valueName: "KIND"))
    var kinds: [String] = []

    @Option(name: .customLong("name"), help: ArgumentHelp("With --from-existing: export only names matching this pattern (repeatable).", valueName: "PATTERN"))
    var names: [String] = []

    func validate() throws {
        if let fromExisting, let endpoint = global.endpoint, fromExisting != endpoint {
            throw ValidationError("give the workspace once: --from-existing \(fromExisting) and --endpoint \(endpoint) differ")
        }
        if (fromExisting ?? global.endpoint) == nil && (!kinds.isEmpty || !names.isEmpty) {
            throw ValidationError("--kind and --name go with --from-existing")
        }
        _ = try ExportRun.parseKinds(kinds)
    }

    func run() async throws {
        let directory = global.directory.map(ExportRun.absolute) ?? FileManager.default.currentDirectoryPath
        let fm = FileManager.default
        let projectFile = URL(fileURLWithPath: directory).appendingPathComponent(ProjectConfiguration.fileName).path
        if fm.fileExists(atPath: projectFile) {
            printError("brazeform: \(projectFile) already exists; init never overwrites it. To add a workspace's resources to this project, run `brazeform export`.")
            throw ExitCode(ExitCodes.apiError)
        }
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            printError("brazeform: cannot create \(directory): \(error)")
            throw ExitCode(ExitCodes.apiError)
        }

        if let source = fromExisting ?? global.endpoint {
            try await initFromExisting(source, directory: directory)
            updateGitignore(directory)
        } else {
            try scaffold(directory)
        }
    }

    private func scaffold(_ directory: String) throws {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory)
        var created: [String] = []
        do {
            try Data(ProjectFileWriter.newProject.utf8).write(to: root.appendingPathComponent(ProjectConfiguration.fileName), options: .withoutOverwriting)
            created.append(ProjectConfiguration.fileName)
            for (path, text) in ProjectScaffold.exampleFiles {
                let url = root.appendingPathComponent(path)
                if fm.fileExists(atPath: url.path) {
                    print("Kept the existing \(path)")
                    continue
                }
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
                created.append(path)
            }
        } catch {
            printError("brazeform: cannot write into \(directory): \(error)")
            throw ExitCode(ExitCodes.apiError)
        }
        for path in created { print("Created \(path)") }
        updateGitignore(directory)
        let where_ = global.directory.map { " -C \(ExportRun.shellQuoted($0))" } ?? ""
        print("Next: brazeform validate\(where_), then brazeform plan\(where_) (against the embedded sandbox; no account needed).")
        print("Add your real workspaces to \(ProjectConfiguration.fileName) (see the commented example), or start from one with `brazeform init --from-existing`.")
    }

    private func initFromExisting(_ source: String, directory: String) async throws {
        var workspace = WorkspaceConfiguration(name: global.workspace ?? "main", apiKeyEnv: global.apiKeyEnv)
        if let instance = BrazeInstances.names.first(where: { $0 == source.uppercased() }) {
            workspace.instance = instance
        } else if source.contains("://") {
            if let problem = EndpointRules.problem(with: source) {
                printError("brazeform: --from-existing: \(problem)")
                throw ExitCode(ExitCodes.invalidProject)
            }
            workspace.endpoint = source
        } else {
            printError("brazeform: --from-existing '\(source)' is neither a Braze instance (\(BrazeInstances.names.joined(separator: ", "))) nor a REST endpoint URL")
            throw ExitCode(ExitCodes.invalidProject)
        }
        let settings = ExportSourceSettings(workspace: workspace, projectDirectory: directory, endpointOverride: nil, apiKeyEnvOverride: nil, defaultOutDirectory: directory)
        let run = ExportRun(global: global, source: settings, outDirectory: directory,
                            filter: ExportFilter(kinds: try ExportRun.parseKinds(kinds), namePatterns: names), force: false,
                            projectFileText: ProjectFileWriter.fromExisting(workspace))
        try await run.perform()
    }

    private func updateGitignore(_ directory: String) {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(".gitignore")
        let existing = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
        guard let updated = ProjectScaffold.gitignore(existing: existing) else { return }
        do {
            try Data(updated.utf8).write(to: url, options: .atomic)
            print(existing == nil ? "Created .gitignore (ignores \(ProjectScaffold.ignoreEntry), the sandbox's state)" : "Added \(ProjectScaffold.ignoreEntry) to .gitignore (the sandbox's state)")
        } catch {
            printError("brazeform: warning: cannot update \(url.path): \(error); add \(ProjectScaffold.ignoreEntry) to it yourself")
        }
    }
}
