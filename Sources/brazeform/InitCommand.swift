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
        accepted as the SOURCE too. -w, --api-key-env, -v, --kind and --name go with a SOURCE only.

        Editor support: the JSON Schemas go into schema/, each manifest and brazeform.yaml start with a \
        `# yaml-language-server: $schema=...` line naming theirs, and .vscode/settings.json maps the schemas to \
        brazeform.yaml and braze/<kind>/*.yaml for every kind but catalogs, whose folder also holds items files \
        (an existing one is kept).

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
        if (fromExisting ?? global.endpoint) == nil {
            // Without a workspace to export, these would change nothing: refused rather than ignored.
            let given = [(kinds.isEmpty ? nil : "--kind"), (names.isEmpty ? nil : "--name"), (global.workspace.map { _ in "-w" }),
                         (global.connection.apiKeyEnv.map { _ in "--api-key-env" }), (global.verbose ? "-v" : nil)].compactMap { $0 }
            if !given.isEmpty {
                throw ValidationError("\(given.joined(separator: ", ")) go\(given.count == 1 ? "es" : "") with --from-existing INSTANCE|URL (the workspace to export); `brazeform init` alone writes a project with one sandbox workspace, and reads no workspace")
            }
        }
        _ = try ExportKinds.parse(kinds)
    }

    func run() async throws {
        let initializer = ProjectInitializer(directory: global.directory.map(absolutePath) ?? FileManager.default.currentDirectoryPath)
        do { try initializer.prepare() } catch { throw ExitStatus.fail(error) }
        guard let source = fromExisting ?? global.endpoint else {
            let outcome = initializer.scaffold()
            InitView.kept(outcome)
            if let failure = outcome.failure { throw ExitStatus.fail(failure) }
            return InitView.scaffolded(outcome, gitignore: initializer.updateGitignore(), directory: global.directory)
        }
        let settings: ExportSource
        do {
            settings = try WorkspaceChoice.forInit(source: source, workspace: global.workspace, apiKeyEnv: global.apiKeyEnv, directory: initializer.directory)
        } catch {
            throw ExitStatus.fail(error)
        }
        let filter = ExportFilter(kinds: try ExportKinds.parse(kinds), namePatterns: names)
        try await ExportCommand.perform(ExportSession(source: settings, outDirectory: initializer.directory, filter: filter, force: false,
                                                      projectFileText: ProjectFileWriter.fromExisting(settings.workspace)), global)
        InitView.gitignore(initializer.updateGitignore())
    }
}
