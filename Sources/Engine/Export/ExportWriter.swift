import Foundation
import Manifest

/// Why export wrote nothing (or stopped writing).
public enum ExportError: Error {
    /// A folder stands where a file must go (`path` relative to the output folder when inside it).
    case folderInTheWay(path: String)
    /// Existing files would change and --force was not given (sorted paths relative to `directory`).
    case wouldOverwrite(paths: [String], directory: String)
    /// Writing failed part way.
    case cannotWrite(directory: String, underlying: any Error)
}

/// Puts exported files into a folder: what the folder already declares, which
/// files conflict or are unchanged, the --force policy, and atomic writes.
public struct ExportWriter: Sendable {
    public var outDirectory: String
    /// Overwrite existing files whose content differs.
    public var force: Bool

    public init(outDirectory: String, force: Bool) {
        self.outDirectory = outDirectory
        self.force = force
    }

    /// What writing a set of files would do.
    public struct Check: Sendable {
        /// Files whose content is already there, byte for byte.
        public var unchanged: Set<String> = []
        /// Existing files whose content differs.
        public var conflicts: [String] = []
    }

    /// Compares `files` with the folder; throws when a folder is in the way, or when
    /// files would be overwritten without --force.
    public func check(_ files: [ExportedFile]) throws(ExportError) -> Check {
        let fm = FileManager.default
        let outURL = URL(fileURLWithPath: outDirectory)
        var check = Check()
        for file in files {
            let path = outURL.appendingPathComponent(file.path).path
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if !isDirectory.boolValue, let existing = fm.contents(atPath: path), existing == file.data {
                check.unchanged.insert(file.path)
            } else if isDirectory.boolValue {
                throw .folderInTheWay(path: Self.shown(file.path, in: outDirectory))
            } else {
                check.conflicts.append(file.path)
            }
        }
        if !check.conflicts.isEmpty && !force {
            throw .wouldOverwrite(paths: check.conflicts.sorted(), directory: outDirectory)
        }
        return check
    }

    /// Writes every file not in `unchanged`, each atomically; returns how many were written.
    public func write(_ files: [ExportedFile], skipping unchanged: Set<String>) throws(ExportError) -> Int {
        let fm = FileManager.default
        let outURL = URL(fileURLWithPath: outDirectory)
        var written = 0
        do {
            for file in files where !unchanged.contains(file.path) {
                let url = outURL.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: url, options: .atomic)
                written += 1
            }
        } catch {
            throw .cannotWrite(directory: outDirectory, underlying: error)
        }
        return written
    }

    /// Every resource the folder's manifests declare, with the manifest (relative to the folder) declaring it.
    public static func declaredResources(in directory: String) -> [ResourceAddress: String] {
        let loaded = ProjectLoader(directory: directory, displayBase: directory).load()
        var result: [ResourceAddress: String] = [:]
        for resource in loaded.project?.resources ?? [] {
            result[resource.address] = shown(resource.location.file, in: directory)
        }
        return result
    }

    /// A path relative to `directory` when inside it.
    public static func shown(_ path: String, in directory: String) -> String {
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
}
