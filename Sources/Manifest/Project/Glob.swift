import BrazeCore
import Foundation

/// File matching for the `manifests` entries.
enum Glob {
    static func isManifest(_ path: String) -> Bool {
        path.hasSuffix(".yaml") || path.hasSuffix(".yml")
    }

    /// Every *.yaml / *.yml under `directory`, skipping hidden folders and build output,
    /// and every folder or entry that could not be read (permission, a link loop), with why.
    static func manifests(under directory: String) -> (files: [String], problems: [FileReading.WalkProblem]) {
        let walked = FileReading.walk(directory)
        let files = walked.files.filter { isManifest(($0 as NSString).lastPathComponent) }.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        return (files, walked.problems)
    }

    /// Files matching a shell pattern relative to `directory` (`*`, `?`, `[...]`; `**/` crosses folders).
    static func match(_ pattern: String, in directory: String) -> [String] {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        let all = allFiles(under: root)
        return all.filter { path in
            let relative = String(path.dropFirst(root.count + 1))
            if pattern.contains("**/") {
                let flat = pattern.replacingOccurrences(of: "**/", with: "")
                return fnmatch(pattern.replacingOccurrences(of: "**/", with: "*/"), relative, 0) == 0 || fnmatch(flat, relative, 0) == 0
            }
            return fnmatch(pattern, relative, FNM_PATHNAME) == 0
        }
    }

    private static func allFiles(under root: String) -> [String] {
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(at: URL(fileURLWithPath: root), includingPropertiesForKeys: [.isDirectoryKey]) else { return [] }
        var result: [String] = []
        for case let url as URL in enumerator {
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            if isDirectory {
                if url.lastPathComponent.hasPrefix(".") { enumerator.skipDescendants() }
                continue
            }
            result.append(url.standardizedFileURL.path)
        }
        return result
    }
}
