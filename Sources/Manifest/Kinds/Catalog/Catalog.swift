import BrazeCore
import YAML

public struct Catalog: Sendable, Hashable {
    public var name: String
    public var description: SourcedText
    public var fields: [CatalogField]
    /// nil: items are not managed. Otherwise the complete set of items, keyed by id.
    public var items: [CatalogItem]?
    /// Where the items came from (the file shown to users), for messages.
    public var itemsSource: String?
}

/// The type of a catalog field, as Braze names it.
public enum CatalogFieldType: String, Sendable, Hashable, CaseIterable, Codable {
    case string, number, boolean, time, array, object
    /// A geolocation: `[longitude, latitude]`, longitude in -180...180, latitude in
    /// -90...90 (api-notes "Catalog fields"; a Terraform provider for Braze names the API type `geo`).
    case geo
}

/// One field of a catalog's schema.
public struct CatalogField: Sendable, Hashable {
    public var name: String
    public var type: CatalogFieldType
    public var location: SourceLocation?

    public init(name: String, type: CatalogFieldType, location: SourceLocation? = nil) {
        self.name = name
        self.type = type
        self.location = location
    }
}

extension CatalogField {
    /// The fields of one entry of a catalog's `fields`.
    static let fieldSpecs: [FieldSpec] = [
        FieldSpec("name", .string, required: true, "The field's name: letters, digits, - and _, at most 250 characters.", pattern: FieldSpec.namePattern, maxLength: BrazeLimits.catalogFieldNameMaxLength),
        FieldSpec("type", .oneOf(CatalogFieldType.allCases.map(\.rawValue)), required: true, "The field's type."),
    ]
}

extension Catalog: ManifestKind {
    static let kind = ResourceKind.catalog
    var resourceBody: Resource.Body { .catalog(self) }

    static let fieldSpecs: [FieldSpec] = [
        FieldSpec.kindField,
        FieldSpec("name", .string, required: true, "The catalog's name and key: letters, digits, - and _, at most 250 characters.", pattern: FieldSpec.namePattern, maxLength: BrazeLimits.catalogNameMaxLength),
        FieldSpec("description", .text, required: true, "At most 250 characters.", maxLength: BrazeLimits.descriptionMaxLength),
        FieldSpec("fields", .listOfObjects(CatalogField.fieldSpecs), required: true, "The schema; the first field is `id` of type string."),
        FieldSpec("items", .catalogItems, "The complete set of items: an inline list or {file: PATH} to a .csv, .json, .jsonl or .yaml file. Absent: items are not managed."),
    ]

    static func decode(_ d: MappingDecoder, name: String, reader: ResourceDecoder, diagnostics: inout Diagnostics) -> Catalog? {
        let description = reader.text(d, "description", diagnostics: &diagnostics)
        var fields: [CatalogField] = []
        var fieldsComplete = true  // a field that could not be read was reported; later checks would only add noise
        if let node = d.value("fields") {
            if let list = node.sequence {
                for item in list {
                    guard let fd = MappingDecoder(item, specs: CatalogField.fieldSpecs, context: "a field of catalog '\(name)'", diagnostics: &diagnostics) else {
                        fieldsComplete = false
                        continue
                    }
                    // Both read, so that a bad type does not hide a bad name.
                    let fieldName = fd.string("name", diagnostics: &diagnostics)
                    let type = fd.oneOf("type", CatalogFieldType.self, diagnostics: &diagnostics)
                    guard let (fieldName, loc) = fieldName, let type else {
                        fieldsComplete = false
                        if let (fieldName, loc) = fieldName, fieldName != "id" {
                            ResourceRules.checkName(fieldName, of: "field", maxLength: BrazeLimits.catalogFieldNameMaxLength, at: loc, diagnostics: &diagnostics)
                        }
                        continue
                    }
                    fields.append(CatalogField(name: fieldName, type: type, location: loc))
                }
            } else {
                diagnostics.error("'fields' of catalog '\(name)' must be a list of {name, type}", at: node.location)
                fieldsComplete = false
            }
        }
        guard fieldsComplete else {
            // The catalog is not built, so `check` will not run: report the rest of its problems now.
            let at = d.value("name")?.location ?? d.value("fields")?.location ?? SourceLocation(file: reader.manifestFile, line: 1, column: 1)
            ResourceRules.checkName(name, of: "catalog", maxLength: BrazeLimits.catalogNameMaxLength, at: at, diagnostics: &diagnostics)
            for field in fields where field.name != "id" {
                ResourceRules.checkName(field.name, of: "field", maxLength: BrazeLimits.catalogFieldNameMaxLength, at: field.location ?? at, diagnostics: &diagnostics)
            }
            return nil
        }
        var items: [CatalogItem]?
        var itemsSource: String?
        if let node = d.value("items"), node.scalar?.isNull != true {
            let itemReader = CatalogItemReader(fields: fields)
            if FileIncluder.isInclude(node) {
                if let path = reader.includer.resolve(node, manifestFile: reader.manifestFile, field: "items", diagnostics: &diagnostics) {
                    let shown = reader.includer.displayPath(path)
                    let result = if let bytes = reader.includer.preread[path], let format = CatalogItemFormat(path: path) {
                        itemReader.read(bytes: bytes, format: format, displayPath: shown)
                    } else {
                        itemReader.read(fileAt: path, displayPath: shown)
                    }
                    diagnostics.append(contentsOf: result.diagnostics)
                    items = result.items
                    itemsSource = shown
                }
            } else if node.sequence != nil {
                let result = itemReader.read(inline: node)
                diagnostics.append(contentsOf: result.diagnostics)
                items = result.items
                itemsSource = node.location.file
            } else {
                diagnostics.error("'items' of catalog '\(name)' must be a list of items or {file: PATH} (.csv, .json, .jsonl, .yaml)", at: node.location)
            }
        }
        guard let description else { return nil }
        return Catalog(name: name, description: description, fields: fields, items: items, itemsSource: itemsSource)
    }

