import BrazeAPI
import Foundation
import Manifest
import YAML

/// One file `export` writes: its path relative to the output folder and its bytes.
public struct ExportedFile: Sendable, Hashable {
    public var path: String
    public var data: Data
    /// The resource it belongs to (nil for the project file).
    public var resource: ResourceAddress?

    public init(path: String, data: Data, resource: ResourceAddress?) {
        self.path = path
        self.data = data
        self.resource = resource
    }
}

/// What `export` will write, and what the user should know about it.
public struct ExportResult: Sendable {
    public var files: [ExportedFile] = []
    /// The resources exported, in the order written.
    public var resources: [ResourceAddress] = []
    /// Things that will not round-trip exactly, or that need a person's attention.
    public var warnings: [String] = []
}

/// Turns live resources into manifests a person would want to review: one YAML
/// file per resource under `braze/<kind>/`, long or multi-line text in files of its
/// own (written byte for byte), short single-line values inline, catalog items as
/// CSV. `plan` on the result against the same workspace shows no changes: every
/// field written is one plan compares, written exactly as Braze returned it.
public struct ManifestExporter: Sendable {
    /// The folder under the output folder that holds the manifests.
    public var manifestsFolder: String
    /// Words for the header comment: "workspace 'staging'".
    public var source: String

    public init(manifestsFolder: String = "braze", source: String) {
        self.manifestsFolder = manifestsFolder
        self.source = source
    }

    public func export(_ contents: WorkspaceContents) -> ExportResult {
        var result = ExportResult()
        var names = FileNames()
        for block in contents.contentBlocks { add(contentBlock(block, &names), to: &result) }
        for template in contents.emailTemplates { add(emailTemplate(template, &names), to: &result) }
        for catalog in contents.catalogs { add(self.catalog(catalog, &names), to: &result) }
        for center in contents.preferenceCenters { add(preferenceCenter(center, &names), to: &result) }
        return result
    }

    private func add(_ resource: ResourceFiles, to result: inout ExportResult) {
        result.files.append(contentsOf: resource.files)
        result.resources.append(resource.address)
        result.warnings.append(contentsOf: resource.warnings)
    }

    // MARK: kinds (one file each under Kinds/)

    func folder(_ kind: ResourceKind) -> String {
        "\(manifestsFolder)/\(kind.rawValue)"
    }
}

struct FileNames {
    private var used: [ResourceKind: Set<String>] = [:]

    mutating func stem(for name: String, in kind: ResourceKind) -> String {
        var base = String(name.unicodeScalars.map { s -> Character in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_") ? Character(s) : "_"
        })
        if base.isEmpty { base = "_" }
        if base.count > 100 { base = String(base.prefix(100)) }
        var candidate = base
        var n = 2
        while used[kind, default: []].contains(candidate.lowercased()) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        used[kind, default: []].insert(candidate.lowercased())
        return candidate
    }
}

/// The manifest of one resource being written, and the files beside it.
struct ResourceFiles {
    var address: ResourceAddress
    var folder: String
    var stem: String
    var lines: [String] = []
    var extraFiles: [ExportedFile] = []
    var warnings: [String] = []

    init(address: ResourceAddress, folder: String, stem: String) {
        self.address = address
        self.folder = folder
        self.stem = stem
    }

    mutating func line(_ text: String) { lines.append(text) }

    mutating func header() {
        line(YAMLText.comment("\(address.kind.displayName.prefix(1).uppercased() + address.kind.displayName.dropFirst()) '\(address.name)', written by `brazeform export`."))
    }

    /// A file beside the manifest; returns its name relative to the manifest.
    mutating func file(suffix: String, ext: String, data: Data) -> String {
        let name = "\(stem)\(suffix).\(ext)"
        extraFiles.append(ExportedFile(path: "\(folder)/\(name)", data: data, resource: address))
        return name
    }

    /// `key: value` inline when YAML holds it exactly on one line, else `key: {file: ...}`.
    mutating func text(_ key: String, _ value: String, suffix: String, ext: String, alwaysFile: Bool = false, indent: String = "") {
        let keyText = YAMLText.scalar(key)
        if value.unicodeScalars.first?.value == 0xFEFF {
            // The manifest loader drops a byte order mark at the start of a {file:} file;
            // an escaped double-quoted scalar keeps every character.
            line("\(indent)\(keyText): \(YAMLText.doubleQuoted(value))")
            warnings.append("\(address.kind.displayName) '\(address.name)': '\(key)' starts with a byte order mark (U+FEFF), which a {file:} include would drop; written inline, escaped, to keep it")
        } else if !alwaysFile && YAMLText.canInline(value) {
            line("\(indent)\(keyText): \(YAMLText.scalar(value))")
        } else {
            let name = file(suffix: suffix, ext: ext, data: Data(value.utf8))
            line("\(indent)\(keyText): {file: \(YAMLText.scalar(name, flow: true))}")
        }
        if let problem = Self.interpolationProblem(value) {
            warnings.append("\(address.kind.displayName) '\(address.name)': '\(key)' \(problem)")
        }
    }

    /// brazeform reads `((var.X))` and `((subscription_group.X.id))` in every text:
    /// live text holding them would not be read back as written.
    private static let interpolation = try! NSRegularExpression(pattern: #"\(\(\s*(var|subscription_group)\."#)

    static func interpolationProblem(_ text: String) -> String? {
        guard text.contains("(("),
              interpolation.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil else { return nil }
        return "holds text brazeform reads as interpolation (((var.NAME)) or ((subscription_group.NAME.id))); the manifest will not reproduce it exactly: review it"
    }

    var files: [ExportedFile] {
        let path = "\(folder)/\(stem).yaml"
        // Its kind's schema, for editors: export writes the schemas when the folder has none (EditorSupport).
        let modeline = EditorSupport.modeline(forFileAt: path, schema: EditorSupport.schemaName(of: address.kind))
        let manifest = ExportedFile(path: path, data: Data((([modeline] + lines).joined(separator: "\n") + "\n").utf8), resource: address)
        return [manifest] + extraFiles
    }
}
