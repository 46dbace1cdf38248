import Foundation
import JSONScanner

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
    /// Parses JSON text with the shared byte-level scanner, several times faster than
    /// `Decodable` for values of unknown shape (catalog item pages).
    public static func parse(_ data: Data) throws -> JSONValue {
        guard String(data: data, encoding: .utf8) != nil else { throw JSONSyntaxError(message: "not UTF-8", position: JSONPosition(line: 1, offset: 0, lineStart: 0)) }
        return try data.withUnsafeBytes { raw in
            try JSONScanner.parse(raw.bindMemory(to: UInt8.self), builder: JSONValueBuilder()).get()
        }
    }
}

/// Builds plain `JSONValue`s; places are of no use to the client.
struct JSONValueBuilder: JSONBuilder {
    func null(at _: JSONPosition) -> JSONValue { .null }
    func bool(_ value: Bool, at _: JSONPosition) -> JSONValue { .bool(value) }
    func number(_ value: Double, at _: JSONPosition) -> JSONValue { .number(value) }
    func string(_ value: String, at _: JSONPosition) -> JSONValue { .string(value) }
    func array(_ elements: [JSONValue], at _: JSONPosition) -> JSONValue { .array(elements) }
    func member(key: String, keyPosition _: JSONPosition, value: JSONValue) -> (String, JSONValue) { (key, value) }
    func object(_ members: [(String, JSONValue)], at _: JSONPosition) -> JSONValue {
        .object(Dictionary(members, uniquingKeysWith: { _, last in last }))
    }
}
