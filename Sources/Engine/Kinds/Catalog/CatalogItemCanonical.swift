import BrazeCore
import BrazeAPI
import Foundation
import Manifest

/// Catalog item values in one canonical form for both sides, so that values
/// Braze rewrites (times in another format, numbers as 5 or 5.0) compare by meaning.
enum CatalogItemCanonical {
    /// Desired items (typed by the manifest) as the values brazeform sends.
    static func wireItem(_ item: Manifest.CatalogItem) -> BrazeCatalogItem {
        BrazeCatalogItem(id: item.id, values: item.values.mapValues(json))
    }

    static func json(_ value: ItemValue) -> JSONValue {
        switch value {
        case .string(let s): .string(s)
        case .number(let n): .number(n)
        case .boolean(let b): .bool(b)
        case .time(let t): .string(ISOTime.format(t))
        case .array(let a): .array(a.map(json))
        case .object(let pairs): .object(Dictionary(pairs.map { ($0.key, json($0.value)) }, uniquingKeysWith: { a, _ in a }))
        case .null: .null
        }
    }

    /// The fields of a catalog in the order items are compared in, `id` excluded.
    struct Layout {
        var names: [String]
        var isTime: [Bool]

        init(_ fields: [Manifest.CatalogField]) {
            let rest = fields.filter { $0.name != "id" }
            names = rest.map(\.name)
            isTime = rest.map { $0.type == .time }
        }
    }

    /// Live values in the form they are compared in, one slot per field: times as
    /// instants in milliseconds, numbers by value, a missing value as null.
    static func row(_ values: [String: JSONValue], _ layout: Layout) -> [JSONValue] {
        var row: [JSONValue] = []
        row.reserveCapacity(layout.names.count)
        for (i, name) in layout.names.enumerated() {
            let value = values[name] ?? .null
            if layout.isTime[i], case .string(let text) = value, let date = ISOTime.parse(text) {
                row.append(.number(milliseconds(date)))
            } else {
                row.append(value)
            }
        }
        return row
    }

    /// Desired values in the same form, straight from the typed manifest values (no text round trip).
    static func row(desired item: Manifest.CatalogItem, _ layout: Layout) -> [JSONValue] {
        var row: [JSONValue] = []
        row.reserveCapacity(layout.names.count)
        for name in layout.names {
            switch item.values[name] ?? .null {
            case .time(let date): row.append(.number(milliseconds(date)))
            case let value: row.append(json(value))
            }
        }
        return row
    }

    static func milliseconds(_ date: Date) -> Double { ISOTime.milliseconds(date) }

    /// Deterministic text of a value (keys sorted), for digests.
    static func write(_ value: JSONValue, into text: inout String) {
        switch value {
        case .string(let s): text += "\"\(s.count):\(s)"
        case .number(let n): text += "#\(n)"
        case .bool(let b): text += b ? "T" : "F"
        case .null: text += "N"
        case .array(let items):
            text += "[\(items.count)"
            for item in items { write(item, into: &text) }
            text += "]"
        case .object(let fields):
            text += "{\(fields.count)"
            for key in fields.keys.sorted() {
                text += "\(key.count):\(key)="
                write(fields[key]!, into: &text)
            }
            text += "}"
        }
    }
}
