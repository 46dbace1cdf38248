import Foundation
import Manifest

/// What makes a project's YAML files complete and check themselves in an editor with
/// yaml-language-server (VS Code's YAML extension, Neovim, Helix, Emacs): the JSON
/// Schemas in the project, a modeline at the top of each manifest brazeform writes, and
/// a VS Code mapping for manifests written later by hand.
public enum EditorSupport {
    /// The project's schema folder, relative to the folder holding brazeform.yaml.
    public static let schemaFolder = "schema"

    /// Every schema file (`brazeform.schema.json`, `manifest.schema.json`, one per kind), by name, sorted.
    public static var schemaFiles: [(name: String, text: String)] {
        SchemaGenerator.schemas().sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The schema file of one kind (`content_block.schema.json`).
    public static func schemaName(of kind: ResourceKind) -> String { "\(kind.rawValue).schema.json" }

    public static let projectSchemaName = "brazeform.schema.json"

    /// `# yaml-language-server: $schema=<path>` for a file at `filePath` (relative to the
    /// project folder), pointing at `schema` in the project's schema folder: the path is
    /// relative to the file's own folder, as yaml-language-server resolves it.
    public static func modeline(forFileAt filePath: String, schema: String) -> String {
        let depth = filePath.split(separator: "/").count - 1
        return "# yaml-language-server: $schema=" + String(repeating: "../", count: max(depth, 0)) + schemaFolder + "/" + schema
    }

    /// The file glob (relative to the project folder) that a kind's manifests match in the
    /// layout init and export write: `braze/<kind>/*.yaml`.
    public static func manifestGlob(_ kind: ResourceKind, manifestsFolder: String = ProjectFileWriter.manifestsFolder) -> String {
        "\(manifestsFolder)/\(kind.rawValue)/*.yaml"
    }

    /// The kinds the mapping names. Not catalogs: their items files live beside them in
    /// `braze/catalog/` (export writes `.csv` or `.jsonl` there, and a hand-written items file
    /// may be `.yaml`), and yaml-language-server's globs cannot tell those apart (its `*` also
    /// crosses folders), so a catalog manifest gets its schema from its modeline alone.
    public static let mappedKinds: [ResourceKind] = ResourceKind.allCases.filter { $0 != .catalog }

    /// `.vscode/settings.json` path, relative to the project folder.
    public static let vscodeSettingsPath = ".vscode/settings.json"

    /// The `yaml.schemas` mapping: schema path (relative to the project folder, which VS Code
    /// must have open as its workspace folder) to the globs of the files it describes.
    public static func schemaMapping(manifestsFolder: String = ProjectFileWriter.manifestsFolder) -> [(schema: String, glob: String)] {
        [("./\(schemaFolder)/\(projectSchemaName)", ProjectConfiguration.fileName)]
            + mappedKinds.map { ("./\(schemaFolder)/\(schemaName(of: $0))", manifestGlob($0, manifestsFolder: manifestsFolder)) }
    }

    /// `.vscode/settings.json` holding the mapping alone.
    public static func vscodeSettings(manifestsFolder: String = ProjectFileWriter.manifestsFolder) -> String {
        let entries = schemaMapping(manifestsFolder: manifestsFolder).map { "    \(jsonString($0.schema)): \(jsonString($0.glob))" }
        return "{\n  \"yaml.schemas\": {\n" + entries.joined(separator: ",\n") + "\n  }\n}\n"
    }

    /// The files init writes for editors, relative to the project folder: the schemas and the VS Code mapping.
    public static func projectFiles(manifestsFolder: String = ProjectFileWriter.manifestsFolder) -> [(path: String, text: String)] {
        schemaFiles.map { ("\(schemaFolder)/\($0.name)", $0.text) } + [(vscodeSettingsPath, vscodeSettings(manifestsFolder: manifestsFolder))]
    }

    private static func jsonString(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        let array = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
        return String(array.dropFirst().dropLast())
    }
}
