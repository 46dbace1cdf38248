import BrazeCore
import BrazeAPI
import Foundation
import Manifest

/// Catalog items as a file the manifest loader reads back to the same values.
///
/// CSV (RFC 4180 quoting, LF line ends) whenever it can hold the items exactly: header row of the
/// catalog's fields, one row per item sorted by id, cells quoted only when needed,
/// numbers in their shortest exact form, times as ISO-8601 UTC, arrays and objects
/// as JSON text. A CSV cell cannot say "null" for a `string` field (an empty cell
/// is the empty string), so a catalog with such a value is written as JSON Lines.
public enum CatalogItemWriter {
    public enum Format: String, Sendable { case csv, jsonl }

    public struct Output: Sendable {
        public var format: Format
        public var data: Data
        /// Values the manifests cannot express (the export will not round-trip for them).
        public var problems: [String]
    }

    public static func write(catalog: String, fields: [(name: String, type: CatalogFieldType)], items: [BrazeCatalogItem]) -> Output {
        let sorted = items.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        let valueFields = fields.filter { $0.name != "id" }
        let known = Set(fields.map(\.name))
        var problems: [String] = []
        var unknownKeys = Set<String>()
        var needsJSONL = false
        for item in sorted {
            for key in item.values.keys where !known.contains(key) { unknownKeys.insert(key) }
            for field in valueFields where field.type == .string {
                switch item.values[field.name] ?? .null {
                case .string: break
                case .null: needsJSONL = true
                default: problems.append("catalog '\(catalog)': item '\(item.id)' holds a non-text value in text field '\(field.name)'")
                }
            }
        }
        if !unknownKeys.isEmpty {
            problems.append("catalog '\(catalog)': items hold values for \(unknownKeys.sorted().joined(separator: ", ")), which the catalog's fields do not declare; they are not exported")
        }
        if needsJSONL {
            return Output(format: .jsonl, data: jsonl(fields: valueFields, items: sorted, problems: &problems), problems: problems)
        }
        return Output(format: .csv, data: csv(fields: valueFields, items: sorted, problems: &problems), problems: problems)
    }

    // MARK: CSV

    static func csv(fields: [(name: String, type: CatalogFieldType)], items: [BrazeCatalogItem], problems: inout [String]) -> Data {
        var out = ""
        out += (["id"] + fields.map(\.name)).map(csvCell).joined(separator: ",") + "\n"
        for item in items {
            var cells = [csvCell(item.id)]
            for field in fields {
                cells.append(csvCell(cellText(item.values[field.name] ?? .null, type: field.type, item: item.id, field: field.name, problems: &problems)))
            }
            out += cells.joined(separator: ",") + "\n"
        }
        return Data(out.utf8)
    }

    /// A cell's text before quoting.
    static func cellText(_ value: JSONValue, type: CatalogFieldType, item: String, field: String, problems: inout [String]) -> String {
        switch (type, value) {
        case (_, .null): return ""
        case (.string, .string(let s)): return s
        case (.number, .number(let d)): return JSONValue.format(number: d)
        case (.boolean, .bool(let b)): return b ? "true" : "false"
        case (.time, .string(let s)): return time(s)
        case (.array, .array), (.object, .object), (.geo, .array): return value.serialized()   // geo: [longitude, latitude]
        default:
            problems.append("item '\(item)': field '\(field)' of type \(type.rawValue) holds \(value.serialized()), which the manifest cannot express")
            return value.stringValue ?? value.serialized()
        }
    }

    /// RFC 4180: quoted when the text holds a comma, a quote, a line break, or
    /// leading/trailing whitespace (kept exactly either way, but visible when quoted).
    static func csvCell(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.first.map { $0.isWhitespace } == true || text.last.map { $0.isWhitespace } == true
            || text.hasPrefix("\u{FEFF}")
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: JSON Lines

    static func jsonl(fields: [(name: String, type: CatalogFieldType)], items: [BrazeCatalogItem], problems: inout [String]) -> Data {
        var out = ""
        for item in items {
            var members = ["\"id\":" + JSONValue.quoted(item.id)]
            for field in fields {
                var value = item.values[field.name] ?? .null
                if field.type == .time, case .string(let s) = value { value = .string(time(s)) }
                members.append(JSONValue.quoted(field.name) + ":" + value.serialized())
            }
            out += "{" + members.joined(separator: ",") + "}\n"
        }
        return Data(out.utf8)
    }

    // MARK: values

    /// ISO-8601 in UTC with milliseconds; text that is no time is kept as it is.
    static func time(_ text: String) -> String {
        ISOTime.parse(text).map { ISOTime.format($0) } ?? text
    }
}
