import Foundation
import Manifest

/// Why `init` stopped.
public enum InitError: Error {
    /// The folder already has a project file; init never overwrites it.
    case projectExists(path: String)
    case cannotCreate(directory: String, underlying: any Error)
    case cannotWrite(directory: String, underlying: any Error)
}

/// What writing the starter project did.
public struct ScaffoldOutcome: Sendable {
    /// Example files that were there already, in the order met.
    public var kept: [String] = []
    /// Files written (the project file first).
    public var created: [String] = []
    /// Set when writing stopped part way (what `kept` holds so far was still met).
    public var failure: InitError?
}

/// What became of the folder's .gitignore.
public enum GitignoreUpdate: Sendable {
    /// It already ignores the sandbox's state.
    case unchanged
    case created(entry: String)
    case added(entry: String)
    case failed(path: String, underlying: any Error, entry: String)
}

/// Starts a project in a folder: checks it is fresh, writes the starter files, ignores the sandbox's state.
public struct ProjectInitializer: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    /// Throws unless the folder has no project file, creating the folder when needed.
    public func prepare() throws(InitError) {
        let fm = FileManager.default
        let projectFile = URL(fileURLWithPath: directory).appendingPathComponent(ProjectConfiguration.fileName).path
        if fm.fileExists(atPath: projectFile) { throw .projectExists(path: projectFile) }
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(directory: directory, underlying: error)
        }
    }

    /// Writes the starter project file and the example manifests that are not there yet.
    public func scaffold() -> ScaffoldOutcome {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory)
        var outcome = ScaffoldOutcome()
        do {
            try Data(ProjectFileWriter.newProject.utf8).write(to: root.appendingPathComponent(ProjectConfiguration.fileName), options: .withoutOverwriting)
            outcome.created.append(ProjectConfiguration.fileName)
            for (path, text) in ProjectScaffold.files {
                let url = root.appendingPathComponent(path)
                if fm.fileExists(atPath: url.path) {
                    outcome.kept.append(path)
                    continue
                }
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .withoutOverwriting)
                outcome.created.append(path)
            }
        } catch {
            outcome.failure = .cannotWrite(directory: directory, underlying: error)
        }
        return outcome
    }

    /// Adds the sandbox's state folder to .gitignore (creating it when missing).
    public func updateGitignore() -> GitignoreUpdate {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(".gitignore")
        let existing = FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) }
        guard let updated = ProjectScaffold.gitignore(existing: existing) else { return .unchanged }
        do {
            try Data(updated.utf8).write(to: url, options: .atomic)
            return existing == nil ? .created(entry: ProjectScaffold.ignoreEntry) : .added(entry: ProjectScaffold.ignoreEntry)
        } catch {
            return .failed(path: url.path, underlying: error, entry: ProjectScaffold.ignoreEntry)
        }
    }
}
