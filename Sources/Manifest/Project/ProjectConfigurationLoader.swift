import BrazeCore
import Foundation
import YAML

/// Finds and reads `brazeform.yaml`.
public enum ProjectConfigurationLoader {
    /// The project file in `directory`, or in the current directory or its nearest parent.
    public static func locate(directory: String?) -> String? {
        let fm = FileManager.default
        if let directory {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(ProjectConfiguration.fileName).path
            return fm.fileExists(atPath: path) ? path : nil
        }
        // A current folder that was deleted has no path: there is nothing above it to search.
        let cwd = fm.currentDirectoryPath
        guard cwd.hasPrefix("/"), fm.fileExists(atPath: cwd) else { return nil }
        var dir = URL(fileURLWithPath: cwd).standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent(ProjectConfiguration.fileName).path
            if fm.fileExists(atPath: candidate) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    public static func load(file: String, displayPath: String, diagnostics: inout Diagnostics) -> ProjectConfiguration? {
        let documents: [YAMLDocument]
        do {
            documents = try YAMLReader().read(bytes: try FileReading.readRegularFile(file), file: displayPath)
        } catch let error as YAMLError {
            diagnostics.error(error.message, at: error.location)
            return nil
        } catch let error as FileReading.Failure {
            diagnostics.error("cannot read \(displayPath): \(error.reason)", at: nil)
            return nil
        } catch {
            diagnostics.error("cannot read \(displayPath): \(error)", at: nil)
            return nil
        }
        guard documents.count == 1, let root = documents[0].root else {
            diagnostics.error("\(ProjectConfiguration.fileName) must hold exactly one YAML document", at: SourceLocation(file: displayPath, line: 1, column: 1))
            return nil
        }
        for dup in documents[0].duplicateKeys {
            diagnostics.error("'\(dup.key)' is written twice (first at \(dup.first))", at: dup.second)
        }
        guard let decoder = MappingDecoder(root, specs: ProjectConfiguration.fieldSpecs, context: ProjectConfiguration.fileName, diagnostics: &diagnostics) else {
            return nil
        }
        let version = decoder.int("version", diagnostics: &diagnostics)
        if let version, version != 1, let loc = decoder.value("version")?.location {
            diagnostics.error("unsupported project file version \(version); this brazeform reads version 1", at: loc)
        }
        var workspaces: [WorkspaceConfiguration] = []
        if let node = decoder.value("workspaces") {
            if let pairs = node.mapping {
                for pair in pairs {
                    guard let name = pair.key.text else { continue }
                    if let ws = workspace(name: name, node: pair.value, diagnostics: &diagnostics) { workspaces.append(ws) }
                }
                if pairs.isEmpty { diagnostics.error("'workspaces' declares no workspace", at: node.location) }
            } else {
                diagnostics.error("'workspaces' must be a mapping of workspace names to settings", at: node.location)
            }
        }
        let defaultWorkspace = decoder.string("default_workspace", diagnostics: &diagnostics)
        if let (name, loc) = defaultWorkspace, !workspaces.contains(where: { $0.name == name }) {
            diagnostics.error("default_workspace '\(name)' is not one of the workspaces\(Suggestions.didYouMean(name, in: workspaces.map(\.name))); workspaces: \(workspaces.map(\.name).joined(separator: ", "))", at: loc)
        }
        var ignore: [ResourceKind: [String]] = [:]
        if let node = decoder.value("ignore"), let ignoreDecoder = MappingDecoder(node, specs: ProjectConfiguration.ignoreSpecs, context: "ignore", diagnostics: &diagnostics) {
            for kind in ResourceKind.allCases {
                if let patterns = ignoreDecoder.stringList(kind.rawValue, diagnostics: &diagnostics) { ignore[kind] = patterns }
            }
        }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
        var configuration = ProjectConfiguration(
            directory: directory,
            file: file,
            displayPath: displayPath,
            version: version ?? 1,
            manifests: decoder.stringList("manifests", diagnostics: &diagnostics) ?? ["."],
            defaultWorkspace: defaultWorkspace?.0,
            prune: decoder.bool("prune", diagnostics: &diagnostics) ?? false,
            workspaces: workspaces,
            ignore: ignore
        )
        configuration.manifestLocations = decoder.value("manifests")?.sequence?.map(\.location) ?? []
        return configuration
    }

    private static func workspace(name: String, node: Node, diagnostics: inout Diagnostics) -> WorkspaceConfiguration? {
        let context = "workspace '\(name)'"
        guard let decoder = MappingDecoder(node, specs: WorkspaceConfiguration.fieldSpecs, context: context, diagnostics: &diagnostics) else { return nil }
        if !NameRules.isValidName(name) {
            diagnostics.error("workspace name '\(Printable.escaped(name))' may hold only letters, digits, '-' and '_' (it names files under .brazeform/)", at: node.location)
        }
        var ws = WorkspaceConfiguration(name: name, location: node.location)
        ws.sandbox = decoder.bool("sandbox", diagnostics: &diagnostics) ?? false
        if let (instance, loc) = decoder.string("instance", diagnostics: &diagnostics) {
            if BrazeInstances.hosts[instance.uppercased()] == nil {
                diagnostics.error("unknown Braze instance '\(instance)' in \(context); known instances: \(BrazeInstances.names.joined(separator: ", "))", at: loc)
            }
            ws.instance = instance.uppercased()
        }
        if let (endpoint, loc) = decoder.string("endpoint", diagnostics: &diagnostics) {
            if let problem = EndpointRules.problem(with: endpoint) {
                diagnostics.error("\(context): \(problem)", at: loc)
            }
            ws.endpoint = endpoint
        }
        if let (env, loc) = decoder.string("api_key_env", diagnostics: &diagnostics) {
            if env.isEmpty || env.first!.isNumber || !env.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                diagnostics.error("api_key_env in \(context) must be the name of an environment variable (letters, digits and _), not '\(env)'", at: loc)
            }
            ws.apiKeyEnv = env
        }
        if let varsNode = decoder.value("vars") {
            if let pairs = varsNode.mapping {
                for pair in pairs {
                    guard let key = pair.key.text else { continue }
                    guard let value = pair.value.scalar, !value.isNull else {
                        diagnostics.error("variable '\(key)' of \(context) must be a string, not \(pair.value.kindDescription)", at: pair.value.location)
                        continue
                    }
                    ws.vars[key] = value.text
                }
            } else if varsNode.scalar?.isNull != true {
                diagnostics.error("'vars' of \(context) must be a mapping of names to strings", at: varsNode.location)
            }
        }
        if let limits = decoder.oneOf("sandbox_limits", SandboxLimits.self, diagnostics: &diagnostics) { ws.sandboxLimits = limits }
        if let tags = decoder.stringList("sandbox_tags", diagnostics: &diagnostics) { ws.sandboxTags = tags }
        if let groups = decoder.value("sandbox_subscription_groups"), groups.scalar?.isNull != true {
            if let items = groups.sequence {
                for (index, item) in items.enumerated() {
                    let itemContext = "sandbox_subscription_groups[\(index)] of \(context)"
                    guard let d = MappingDecoder(item, specs: SandboxSubscriptionGroup.fieldSpecs, context: itemContext, diagnostics: &diagnostics),
                          let (id, _) = d.string("id", diagnostics: &diagnostics), let (groupName, _) = d.string("name", diagnostics: &diagnostics),
                          let channel = d.oneOf("channel", SubscriptionChannel.self, diagnostics: &diagnostics) else { continue }
                    ws.sandboxSubscriptionGroups.append(SandboxSubscriptionGroup(id: id, name: groupName, channel: channel))
                }
            } else {
                diagnostics.error("'sandbox_subscription_groups' of \(context) must be a list of {id, name, channel}", at: groups.location)
            }
        }
        if !ws.sandbox, let key = ["sandbox_limits", "sandbox_tags", "sandbox_subscription_groups"].first(where: { decoder.value($0) != nil }) {
            diagnostics.error("'\(key)' in \(context) applies to sandbox workspaces only (add `sandbox: true` or remove it)", at: decoder.keyLocation(key) ?? node.location)
        }
        let targets = [ws.sandbox ? "sandbox: true" : nil, ws.instance.map { _ in "instance" }, ws.endpoint.map { _ in "endpoint" }].compactMap { $0 }
        if targets.isEmpty {
            diagnostics.error("\(context) needs one of 'sandbox: true', 'instance' or 'endpoint'", at: node.location)
        } else if targets.count > 1 {
            diagnostics.error("\(context) sets \(targets.joined(separator: " and ")); choose one", at: node.location)
        }
        return ws
    }
}