    func check(declaredAt location: SourceLocation, fieldLocations loc: [String: SourceLocation], diagnostics: inout Diagnostics) {
        ResourceRules.checkName(name, of: "catalog", maxLength: BrazeLimits.catalogNameMaxLength, at: loc["name"] ?? location, diagnostics: &diagnostics)
        ResourceRules.checkDescription(description, of: "catalog '\(name)'", diagnostics: &diagnostics)
        checkFields(at: loc["fields"] ?? location, diagnostics: &diagnostics)
    }

    private func checkFields(at location: SourceLocation, diagnostics: inout Diagnostics) {
        guard let first = fields.first else {
            diagnostics.error("catalog '\(name)' declares no fields; the first field must be {name: id, type: string}", at: location)
            return
        }
        if first.name != "id" {
            let hint = fields.contains(where: { $0.name == "id" }) ? "move `id` to the top of the list" : "add {name: id, type: string} as the first field"
            diagnostics.error("the first field of catalog '\(name)' must be `id`, not '\(first.name)': \(hint)", at: first.location ?? location)
        } else if first.type != .string {
            diagnostics.error("field `id` of catalog '\(name)' must be of type string, not \(first.type.rawValue)", at: first.location ?? location)
        }
        var seen: [String: SourceLocation?] = [:]
        for field in fields {
            if let previous = seen[field.name] {
                let where_ = previous.map { " (first at \($0))" } ?? ""
                diagnostics.error("field '\(field.name)' of catalog '\(name)' is declared twice\(where_); field names must be unique", at: field.location ?? location)
            } else {
                seen[field.name] = field.location
            }
            if field.name != "id" {
                ResourceRules.checkName(field.name, of: "field", maxLength: BrazeLimits.catalogFieldNameMaxLength, at: field.location ?? location, diagnostics: &diagnostics)
            }
        }
        if fields.count > BrazeLimits.catalogFieldsMaximum {
            diagnostics.error("catalog '\(name)' has \(fields.count) fields; Braze allows at most \(BrazeLimits.catalogFieldsMaximum)", at: location)
        } else if fields.count > BrazeLimits.catalogFieldsSeedMaximum {
            diagnostics.warning("catalog '\(name)' has \(fields.count) fields; current Braze allows \(BrazeLimits.catalogFieldsMaximum) but older documentation (and the sandbox) say \(BrazeLimits.catalogFieldsSeedMaximum)", at: location)
        }
    }

    /// No rule applies to a catalog after interpolation.
    func checkInterpolated(workspace: String, diagnostics: inout Diagnostics) {}

    var texts: [(field: String, text: SourcedText)] {
        [("description", description)]
    }

    mutating func mapTexts(_ transform: (String, SourcedText) -> SourcedText) {
        description = transform("description", description)
    }
}
