import Foundation
@testable import Manifest

/// A throwaway project folder for a test: write files, load, clean up.
final class TestProject {
    let root: URL

    init(files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func load(workspace: String? = nil, all: Bool = false) -> ProjectLoadResult {
        ProjectLoader(directory: root.path, workspaceName: workspace, checkAllWorkspaces: all, displayBase: root.path).load()
    }

    static let standardProjectFile = """
    version: 1
    manifests: [m]
    default_workspace: sandbox
    workspaces:
      sandbox: {sandbox: true, vars: {cdn: https://cdn.sandbox.example.com, group: 6e2d1f0a-0000-4000-8000-000000000001}}
      production: {instance: US-03, api_key_env: BRAZE_PRODUCTION_API_KEY, vars: {cdn: https://cdn.example.com, group: 6e2d1f0a-0000-4000-8000-000000000002}}

    """
}

extension ProjectLoadResult {
    var lines: [String] { diagnostics.sorted.map(\.description) }
}
