import BrazeCore
import Foundation

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

