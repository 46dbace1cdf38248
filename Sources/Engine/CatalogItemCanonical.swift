import BrazeAPI
import Foundation
import Manifest

/// Catalog item values in one canonical form for both sides, so that values
/// Braze rewrites (times in another format, numbers as 5 or 5.0) compare by meaning.
enum CatalogItemCanonical {
    /// Desired items (typed by the manifest) as the values brazeform sends.
    static func wireItem(_ item: Manifest.CatalogItem) -> BrazeAPI.CatalogItem {
        BrazeAPI.CatalogItem(id: item.id, values: item.values.mapValues(json))
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

    static func milliseconds(_ date: Date) -> Double {
        (date.timeIntervalSince1970 * 1000).rounded()
    }

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

/// ISO-8601 instants, parsed and written without Foundation's formatters (fast
/// enough for 100,000-item catalogs).
enum ISOTime {
    static func parse(_ text: String) -> Date? { ItemTime.parse(text) }

    /// `2025-03-01T09:00:00.000Z`: UTC, milliseconds.
    static func format(_ date: Date) -> String {
        let totalMillis = Int((date.timeIntervalSince1970 * 1000).rounded())
        var days = totalMillis >= 0 ? totalMillis / 86_400_000 : (totalMillis - 86_399_999) / 86_400_000
        let msOfDay = totalMillis - days * 86_400_000
        // Civil from days (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        var year = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        if month <= 2 { year += 1 }
        let h = msOfDay / 3_600_000, m = (msOfDay / 60_000) % 60, s = (msOfDay / 1000) % 60, ms = msOfDay % 1000
        func pad(_ v: Int, _ width: Int) -> String {
            let t = String(v)
            return t.count >= width ? t : String(repeating: "0", count: width - t.count) + t
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
    }
}
