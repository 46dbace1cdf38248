import BrazeAPI
import Foundation
import Manifest

/// A resource the output folder's manifests already declare, so export leaves it to them.
public struct AlreadyDeclared: Sendable, Hashable {
    public var address: ResourceAddress
    /// The manifest declaring it, relative to the folder.
    public var file: String
}

/// What one export did, for the report.
public struct ExportOutcome: Sendable {
    public var source: ExportSource
    public var outDirectory: String
    public var filter: ExportFilter
    /// The exported resources and the files written for them (the project file included when created).
    public var result: ExportResult
    /// Resources read but not exported, with why.
    public var skipped: [(address: ResourceAddress, reason: String)]
    public var alreadyDeclared: [AlreadyDeclared]
    public var written: Int
    public var unchanged: Int
    /// Files that existed with other content and were replaced (--force).
    public var overwrote: Int
    /// Whether the folder had no project file, so one was written.
    public var wroteProjectFile: Bool
    public var verification: ExportVerification

    /// Each exported resource's manifest path.
    public var manifestPaths: [ResourceAddress: String] { ExportSession.manifestPaths(result.files) }
}

/// One export: read, turn into files, leave out what the folder declares, check
/// for conflicts, write, check the result loads.
public struct ExportSession: Sendable {
    public var source: ExportSource
    public var outDirectory: String
    public var filter: ExportFilter
    public var force: Bool
    /// The project file to write when the folder has none (nil: one with the exported workspace alone).
    public var projectFileText: String?

    public init(source: ExportSource, outDirectory: String, filter: ExportFilter, force: Bool, projectFileText: String? = nil) {
        self.source = source
        self.outDirectory = outDirectory
        self.filter = filter
        self.force = force
        self.projectFileText = projectFileText
    }

    /// Reads the workspace through `client`, then writes the folder.
    /// Throws the reader's errors as they are, and `ExportError` once writing is under way.
    public func run(_ client: BrazeClient) async throws -> ExportOutcome {
        let contents = try await WorkspaceReader(client: client).readContents(filter)
        return try write(contents)
    }

    /// Turns `contents` into files and writes them.
    public func write(_ contents: WorkspaceContents) throws(ExportError) -> ExportOutcome {
        var result = ManifestExporter(source: source.description).export(contents)
        var alreadyDeclared: [AlreadyDeclared] = []
        let hasProject = FileManager.default.fileExists(atPath: URL(fileURLWithPath: outDirectory).appendingPathComponent(ProjectConfiguration.fileName).path)
        if hasProject {
            // Resources the folder's manifests already declare elsewhere are left to them.
            let declared = ExportWriter.declaredResources(in: outDirectory)
            let manifestOf = Self.manifestPaths(result.files)
            for address in result.resources {
                if let file = declared[address], file != manifestOf[address] { alreadyDeclared.append(AlreadyDeclared(address: address, file: file)) }
            }
            let dropped = Set(alreadyDeclared.map(\.address))
            result.files.removeAll { $0.resource.map(dropped.contains) ?? false }
            result.resources.removeAll { dropped.contains($0) }
        } else {
            let text = projectFileText ?? ProjectFileWriter.exported(workspace: source.workspace, sandboxNote: source.workspace.sandbox && source.projectDirectory != outDirectory,
                                                                 ignore: source.ignore)
            result.files.append(ExportedFile(path: ProjectConfiguration.fileName, data: Data(text.utf8), resource: nil))
        }

        // The schemas the manifests' modelines name, when the folder lacks them (existing ones, maybe
        // from another version, are left alone: `brazeform schema --out schema` updates them), and the
        // VS Code mapping in a new project.
        if !result.files.isEmpty {
            var editorFiles = EditorSupport.schemaFiles.map { ("\(EditorSupport.schemaFolder)/\($0.name)", $0.text) }
            if !hasProject { editorFiles.append((EditorSupport.vscodeSettingsPath, EditorSupport.vscodeSettings())) }
            for (path, text) in editorFiles where !FileManager.default.fileExists(atPath: URL(fileURLWithPath: outDirectory).appendingPathComponent(path).path) {
                result.files.append(ExportedFile(path: path, data: Data(text.utf8), resource: nil))
            }
        }

        // Never overwrite without --force; identical files are simply left alone.
        let writer = ExportWriter(outDirectory: outDirectory, force: force)
        let check = try writer.check(result.files)
        let written = try writer.write(result.files, skipping: check.unchanged)
        return ExportOutcome(source: source, outDirectory: outDirectory, filter: filter, result: result, skipped: contents.skipped,
                             alreadyDeclared: alreadyDeclared, written: written, unchanged: check.unchanged.count,
                             overwrote: force ? check.conflicts.count : 0, wroteProjectFile: !hasProject,
                             verification: ExportVerifier.verify(result.resources, in: outDirectory))
    }

    static func manifestPaths(_ files: [ExportedFile]) -> [ResourceAddress: String] {
        Dictionary(files.filter { $0.path.hasSuffix(".yaml") && $0.resource != nil }.map { ($0.resource!, $0.path) }, uniquingKeysWith: { a, _ in a })
    }
}
