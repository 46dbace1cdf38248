import Foundation
import YAML

/// A catalog item value after coercion to its field's type.
/// Not `indirect`: lists and objects already keep their values in array storage, and a box per
/// value was an allocation for every value of every item (100,000 items of 3 fields: 300,000).
public enum ItemValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case boolean(Bool)
    /// An instant; compared by meaning, written as ISO-8601.
    case time(Date)
    case array([ItemValue])
    /// Keys in the order they were written.
    case object([(key: String, value: ItemValue)])
    case null

    public static func == (lhs: ItemValue, rhs: ItemValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.boolean(a), .boolean(b)): return a == b
        case let (.time(a), .time(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            let bm = Dictionary(b.map { ($0.key, $0.value) }, uniquingKeysWith: { x, _ in x })
            return a.allSatisfy { bm[$0.key] == $0.value }
        case (.null, .null): return true
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let s): hasher.combine(0); hasher.combine(s)
        case .number(let n): hasher.combine(1); hasher.combine(n)
        case .boolean(let b): hasher.combine(2); hasher.combine(b)
        case .time(let t): hasher.combine(3); hasher.combine(t)
        case .array(let a): hasher.combine(4); hasher.combine(a)
        case .object(let o): hasher.combine(5); hasher.combine(o.count)
        case .null: hasher.combine(6)
        }
    }
}

/// One catalog item: its id and its other fields' values, with where it was written.
public struct CatalogItem: Sendable, Hashable {
    public var id: String
    /// Field name to value, `id` excluded.
    public var values: [String: ItemValue]
    public var location: SourceLocation?

    public init(id: String, values: [String: ItemValue], location: SourceLocation? = nil) {
        self.id = id
        self.values = values
        self.location = location
    }

    public static func == (lhs: CatalogItem, rhs: CatalogItem) -> Bool {
        lhs.id == rhs.id && lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }
}
