import Foundation

/// Any JSON value: what catalog item fields hold, what the client reads from
/// answers and what the simulator reads from requests.
///
/// One type for every side. The client and the simulator share this *data type*
/// only: each applies its own rules to the values (the simulator must stay an
/// independent check of the client).
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
    public var isNull: Bool { self == .null }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    // Deliberately not ExpressibleByNilLiteral: `cond ? value : nil` in a
    // `JSONValue?` context would then mean `.null`, not "no value". Write `.null`.
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension JSONValue {
    /// Parses JSON text with the shared byte-level scanner, several times faster than
    /// `Decodable` for values of unknown shape (catalog item pages).
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        guard String(data: data, encoding: .utf8) != nil else { throw JSONSyntaxError(message: "not UTF-8", position: JSONPosition(line: 1, offset: 0, lineStart: 0)) }
        let result = data.withUnsafeBytes { raw in
            JSONScanner.parse(raw.bindMemory(to: UInt8.self), builder: JSONValueBuilder())
        }
        return try result.get()
    }

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Data(text.utf8))
    }
}

/// Builds plain `JSONValue`s; places are only used for error positions.
public struct JSONValueBuilder: JSONBuilder {
    public init() {}
    public func null(at _: JSONPosition) -> JSONValue { .null }
    public func bool(_ value: Bool, at _: JSONPosition) -> JSONValue { .bool(value) }
    public func number(_ value: Double, at _: JSONPosition) -> JSONValue { .number(value) }
    public func string(_ value: String, at _: JSONPosition) -> JSONValue { .string(value) }
    public func array(_ elements: [JSONValue], at _: JSONPosition) -> JSONValue { .array(elements) }
    public func member(key: String, keyPosition _: JSONPosition, value: JSONValue) -> (String, JSONValue) { (key, value) }
    public func object(_ members: [(String, JSONValue)], at _: JSONPosition) -> JSONValue {
        .object(Dictionary(members, uniquingKeysWith: { _, last in last }))
    }
}

// MARK: - Writing

extension JSONValue {
    /// Compact JSON text with sorted object keys: byte-for-byte deterministic.
    public func serialized() -> String {
        var out = ""
        write(into: &out)
        return out
    }

    public func data() -> Data { Data(serialized().utf8) }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += JSONValue.format(number: n)
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                JSONValue.writeString(key, into: &out)
                out += ":"
                members[key, default: .null].write(into: &out)
            }
            out += "}"
        }
    }

    /// A number as JSON text: whole numbers without a fraction (5, not 5.0), others
    /// in Swift's shortest exact form (`0.1`, `1e-07`).
    public static func format(number n: Double) -> String {
        if n.isNaN || n.isInfinite { return "null" }
        if n == n.rounded(), abs(n) < 9_007_199_254_740_992 {  // 2^53: every such integer is exact
            return String(Int64(n))
        }
        return "\(n)"
    }

    /// A string as a JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = ""
        writeString(s, into: &out)
        return out
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escaping: append them whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                // U+2028 and U+2029 are escaped too: JSON Lines readers may split on them.
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
