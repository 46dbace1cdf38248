import Foundation
import Manifest

/// How the written folder loads, as plan will load it.
public enum ExportVerification: Sendable {
    /// Nothing was exported, so nothing was loaded.
    case notChecked
    /// Every exported resource is part of the project.
    case clean
    /// The folder does not load cleanly.
    case loadErrors(Diagnostics)
    /// The project's `manifests` does not reach these exported resources (written under `manifestsFolder`/).
    case notInProject(missing: [ResourceAddress], manifestsFolder: String)
}

/// Reloads what export wrote.
public enum ExportVerifier {
    public static func verify(_ resources: [ResourceAddress], in directory: String, manifestsFolder: String = ManifestExporter(source: "").manifestsFolder) -> ExportVerification {
        guard !resources.isEmpty else { return .notChecked }
        let loaded = ProjectLoader(directory: directory, displayBase: directory).load()
        if loaded.diagnostics.hasErrors { return .loadErrors(loaded.diagnostics) }
        let declared = Set(loaded.project?.resources.map(\.address) ?? [])
        let missing = resources.filter { !declared.contains($0) }
        return missing.isEmpty ? .clean : .notInProject(missing: missing, manifestsFolder: manifestsFolder)
    }
}
