import BrazeCore
import Foundation
import YAML

/// Loads `brazeform.yaml` and every manifest, and runs every check that needs no API call.
public struct ProjectLoader {
    /// `-C`: the project folder; nil searches the current folder and its parents.
    public var directory: String?
    /// `-w`: nil selects `default_workspace` (or the only workspace).
    public var workspaceName: String?
    /// Also interpolate and check for every other workspace (what `validate` does without `-w`).
    public var checkAllWorkspaces: Bool

    /// Paths in diagnostics are shown relative to this folder when inside it (default: the current folder).
    public var displayBase: String

    public init(directory: String? = nil, workspaceName: String? = nil, checkAllWorkspaces: Bool = false, displayBase: String? = nil) {
        self.directory = directory
        self.workspaceName = workspaceName
        self.checkAllWorkspaces = checkAllWorkspaces
        self.displayBase = displayBase ?? FileManager.default.currentDirectoryPath
    }

    /// Paths as users see them: relative to `displayBase` when inside it.
    public func displayPath(_ path: String) -> String {
        let base = FileIncluder.realPath(displayBase) ?? URL(fileURLWithPath: displayBase).standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    public func load() -> ProjectLoadResult {
        var diagnostics = Diagnostics()
        guard let file = ProjectConfigurationLoader.locate(directory: directory) else {
            let cwd = FileManager.default.currentDirectoryPath
            if directory == nil, !cwd.hasPrefix("/") || !FileManager.default.fileExists(atPath: cwd) {
                diagnostics.error("the current folder no longer exists (it was deleted or moved); cd into the project, or pass -C DIR", at: nil)
                return ProjectLoadResult(project: nil, diagnostics: diagnostics)
            }
            let place = directory ?? cwd
            diagnostics.error("no \(ProjectConfiguration.fileName) in \(place)\(directory == nil ? " or any folder above it" : ""); run `brazeform init` to create one, or pass -C DIR", at: nil)
            return ProjectLoadResult(project: nil, diagnostics: diagnostics)
        }
        let absolute = FileIncluder.realPath(file) ?? URL(fileURLWithPath: file).standardizedFileURL.path
        guard let configuration = ProjectConfigurationLoader.load(file: absolute, displayPath: self.displayPath(absolute), diagnostics: &diagnostics) else {
            return ProjectLoadResult(project: nil, diagnostics: diagnostics)
        }
        let selected = selectWorkspace(configuration, diagnostics: &diagnostics)
        let files = manifestFiles(configuration, diagnostics: &diagnostics)
        // Parse every manifest file first: a `.yaml` items file inside a manifests folder is
        // known to be one only once the catalogs naming it are decoded.
        // A file whose root is a list is left unparsed until then: it is most likely an items
        // file, which the item reader streams without building its tree.
        var parsed: [String: Result<[YAMLDocument], YAMLError>] = [:]
        var listRooted: [String: [UInt8]] = [:]
        var readFailures: [String: Diagnostic] = [:]
        var order: [(path: String, real: String, shown: String)] = []
        let reader = YAMLReader()
        for path in files {
            let shown = self.displayPath(path)
            let real = FileIncluder.realPath(path) ?? path
            order.append((path, real, shown))
            do {
                let bytes = try FileReading.readRegularFile(path)
                if YAMLItemStream.startsWithList(bytes, file: shown) != nil {
                    listRooted[real] = bytes
                    continue
                }
                parsed[real] = .success(try reader.read(bytes: bytes, file: shown))
            } catch let error as YAMLError {
                parsed[real] = .failure(error)
            } catch let error as FileReading.Failure {
                readFailures[real] = .error("cannot read \(shown): \(error.reason)", at: SourceLocation(file: shown, line: 1, column: 1))
            } catch {
                readFailures[real] = .error("cannot read \(shown): \(error)", at: SourceLocation(file: shown, line: 1, column: 1))
            }
        }
        let includer = FileIncluder(projectDirectory: configuration.directory, preread: listRooted, displayPath: { self.displayPath($0) })

        // Decode every document that has a kind; what is no resource waits until the
        // included files are known (an items file is not a manifest).
        var raw: [Resource] = []
        var notResources: [String: [Diagnostic]] = [:]
        func decodeDocuments(of file: (path: String, real: String, shown: String), _ documents: [YAMLDocument]) {
            let decoder = ResourceDecoder(includer: includer, manifestFile: file.path)
            for document in documents {
                for dup in document.duplicateKeys {
                    notResources[file.real, default: []].append(.error("'\(dup.key)' is written twice in one mapping (first at \(dup.first)); remove one", at: dup.second))
                }
                guard let root = document.root else { continue }
                if root.mapping == nil {
                    if root.scalar?.isNull == true { continue }  // an empty document (`---` alone, or `~`)
                    let what = root.sequence != nil ? "a list" : root.kindDescription
                    notResources[file.real, default: []].append(.error("this document is \(what), not a mapping, so it declares no resource; each resource is one YAML document (a mapping with 'kind'), separated by ---", at: root.location))
                    continue
                }
                if root["kind"] == nil {
                    if root.mapping?.isEmpty == true { continue }
                    let keys = root.mapping?.compactMap { $0.key.text } ?? []
                    let hint = keys.first(where: { Suggestions.didYouMean($0, in: ["kind"]).isEmpty == false }).map { " ('\(Printable.clipped($0))' is not 'kind')" } ?? ""
                    notResources[file.real, default: []].append(.error("this document has no 'kind', so it declares no resource\(hint); add kind: content_block, email_template, catalog, preference_center or subscription_group", at: root.location))
                    continue
                }
                if let resource = decoder.decode(root, diagnostics: &diagnostics) { raw.append(resource) }
            }
        }
        for file in order {
            if case .success(let documents)? = parsed[file.real] { decodeDocuments(of: file, documents) }
        }
        // A list-rooted file that no catalog names is a manifest after all (its first
        // document an error, its others maybe resources): parsed and decoded now.
        for file in order where !includer.included.paths.contains(file.real) {
            guard let bytes = listRooted[file.real] else { continue }
            do {
                let documents = try reader.read(bytes: bytes, file: file.shown)
                parsed[file.real] = .success(documents)
                decodeDocuments(of: file, documents)
            } catch let error as YAMLError {
                parsed[file.real] = .failure(error)
            } catch {
                parsed[file.real] = .failure(YAMLError("\(error)", at: SourceLocation(file: file.shown, line: 1, column: 1)))
            }
        }
        // Manifests that could not be read or parsed: what they declare is unknown.
        var unread: [String] = []
        for file in order where !includer.included.paths.contains(file.real) {
            if let failure = readFailures[file.real] {
                diagnostics.append(failure)
                unread.append(file.shown)
            } else if case .failure(let error)? = parsed[file.real] {
                diagnostics.error(error.message, at: error.location)
                unread.append(file.shown)
            }
            diagnostics.append(contentsOf: notResources[file.real] ?? [])
        }

        raw = removingDuplicates(raw, diagnostics: &diagnostics)
        for resource in raw { resource.check(diagnostics: &diagnostics) }
        let centers = raw.filter { $0.kind == .preferenceCenter }
        if centers.count > BrazeLimits.preferenceCentersMaximum, let extra = centers.dropFirst(BrazeLimits.preferenceCentersMaximum).first {
            diagnostics.error("\(centers.count) preference centers are declared; a Braze workspace holds at most \(BrazeLimits.preferenceCentersMaximum)", at: extra.location)
        }

        // Interpolate for the selected workspace (and, for validate, every other one).
        var interpolated = raw
        let workspaces = checkAllWorkspaces ? configuration.workspaces : (selected.map { [$0] } ?? [])
        for workspace in workspaces {
            let resources = interpolate(raw, for: workspace, diagnostics: &diagnostics)
            if workspace.name == selected?.name { interpolated = resources }
        }

        let graph = buildGraph(raw: raw, interpolated: interpolated, unreadManifests: unread, diagnostics: &diagnostics)
        guard let selected else { return ProjectLoadResult(project: nil, diagnostics: diagnostics) }
        let project = Project(configuration: configuration, workspace: selected, resources: interpolated, graph: graph, manifestFiles: files)
        return ProjectLoadResult(project: project, diagnostics: diagnostics)
    }

    private func selectWorkspace(_ configuration: ProjectConfiguration, diagnostics: inout Diagnostics) -> WorkspaceConfiguration? {
        switch configuration.selectWorkspace(named: workspaceName) {
        case .success(let workspace):
            return workspace
        case .failure(let error):
            if let message = error.message { diagnostics.error(message, at: nil) }
            return nil
        }
    }

    /// Every manifest file the `manifests` entries name, sorted, without the project file.
    private func manifestFiles(_ configuration: ProjectConfiguration, diagnostics: inout Diagnostics) -> [String] {
        let fm = FileManager.default
        var found = Set<String>()
        let root = URL(fileURLWithPath: configuration.directory)
        for (index, entry) in configuration.manifests.enumerated() {
            let entryLocation = index < configuration.manifestLocations.count ? configuration.manifestLocations[index] : SourceLocation(file: displayPath(configuration.file), line: 1, column: 1)
            if entry.contains(where: { "*?[".contains($0) }) {
                let matches = Glob.match(entry, in: configuration.directory)
                if matches.isEmpty {
                    diagnostics.warning("manifests entry '\(entry)' matches no file", at: entryLocation)
                }
                for path in matches where Glob.isManifest(path) { found.insert(path) }
                continue
            }
            let path = root.appendingPathComponent(entry).standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.error("manifests entry '\(entry)' does not exist: no file or folder \(self.displayPath(path))", at: entryLocation)
                continue
            }
            if isDirectory.boolValue {
                let (files, problems) = Glob.manifests(under: path)
                for file in files { found.insert(file) }
                // A folder that cannot be read is never skipped silently: with prune, what it
                // declares would look undeclared and be deleted.
                for problem in problems {
                    diagnostics.error("cannot read \(self.displayPath(problem.path)): \(problem.reason); brazeform will not plan with part of the manifests missing", at: entryLocation)
                }
            } else {
                found.insert(path)
            }
        }
        found.remove(URL(fileURLWithPath: configuration.file).standardizedFileURL.path)
        return found.sorted()
    }

    /// Two declarations of one kind and name are an error naming both places.
    private func removingDuplicates(_ resources: [Resource], diagnostics: inout Diagnostics) -> [Resource] {
        var first: [ResourceAddress: Resource] = [:]
        var result: [Resource] = []
        for resource in resources {
            if let previous = first[resource.address] {
                diagnostics.error("\(resource.kind.displayName) '\(resource.name)' is declared twice: here and at \(previous.location); names are keys, so rename or remove one", at: resource.location)
                continue
            }
            first[resource.address] = resource
            result.append(resource)
        }
        return result
    }
}
