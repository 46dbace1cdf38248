import Foundation
import BrazeCore
import YAML

/// Resolves `{file: RELATIVE/PATH}` values: relative to the manifest that names
/// them, never outside the project folder (symbolic links resolved first).
struct FileIncluder {
    /// The project folder with symbolic links resolved.
    let projectRoot: String
    let displayPath: (String) -> String
    /// The bytes of the list-rooted files of the manifests folders, by real path, as the loader
    /// read them: a YAML items file there is read from disk once, not again by the item reader.
    let preread: [String: [UInt8]]
    /// Every file a `{file:}` resolved to (real paths): not manifests, whatever their extension.
    let included = IncludedFiles()

    init(projectDirectory: String, preread: [String: [UInt8]] = [:], displayPath: @escaping (String) -> String) {
        self.projectRoot = FileIncluder.realPath(projectDirectory) ?? projectDirectory
        self.preread = preread
        self.displayPath = displayPath
    }

    /// The set of included files, shared by every copy of the includer during one load.
    final class IncludedFiles: @unchecked Sendable {
        private(set) var paths: Set<String> = []
        func insert(_ path: String) { paths.insert(path) }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    func isInsideProject(_ path: String) -> Bool {
        path == projectRoot || path.hasPrefix(projectRoot.hasSuffix("/") ? projectRoot : projectRoot + "/")
    }

    /// True when `node` is a `{file: ...}` mapping.
    static func isInclude(_ node: Node) -> Bool {
        guard let pairs = node.mapping, pairs.count == 1 else { return false }
        return pairs[0].key.text == "file"
    }

    /// The absolute path a `{file:}` node names, after every safety check; nil with a diagnostic otherwise.
    func resolve(_ node: Node, manifestFile: String, field: String, diagnostics: inout Diagnostics) -> String? {
        guard let pairs = node.mapping else { return nil }
        for pair in pairs where pair.key.text != "file" {
            diagnostics.error("'\(field)' as {file: PATH} takes only 'file', not '\(pair.key.text ?? "?")'", at: pair.key.location)
            return nil
        }
        guard let pathNode = pairs.first?.value, let relative = pathNode.scalar, !relative.isNull, !relative.text.isEmpty else {
            diagnostics.error("'\(field)': {file: ...} needs a path relative to this manifest", at: node.location)
            return nil
        }
        if relative.text.hasPrefix("/") {
            diagnostics.error("'\(field)': '\(relative.text)' is an absolute path; {file:} paths are relative to the manifest and stay inside the project folder", at: pathNode.location)
            return nil
        }
        let manifestDirectory = URL(fileURLWithPath: manifestFile).deletingLastPathComponent()
        let candidate = manifestDirectory.appendingPathComponent(relative.text).standardizedFileURL.path
        let candidateInside = isInsideProject(candidate)
        guard FileManager.default.fileExists(atPath: candidate), let real = Self.realPath(candidate) else {
            let suggestion = candidateInside ? Self.similarFile(to: relative.text, in: URL(fileURLWithPath: candidate).deletingLastPathComponent().path) : nil
            let lookedFor = candidateInside ? " (looked for \(displayPath(candidate))\(suggestion.map { "; did you mean '\($0)'?" } ?? ""))" : ", and it would be outside the project folder anyway"
            diagnostics.error("'\(field)': file '\(relative.text)' not found\(lookedFor)", at: pathNode.location)
            return nil
        }
        guard isInsideProject(real) else {
            let how = candidateInside ? "through a symbolic link " : ""
            diagnostics.error("'\(field)': '\(relative.text)' leads \(how)outside the project folder; included files must stay inside the folder holding brazeform.yaml", at: pathNode.location)
            return nil
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), isDirectory.boolValue {
            diagnostics.error("'\(field)': '\(relative.text)' is a folder, not a file", at: pathNode.location)
            return nil
        }
        included.insert(real)
        return real
    }

    /// A file in `folder` named like the missing `relative` path's last component (`spring.html`
    /// for `sprng.html`), as `relative` would name it; nil when none is close.
    static func similarFile(to relative: String, in folder: String) -> String? {
        let missing = (relative as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        let files = names.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
        guard let closest = Suggestions.closest(to: missing, in: files), closest != missing else { return nil }
        let prefix = relative.dropLast(missing.count)
        return String(prefix) + closest
    }

    /// The text of a `{file:}` value, byte for byte (it must be UTF-8).
    func text(_ node: Node, manifestFile: String, field: String, diagnostics: inout Diagnostics) -> SourcedText? {
        guard let path = resolve(node, manifestFile: manifestFile, field: field, diagnostics: &diagnostics) else { return nil }
        let data: Data
        do {
            data = Data(try FileReading.readRegularFile(path))
        } catch {
            diagnostics.error("'\(field)': cannot read \(displayPath(path)): \(error.reason)", at: node.location)
            return nil
        }
        // Byte for byte: a leading byte order mark is part of the value (Foundation's decoding would drop it).
        guard String(data: data, encoding: .utf8) != nil else {
            diagnostics.error("'\(field)': \(displayPath(path)) is not UTF-8 text", at: node.location)
            return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        return SourcedText(text, origin: .file(path: displayPath(path), reference: node.location))
    }
}
