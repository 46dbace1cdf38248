import BrazeCore
import Foundation

/// JSON Schemas (draft-07) for `brazeform.yaml` and each manifest kind, built
/// from the same field tables the loader checks against, so they cannot drift.
public enum SchemaGenerator {
    public static let baseURL = "https://brazeform.dev/schema/"

    /// File name to schema text, for every schema in `schema/`.
    public static func schemas() -> [String: String] {
        var result: [String: String] = [:]
        result["brazeform.schema.json"] = render(projectSchema())
        for kind in ResourceKind.allCases {
            result["\(kind.rawValue).schema.json"] = render(kindSchema(kind))
        }
        result["manifest.schema.json"] = render(manifestSchema())
        return result
    }

    static func projectSchema() -> [String: Any] {
        var schema = objectSchema(FieldTables.project)
        schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        schema["$id"] = baseURL + "brazeform.schema.json"
        schema["title"] = "brazeform project file (brazeform.yaml)"
        schema["definitions"] = definitions
        return schema
    }

    static func kindSchema(_ kind: ResourceKind) -> [String: Any] {
        var schema = objectSchema(FieldTables.fields(of: kind))
        var properties = schema["properties"] as? [String: Any] ?? [:]
        properties["kind"] = ["const": kind.rawValue, "description": "The kind of resource."]
        schema["properties"] = properties
        schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        schema["$id"] = baseURL + "\(kind.rawValue).schema.json"
        schema["title"] = "brazeform \(kind.displayName)"
        schema["definitions"] = definitions
        return schema
    }

    /// Any manifest document: chosen by its `kind`.
    static func manifestSchema() -> [String: Any] {
        var branches: [[String: Any]] = []
        for kind in ResourceKind.allCases {
            var s = kindSchema(kind)
            s["$schema"] = nil
            s["$id"] = nil
            s["definitions"] = nil
            branches.append([
                "if": ["properties": ["kind": ["const": kind.rawValue]], "required": ["kind"]],
                "then": s,
            ])
        }
        return [
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$id": baseURL + "manifest.schema.json",
            "title": "brazeform manifest document",
            "type": "object",
            "required": ["kind"],
            "properties": ["kind": ["enum": ResourceKind.allCases.map(\.rawValue), "description": "The kind of resource."]],
            "allOf": branches,
            "definitions": definitions,
        ]
    }

    static var definitions: [String: Any] { [
        "fileInclude": [
            "type": "object",
            "description": "The text of a file, byte for byte, relative to this manifest and inside the project folder.",
            "properties": ["file": ["type": "string", "minLength": 1]],
            "required": ["file"],
            "additionalProperties": false,
        ],
    ] }

    static func objectSchema(_ specs: [FieldSpec]) -> [String: Any] {
        var properties: [String: Any] = [:]
        for spec in specs {
            var p = schema(for: spec.type)
            p["description"] = spec.summary
            if let pattern = spec.pattern { p["pattern"] = pattern }
            if let maxLength = spec.maxLength { p["maxLength"] = maxLength }
            properties[spec.name] = p
        }
        var result: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        let required = specs.filter(\.required).map(\.name)
        if !required.isEmpty { result["required"] = required }
        return result
    }

    static func schema(for type: FieldSpec.ValueType) -> [String: Any] {
        switch type {
        case .string: return ["type": "string"]
        case .text: return ["oneOf": [["type": "string"], ["$ref": "#/definitions/fileInclude"]]]
        case .boolean: return ["type": "boolean"]
        case .integer: return ["type": "integer"]
        case .oneOf(let values): return ["enum": values]
        case .list(let element): return ["type": "array", "items": schema(for: element)]
        case .map(let value): return ["type": "object", "additionalProperties": schema(for: value)]
        case .object(let specs): return objectSchema(specs)
        case .listOfObjects(let specs): return ["type": "array", "items": objectSchema(specs), "minItems": 1]
        case .catalogItems:
            return ["oneOf": [
                ["type": "array", "items": ["type": "object", "required": ["id"], "properties": ["id": ["type": "string", "pattern": FieldTables.namePattern, "maxLength": BrazeLimits.itemIDMaxLength]]]],
                ["$ref": "#/definitions/fileInclude"],
            ]]
        }
    }

    static func render(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text + "\n"
    }
}
