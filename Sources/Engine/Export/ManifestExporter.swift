import BrazeAPI
import Foundation
import Manifest

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

    // MARK: kinds

    func contentBlock(_ b: BrazeAPI.ContentBlock, _ names: inout FileNames) -> ResourceFiles {
        var r = ResourceFiles(address: ResourceAddress(.contentBlock, b.name), folder: folder(.contentBlock), stem: names.stem(for: b.name, in: .contentBlock))
        r.header()
        r.line("kind: content_block")
        r.line("name: \(YAMLText.scalar(b.name))")
        if let d = b.description, !d.isEmpty { r.text("description", d, suffix: ".description", ext: "txt") }
        r.text("content", b.content, suffix: "", ext: Self.contentExtension(b.content, contentType: b.contentType), alwaysFile: true)
        r.line("# state is not exported: Braze does not return a content block's state, so it is left out (default: active)")
        r.line("# and plan never compares it. If this block is a draft in Braze, add `state: draft` before the next apply.")
        r.line("tags: \(YAMLText.flowList(b.tags))")
        return r
    }

    func emailTemplate(_ t: BrazeAPI.EmailTemplate, _ names: inout FileNames) -> ResourceFiles {
        var r = ResourceFiles(address: ResourceAddress(.emailTemplate, t.name), folder: folder(.emailTemplate), stem: names.stem(for: t.name, in: .emailTemplate))
        r.header()
        if let d = t.description, !d.isEmpty {
            r.line(YAMLText.comment("Description in Braze (it cannot be set through the API): \(d.prefix(200))"))
        }
        r.line("kind: email_template")
        r.line("name: \(YAMLText.scalar(t.name))")
        let subject = t.subject ?? ""
        if subject.isEmpty { r.warnings.append("email template '\(t.name)' has an empty subject, which the manifest loader refuses; give it one before planning") }
        r.text("subject", subject, suffix: ".subject", ext: "txt")
        if let p = t.preheader, !p.isEmpty { r.text("preheader", p, suffix: ".preheader", ext: "txt") }
        let body = t.body ?? ""
        if body.isEmpty { r.warnings.append("email template '\(t.name)' has an empty body, which the manifest loader refuses") }
        r.text("body", body, suffix: "", ext: "html", alwaysFile: true)
        if let p = t.plaintextBody, !p.isEmpty { r.text("plaintext_body", p, suffix: "", ext: "txt", alwaysFile: true) }
        if let css = t.shouldInlineCSS { r.line("should_inline_css: \(css)") }
        r.line("tags: \(YAMLText.flowList(t.tags))")
        return r
    }

    func catalog(_ c: WorkspaceContents.CatalogContents, _ names: inout FileNames) -> ResourceFiles {
        let catalog = c.catalog
        var r = ResourceFiles(address: ResourceAddress(.catalog, catalog.name), folder: folder(.catalog), stem: names.stem(for: catalog.name, in: .catalog))
        r.header()
        r.line("kind: catalog")
        r.line("name: \(YAMLText.scalar(catalog.name))")
        r.text("description", catalog.description ?? "", suffix: ".description", ext: "txt")
        var typed: [(name: String, type: CatalogFieldType)] = []
        r.line("fields:")
        for field in catalog.fields {
            r.line("  - {name: \(YAMLText.scalar(field.name, flow: true)), type: \(YAMLText.scalar(field.type, flow: true))}")
            if let type = CatalogFieldType(rawValue: field.type) {
                typed.append((field.name, type))
            } else {
                r.warnings.append("catalog '\(catalog.name)': field '\(field.name)' has type '\(field.type)', which manifests do not know; its values are not exported")
            }
        }
        let output = CatalogItemWriter.write(catalog: catalog.name, fields: typed, items: c.items)
        let file = r.file(suffix: "", ext: output.format.rawValue, data: output.data)
        r.line("items: {file: \(YAMLText.scalar(file, flow: true))}   # \(c.items.count) item\(c.items.count == 1 ? "" : "s")")
        if output.format == .jsonl {
            r.warnings.append("catalog '\(catalog.name)': items written as JSON Lines, because some text fields hold null, which a CSV cell cannot express")
        }
        r.warnings.append(contentsOf: output.problems)
        return r
    }

    func preferenceCenter(_ p: BrazeAPI.PreferenceCenter, _ names: inout FileNames) -> ResourceFiles {
        var r = ResourceFiles(address: ResourceAddress(.preferenceCenter, p.name), folder: folder(.preferenceCenter), stem: names.stem(for: p.name, in: .preferenceCenter))
        r.header()
        r.line("kind: preference_center")
        r.line("name: \(YAMLText.scalar(p.name))")
        if let title = p.title, !title.isEmpty { r.text("title", title, suffix: ".title", ext: "txt") }
        r.text("page_html", p.pageHTML ?? "", suffix: ".page", ext: "html", alwaysFile: true)
        r.text("confirmation_page_html", p.confirmationPageHTML ?? "", suffix: ".confirmation", ext: "html", alwaysFile: true)
        if let state = p.state { r.line("state: \(state.rawValue)") }
        let stringOptions = p.options.compactMapValues(\.stringValue)
        let expressible = Set(FieldTables.preferenceCenterOptions.map(\.name))
        if !stringOptions.isEmpty {
            if Set(stringOptions.keys).isSubset(of: expressible) {
                r.line("options:")
                for key in stringOptions.keys.sorted() {
                    r.text(key, stringOptions[key]!, suffix: ".\(key)", ext: "txt", indent: "  ")
                }
            } else {
                r.warnings.append("preference center '\(p.name)': options \(stringOptions.keys.sorted().joined(separator: ", ")) cannot all be written in a manifest (it knows \(expressible.sorted().joined(separator: ", "))); options are left unmanaged")
            }
        }
        if p.redirectPageHTML.map({ !$0.isEmpty }) == true {
            r.line("# redirect_page_html is set in Braze; manifests do not manage it.")
        }
        return r
    }

    private func folder(_ kind: ResourceKind) -> String {
        "\(manifestsFolder)/\(kind.rawValue)"
    }

    /// `.html` for markup, `.liquid` for Liquid without markup, `.txt` otherwise.
    static func contentExtension(_ content: String, contentType: String?) -> String {
        if content.range(of: #"<[A-Za-z!/]"#, options: .regularExpression) != nil { return "html" }
        if content.contains("{{") || content.contains("{%") { return "liquid" }
        if contentType?.lowercased() == "html" { return "html" }
        return "txt"
    }
}

/// File names from resource names: letters, digits, `-` and `_` kept, the rest `_`
/// (no dots, so `stem.suffix.ext` never collides with another resource's stem);
/// unique per folder ignoring case (for case-insensitive file systems).
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
        let manifest = ExportedFile(path: "\(folder)/\(stem).yaml", data: Data((lines.joined(separator: "\n") + "\n").utf8), resource: address)
        return [manifest] + extraFiles
    }
}
