import Foundation

/// Any JSON value: what catalog item fields hold.
public enum JSONValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Double.self) { self = .number(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([JSONValue].self) { self = .array(value); return }
        if let value = try? container.decode([String: JSONValue].self) { self = .object(value); return }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value):
            // Whole numbers are written without a fraction (5, not 5.0).
            if value.rounded() == value, abs(value) < 9.0e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    public var description: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else { return "?" }
        return text
    }

    public var stringValue: String? { if case .string(let v) = self { return v }; return nil }
    public var numberValue: Double? { if case .number(let v) = self { return v }; return nil }
    public var boolValue: Bool? { if case .bool(let v) = self { return v }; return nil }
    public var objectValue: [String: JSONValue]? { if case .object(let v) = self { return v }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let v) = self { return v }; return nil }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

// MARK: - Lenient decoding (the documentation is inconsistent about types)

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension KeyedDecodingContainer where Key == AnyKey {
    /// A string, or a number/bool written as text; nil when absent or null.
    func lenientString(_ key: String) -> String? {
        let k = AnyKey(key)
        if let v = try? decodeIfPresent(String.self, forKey: k) { return v }
        if let v = try? decodeIfPresent(Int.self, forKey: k) { return String(v) }
        if let v = try? decodeIfPresent(Double.self, forKey: k) { return String(v) }
        if let v = try? decodeIfPresent(Bool.self, forKey: k) { return String(v) }
        return nil
    }

    /// An integer, or a numeric string ("count": "12").
    func lenientInt(_ key: String) -> Int? {
        let k = AnyKey(key)
        if let v = try? decodeIfPresent(Int.self, forKey: k) { return v }
        if let v = try? decodeIfPresent(Double.self, forKey: k), v.rounded() == v, abs(v) < 9.0e15 { return Int(v) }
        if let v = try? decodeIfPresent(String.self, forKey: k) { return Int(v.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    /// A boolean, or "true"/"false" as text.
    func lenientBool(_ key: String) -> Bool? {
        let k = AnyKey(key)
        if let v = try? decodeIfPresent(Bool.self, forKey: k) { return v }
        if let v = try? decodeIfPresent(String.self, forKey: k) {
            switch v.lowercased() { case "true": return true; case "false": return false; default: return nil }
        }
        if let v = try? decodeIfPresent(Int.self, forKey: k) { return v != 0 }
        return nil
    }

    /// A list of strings, or one string of comma-separated names
    /// (template info documents `tags` as "(string) tag names").
    func lenientStrings(_ key: String) -> [String]? {
        let k = AnyKey(key)
        if let v = try? decodeIfPresent([String].self, forKey: k) { return v }
        if let v = try? decodeIfPresent([JSONValue].self, forKey: k) {
            return v.compactMap { $0.stringValue ?? ($0 == .null ? nil : $0.description) }
        }
        if let v = try? decodeIfPresent(String.self, forKey: k) {
            return v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return nil
    }

    func json(_ key: String) -> JSONValue? {
        (try? decodeIfPresent(JSONValue.self, forKey: AnyKey(key))) ?? nil
    }

    func has(_ key: String) -> Bool { contains(AnyKey(key)) }
}

extension Decoder {
    func anyKeyed() throws -> KeyedDecodingContainer<AnyKey> { try container(keyedBy: AnyKey.self) }
}

extension JSONValue {
    /// Parses JSON text with Foundation's `JSONSerialization`, several times faster
    /// than `Decodable` for values of unknown shape (catalog item pages).
    public static func parse(_ data: Data) throws -> JSONValue {
        JSONValue(foundation: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    /// A value `JSONSerialization` produced. Booleans are told from numbers by their
    /// Objective-C type (`c`), which no JSON number has.
    init(foundation value: Any) {
        // Collections and strings first: testing them `as NSNumber` would bridge them to Objective-C objects.
        switch value {
        case let object as [String: Any]:
            self = .object(object.mapValues(JSONValue.init(foundation:)))
        case let string as String:
            self = .string(string)
        case let array as [Any]:
            self = .array(array.map(JSONValue.init(foundation:)))
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" {
                self = .bool(number.boolValue)
            } else {
                self = .number(number.doubleValue)
            }
        default:
            self = .null
        }
    }
}
