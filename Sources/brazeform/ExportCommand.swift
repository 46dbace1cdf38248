import Workspace
import ArgumentParser
import BrazeAPI
import Engine
import Foundation
import Logging
import Manifest

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the live workspace as manifests; `plan` on the result shows no changes.",
        discussion: """
        Reads every content block, email template, catalog (with all its items) and preference center of the workspace \
        and writes one YAML file per resource under DIR/braze/<kind>/, with bodies and HTML in files of their own \
        (byte for byte) and catalog items as CSV. Subscription groups cannot be listed through Braze's API, so they are \
        not exported: declare them by hand with their ids from the dashboard.

        The workspace is the project's (-w NAME, or default_workspace), or --endpoint URL with --api-key-env NAME when \
        there is no project. DIR (--out) defaults to the project folder, or -C, or the current folder. A brazeform.yaml \
        with the exported workspace's settings is written when DIR has none. Resources that DIR's manifests already \
        declare are not exported again, nor those the project's `ignore` lists.

        Existing files are never overwritten without --force: export lists them, writes nothing and exits 1. \
        Files whose content would not change are left alone.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The folder to write into (default: the project folder, -C, or the current folder).", valueName: "DIR"))
    var out: String?

    @Option(name: .customLong("kind"), help: ArgumentHelp("Export only this kind: content_block, email_template, catalog or preference_center (repeatable).", valueName: "KIND"))
    var kinds: [String] = []

    @Option(name: .customLong("name"), help: ArgumentHelp("Export only resources whose name matches this pattern (*, ?, [..]; repeatable).", valueName: "PATTERN"))
    var names: [String] = []

    @Flag(help: "Overwrite existing files.")
    var force = false

    func validate() throws {
        _ = try ExportRun.parseKinds(kinds)
    }

    func run() async throws {
        let source = try ExportRun.resolveSource(global)
        let outDirectory = out.map { ExportRun.absolute($0) } ?? source.defaultOutDirectory
        let run = ExportRun(global: global, source: source, outDirectory: outDirectory,
                            filter: ExportFilter(kinds: try ExportRun.parseKinds(kinds), namePatterns: names, ignore: source.ignore), force: force)
        try await run.perform()
    }
}

/// Where export reads from: a workspace's settings and the project folder it belongs to.
struct ExportSourceSettings {
    var workspace: WorkspaceConfiguration
    /// The project holding the workspace (for a sandbox's state), when there is one.
    var projectDirectory: String?
    var endpointOverride: String?
    var apiKeyEnvOverride: String?
    var defaultOutDirectory: String
    /// The source project's `ignore` patterns.
    var ignore: [ResourceKind: [String]] = [:]

    /// "workspace 'staging' (https://rest.iad-01.braze.com)".
    var description: String {
        let place = workspace.sandbox && endpointOverride == nil ? "sandbox" : (endpointOverride ?? workspace.resolvedEndpoint ?? "?")
        return "workspace '\(workspace.name)' (\(place))"
    }
}

/// One export: read, turn into files, check for conflicts, write, check the result loads.
struct ExportRun {
    var global: GlobalOptions
    var source: ExportSourceSettings
    var outDirectory: String
    var filter: ExportFilter
    var force: Bool
    /// The project file to write when the folder has none (nil: the exported workspace alone).
    var projectFileText: String?
    /// Whether to print the "Next:" hint.
    var suggestPlan = true

    init(global: GlobalOptions, source: ExportSourceSettings, outDirectory: String, filter: ExportFilter, force: Bool, projectFileText: String? = nil) {
        self.global = global
        self.source = source
        self.outDirectory = outDirectory
        self.filter = filter
        self.force = force
        self.projectFileText = projectFileText
    }

    static let kindAliases: [String: ResourceKind] = {
        var map: [String: ResourceKind] = [:]
        for kind in ResourceKind.allCases {
            let raw = kind.rawValue
            for name in [raw, raw + "s", raw.replacingOccurrences(of: "_", with: "-"), raw.replacingOccurrences(of: "_", with: "-") + "s"] { map[name] = kind }
        }
        return map
    }()

    static func parseKinds(_ values: [String]) throws -> Set<ResourceKind>? {
        guard !values.isEmpty else { return nil }
        var kinds = Set<ResourceKind>()
        for value in values.flatMap({ $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }) {
            guard let kind = kindAliases[value.lowercased()] else {
                throw ValidationError("--kind '\(value)' is not a kind export writes; kinds: \(ExportFilter.exportableKinds.map(\.rawValue).joined(separator: ", "))")
            }
            if kind == .subscriptionGroup {
                throw ValidationError("--kind subscription_group: Braze's API cannot list subscription groups, so export cannot write them; declare them by hand with their ids from the dashboard")
            }
            kinds.insert(kind)
        }
        return kinds
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }

    /// The project's workspace (-w or default_workspace), or `--endpoint` when given or when there is no project.
    static func resolveSource(_ global: GlobalOptions) throws -> ExportSourceSettings {
        if let endpoint = global.endpoint, let problem = EndpointRules.problem(with: endpoint) {
            printError("brazeform: --endpoint: \(problem)")
            throw ExitCode(ExitCodes.invalidProject)
        }
        let fallbackDirectory = global.directory.map(absolute) ?? FileManager.default.currentDirectoryPath
        guard let file = ProjectConfigurationLoader.locate(directory: global.directory) else {
            guard let endpoint = global.endpoint else {
                let place = global.directory ?? "the current folder or any folder above it"
                printError("brazeform: no \(ProjectConfiguration.fileName) in \(place), so no workspace to export; pass --endpoint URL and --api-key-env NAME (default BRAZE_API_KEY), or -C a project folder")
                throw ExitCode(ExitCodes.invalidProject)
            }
            let workspace = WorkspaceConfiguration(name: global.workspace ?? "default", endpoint: endpoint, apiKeyEnv: global.apiKeyEnv)
            return ExportSourceSettings(workspace: workspace, projectDirectory: nil, endpointOverride: endpoint, apiKeyEnvOverride: global.apiKeyEnv, defaultOutDirectory: fallbackDirectory)
        }
        var diagnostics = Diagnostics()
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        guard let configuration = ProjectConfigurationLoader.load(file: path, displayPath: file, diagnostics: &diagnostics), !diagnostics.hasErrors else {
            var printer = DiagnosticPrinter(useColor: global.useColorOnStandardError)
            for d in diagnostics.sorted { printError(printer.render(d)) }
            printError("brazeform: \(file) is invalid; nothing was read from Braze")
            throw ExitCode(ExitCodes.invalidProject)
        }
        let directory = configuration.directory
        if let endpoint = global.endpoint {
            let name = global.workspace ?? configuration.defaultWorkspace ?? "default"
            var workspace = configuration.workspace(named: name) ?? WorkspaceConfiguration(name: name)
            workspace.sandbox = false
            workspace.instance = nil
            workspace.endpoint = endpoint
            workspace.apiKeyEnv = global.apiKeyEnv
            return ExportSourceSettings(workspace: workspace, projectDirectory: directory, endpointOverride: endpoint, apiKeyEnvOverride: global.apiKeyEnv,
                                        defaultOutDirectory: directory, ignore: configuration.ignore)
        }
        let names = configuration.workspaces.map(\.name)
        let selected: WorkspaceConfiguration?
        if let name = global.workspace {
            selected = configuration.workspace(named: name)
            if selected == nil {
                printError("brazeform: no workspace named '\(name)' in \(file); workspaces: \(names.joined(separator: ", "))")
                throw ExitCode(ExitCodes.invalidProject)
            }
        } else if let name = configuration.defaultWorkspace {
            selected = configuration.workspace(named: name)
        } else {
            selected = configuration.workspaces.count == 1 ? configuration.workspaces[0] : nil
        }
        guard let workspace = selected else {
            printError("brazeform: choose the workspace to export with -w (\(names.joined(separator: ", "))) or set default_workspace in \(file)")
            throw ExitCode(ExitCodes.invalidProject)
        }
        return ExportSourceSettings(workspace: workspace, projectDirectory: directory, endpointOverride: nil, apiKeyEnvOverride: nil,
                                    defaultOutDirectory: directory, ignore: configuration.ignore)
    }

    // MARK: running

    func perform() async throws {
        let contents = try await read()
        let outURL = URL(fileURLWithPath: outDirectory)
        let fm = FileManager.default

        var result = ManifestExporter(source: source.description).export(contents)

        // Resources the folder's manifests already declare elsewhere are left to them.
        var notes: [String] = []
        let projectFile = outURL.appendingPathComponent(ProjectConfiguration.fileName).path
        let hasProject = fm.fileExists(atPath: projectFile)
        if hasProject {
            let declared = Self.declaredResources(in: outDirectory)
            let manifestOf = Dictionary(result.files.filter { $0.path.hasSuffix(".yaml") && $0.resource != nil }.map { ($0.resource!, $0.path) }, uniquingKeysWith: { a, _ in a })
            var dropped = Set<ResourceAddress>()
            for address in result.resources {
                if let file = declared[address], file != manifestOf[address] {
                    dropped.insert(address)
                    notes.append("\(address) is already declared in \(file); not exported again")
                }
            }
            result.files.removeAll { $0.resource.map(dropped.contains) ?? false }
            result.resources.removeAll { dropped.contains($0) }
        } else {
            let text = projectFileText ?? ProjectFileWriter.exported(workspace: source.workspace, sandboxNote: source.workspace.sandbox && source.projectDirectory != outDirectory,
                                                                 ignore: source.ignore)
            result.files.append(ExportedFile(path: ProjectConfiguration.fileName, data: Data(text.utf8), resource: nil))
        }

        // Never overwrite without --force; identical files are simply left alone.
        var unchanged = Set<String>()
        var conflicts: [String] = []
        for file in result.files {
            let path = outURL.appendingPathComponent(file.path).path
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue, let existing = fm.contents(atPath: path), existing == file.data {
                unchanged.insert(file.path)
            } else if isDirectory.boolValue {
                printError("brazeform: \(Self.shown(file.path, in: outDirectory)) is a folder; export needs to write a file there. Nothing was written.")
                throw ExitCode(ExitCodes.apiError)
            } else {
                conflicts.append(file.path)
            }
        }
        if !conflicts.isEmpty && !force {
            printError("brazeform: export would overwrite \(conflicts.count) existing file\(conflicts.count == 1 ? "" : "s") in \(outDirectory); nothing was written. Pass --force to overwrite \(conflicts.count == 1 ? "it" : "them"):")
            for path in conflicts.sorted() { printError("  \(path)") }
            throw ExitCode(ExitCodes.apiError)
        }

        var written = 0
        do {
            for file in result.files where !unchanged.contains(file.path) {
                let url = outURL.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: url, options: .atomic)
                written += 1
            }
        } catch {
            printError("brazeform: cannot write into \(outDirectory): \(error)")
            throw ExitCode(ExitCodes.apiError)
        }

        report(result, contents: contents, notes: notes, written: written, unchanged: unchanged.count, overwrote: force ? conflicts.count : 0, wroteProjectFile: !hasProject)
        verify(result)
    }

    /// Reads the workspace, mapping failures to SPEC's exit codes.
    private func read() async throws -> WorkspaceContents {
        var logger = Logger(label: "brazeform.api")
        logger.logLevel = global.verbose ? .debug : .warning
        let connection: WorkspaceConnection
        do {
            connection = try WorkspaceConnection(workspace: source.workspace, projectDirectory: source.projectDirectory,
                                                 endpointOverride: source.endpointOverride, apiKeyEnvOverride: source.apiKeyEnvOverride,
                                                 logger: logger, onEvent: { ClientEventPrinter.print($0) })
        } catch let error as ConnectionError {
            printError("brazeform: \(error.message)")
            throw ExitCode(ExitCodes.invalidProject)
        } catch {
            printError("brazeform: \(error)")
            throw ExitCode(ExitCodes.apiError)
        }
        printError("Reading \(source.description)…")
        do {
            let contents = try await WorkspaceReader(client: connection.client).readContents(filter)
            try? await connection.close()
            return contents
        } catch {
            try? await connection.close()
            if let api = error as? BrazeAPIError {
                printError("brazeform: error while reading the workspace: \(api)")
                throw ExitCode(api.exitCode)
            }
            printError("brazeform: error while reading the workspace: \(error)")
            throw ExitCode(ExitCodes.apiError)
        }
    }

    /// Every resource the folder's manifests declare, with the manifest (relative to the folder) declaring it.
    static func declaredResources(in directory: String) -> [ResourceAddress: String] {
        let loaded = ProjectLoader(directory: directory, displayBase: directory).load()
        var result: [ResourceAddress: String] = [:]
        for resource in loaded.project?.resources ?? [] {
            result[resource.address] = shown(resource.location.file, in: directory)
        }
        return result
    }

    /// A path relative to `directory` when inside it.
    static func shown(_ path: String, in directory: String) -> String {
        let base = (realPath(directory) ?? directory)
        let prefix = base.hasSuffix("/") ? base : base + "/"
        if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
        let plain = directory.hasSuffix("/") ? directory : directory + "/"
        if path.hasPrefix(plain) { return String(path.dropFirst(plain.count)) }
        return path
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func report(_ result: ExportResult, contents: WorkspaceContents, notes: [String], written: Int, unchanged: Int, overwrote: Int, wroteProjectFile: Bool) {
        let manifestPaths = Dictionary(result.files.filter { $0.path.hasSuffix(".yaml") && $0.resource != nil }.map { ($0.resource!, $0.path) }, uniquingKeysWith: { a, _ in a })
        let counts = Dictionary(grouping: result.resources, by: \.kind).mapValues(\.count)
        let summary = ExportFilter.exportableKinds.compactMap { kind -> String? in
            guard let n = counts[kind] else { return nil }
            return "\(n) \(kind.displayName)\(n == 1 ? "" : "s")"
        }
        if result.resources.isEmpty && !notes.isEmpty {
            print("Nothing new to export from \(source.description): the manifests in \(outDirectory) already declare every resource read.")
        } else if result.resources.isEmpty {
            print("Nothing to export from \(source.description)\(filter.kinds != nil || !filter.namePatterns.isEmpty ? " with the given --kind/--name" : "").")
        } else {
            print("Exported \(result.resources.count) resource\(result.resources.count == 1 ? "" : "s") (\(summary.joined(separator: ", "))) from \(source.description) into \(outDirectory):")
            let width = result.resources.map { $0.description.count }.max() ?? 0
            for address in result.resources {
                let name = address.description
                print("  \(name)\(String(repeating: " ", count: width - name.count))  \(manifestPaths[address] ?? "")")
            }
        }
        var filesLine = "\(written) file\(written == 1 ? "" : "s") written"
        if overwrote > 0 { filesLine += " (\(overwrote) overwritten)" }
        if unchanged > 0 { filesLine += ", \(unchanged) unchanged" }
        if wroteProjectFile { filesLine += "; \(ProjectConfiguration.fileName) created with workspace '\(source.workspace.name)'" }
        print(filesLine + ".")
        if result.resources.contains(where: { $0.kind == .contentBlock }) {
            print("Content block state is not exported: Braze does not return it (each manifest says so in a comment).")
        }
        if filter.kinds == nil {
            print("Subscription groups are not exported: Braze's API cannot list them. Declare them by hand (kind: subscription_group) with their ids from the dashboard.")
        }
        for note in notes { print("note: \(note)") }
        for skipped in contents.skipped { printError("warning: \(skipped.address) not exported: \(skipped.reason)") }
        for warning in result.warnings { printError("warning: \(warning)") }
        if suggestPlan && !result.resources.isEmpty {
            var command = "brazeform plan -C \(Self.shellQuoted(outDirectory))"
            if let endpoint = source.endpointOverride, !wroteProjectFile {
                command += " --endpoint \(endpoint) --api-key-env \(source.apiKeyEnvOverride ?? WorkspaceConfiguration.defaultAPIKeyEnv)"
            }
            if source.workspace.sandbox && source.endpointOverride == nil && wroteProjectFile && source.projectDirectory != outDirectory {
                print("Next: \(command)   # its sandbox starts empty, so plan shows every resource as a create")
            } else {
                print("Next: \(command)   # shows no changes")
            }
        }
    }

    /// Loads what was written, as plan will, and says so when something is off.
    private func verify(_ result: ExportResult) {
        guard !result.resources.isEmpty else { return }
        let loaded = ProjectLoader(directory: outDirectory, displayBase: outDirectory).load()
        let diagnostics = loaded.diagnostics
        if diagnostics.hasErrors {
            var printer = DiagnosticPrinter(useColor: global.useColorOnStandardError)
            for d in diagnostics.sorted where d.severity == .error { printError(printer.render(d)) }
            printError("warning: the exported project does not load cleanly (\(DiagnosticPrinter.summary(errors: diagnostics.errorCount, warnings: diagnostics.warningCount))); review the files above")
            return
        }
        let declared = Set(loaded.project?.resources.map(\.address) ?? [])
        let missing = result.resources.filter { !declared.contains($0) }
        if !missing.isEmpty {
            printError("warning: \(ProjectConfiguration.fileName)'s `manifests` does not cover \(ManifestExporter(source: "").manifestsFolder)/, so \(missing.count) exported resource\(missing.count == 1 ? " is" : "s are") not part of the project; add it to `manifests`")
        }
    }

    static func shellQuoted(_ text: String) -> String {
        if text.allSatisfy({ $0.isLetter || $0.isNumber || "/._-+:@".contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
