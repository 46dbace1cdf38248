import Foundation
import Manifest
import YAML

/// The restaurants catalog of SPEC.md, with an array and an object field.
let restaurantFields: [CatalogField] = [
    CatalogField(name: "id", type: .string),
    CatalogField(name: "Name", type: .string),
    CatalogField(name: "Rating", type: .number),
    CatalogField(name: "Loyalty_Program", type: .boolean),
    CatalogField(name: "Created_At", type: .time),
]

let richFields: [CatalogField] = restaurantFields + [
    CatalogField(name: "Tags", type: .array),
    CatalogField(name: "Location", type: .object),
]

/// 2022-11-01T09:03:19Z.
let nov1 = Date(timeIntervalSince1970: 1_667_293_399)

func read(_ text: String, _ format: CatalogItemFormat, fields: [CatalogField] = restaurantFields,
          file: String = "items") -> (items: [CatalogItem], diagnostics: [Diagnostic]) {
    let ext: String
    switch format {
    case .csv: ext = "csv"
    case .json: ext = "json"
    case .jsonl: ext = "jsonl"
    case .yaml: ext = "yaml"
    }
    return CatalogItemReader(fields: fields).read(bytes: Array(text.utf8), format: format, displayPath: "\(file).\(ext)")
}

/// `file:line:col: error: message` for each diagnostic.
func rendered(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map(\.description)
}

func item(_ items: [CatalogItem], _ id: String) -> CatalogItem? {
    items.first { $0.id == id }
}
