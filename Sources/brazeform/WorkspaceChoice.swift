import BrazeCore
import BrazeAPI
import Engine
import Foundation
import Manifest

/// Which workspace a command reads from without loading the manifests.
enum WorkspaceChoice {
    /// Why no workspace could be chosen: the words for standard error, after the project file's diagnostics.
    struct Refusal: Error {
        var message: String
        var diagnostics = Diagnostics()
    }

    /// Export's source: the project's workspace (-w or default_workspace), or `--endpoint`
    /// when given or when there is no project.
    static func forExport(directory: String?, workspace: String?, endpoint: String?, apiKeyEnv: String) throws(Refusal) -> ExportSource {
        if let endpoint, let problem = EndpointRules.problem(with: endpoint) {
            throw Refusal(message: "brazeform: --endpoint: \(problem)")
        }
        let fallbackDirectory = directory.map(absolutePath) ?? FileManager.default.currentDirectoryPath
        guard let file = ProjectConfigurationLoader.locate(directory: directory) else {
            guard let endpoint else {
                let place = directory ?? "the current folder or any folder above it"
                throw Refusal(message: "brazeform: no \(ProjectConfiguration.fileName) in \(place), so no workspace to export; pass --endpoint URL and --api-key-env NAME (default BRAZE_API_KEY), or -C a project folder")
            }
            let settings = WorkspaceConfiguration(name: workspace ?? "default", endpoint: endpoint, apiKeyEnv: apiKeyEnv)
            return ExportSource(workspace: settings, projectDirectory: nil, endpointOverride: endpoint, apiKeyEnvOverride: apiKeyEnv, defaultOutDirectory: fallbackDirectory)
        }
        var diagnostics = Diagnostics()
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        guard let configuration = ProjectConfigurationLoader.load(file: path, displayPath: file, diagnostics: &diagnostics), !diagnostics.hasErrors else {
            throw Refusal(message: "brazeform: \(file) is invalid; nothing was read from Braze", diagnostics: diagnostics)
        }
        let projectDirectory = configuration.directory
        if let endpoint {
            let name = workspace ?? configuration.defaultWorkspace ?? "default"
            var settings = configuration.workspace(named: name) ?? WorkspaceConfiguration(name: name)
            settings.sandbox = false
            settings.instance = nil
            settings.endpoint = endpoint
            settings.apiKeyEnv = apiKeyEnv
            return ExportSource(workspace: settings, projectDirectory: projectDirectory, endpointOverride: endpoint, apiKeyEnvOverride: apiKeyEnv,
                                defaultOutDirectory: projectDirectory, ignore: configuration.ignore)
        }
        // The same choice, and the same words, as plan's (Manifest's one selection rule).
        let settings: WorkspaceConfiguration
        switch configuration.selectWorkspace(named: workspace) {
        case .success(let chosen): settings = chosen
        case .failure(let refusal): throw Refusal(message: "brazeform: \(refusal.message ?? "no workspace to export in \(file)")")
        }
        return ExportSource(workspace: settings, projectDirectory: projectDirectory, defaultOutDirectory: projectDirectory, ignore: configuration.ignore)
    }
}

extension WorkspaceChoice {
    /// `init --from-existing SOURCE`'s workspace: a Braze instance (US-01 …) or a REST endpoint URL.
    static func forInit(source: String, workspace: String?, apiKeyEnv: String, directory: String) throws(Refusal) -> ExportSource {
        var settings = WorkspaceConfiguration(name: workspace ?? "main", apiKeyEnv: apiKeyEnv)
        if let instance = BrazeInstances.names.first(where: { $0 == source.uppercased() }) {
            settings.instance = instance
        } else if source.contains("://") {
            if let problem = EndpointRules.problem(with: source) { throw Refusal(message: "brazeform: --from-existing: \(problem)") }
            settings.endpoint = source
        } else {
            throw Refusal(message: "brazeform: --from-existing '\(source)' is neither a Braze instance (\(BrazeInstances.names.joined(separator: ", "))) nor a REST endpoint URL")
        }
        return ExportSource(workspace: settings, projectDirectory: directory, defaultOutDirectory: directory)
    }
}
