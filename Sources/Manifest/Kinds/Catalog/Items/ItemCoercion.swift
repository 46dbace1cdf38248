import BrazeCore
import Foundation
import YAML

/// Coercion of written values to their field's type.
///
/// From CSV text:
/// - `string`: the cell's text as is (an empty cell is the empty string).
/// - `number`: an integer or decimal, optionally signed, with an optional exponent
///   (`5`, `-3.25`, `1e3`); surrounding spaces are ignored; NaN and infinities are refused.
/// - `boolean`: `true` or `false` in any case.
/// - `time`: see ``ISOTime`` (style `.zoneRequired`) (ISO-8601 with a time zone, or a date meaning midnight UTC).
/// - `array` / `object`: the cell holds JSON text (`["a","b"]`, `{"k": 1}`).
/// - `geo`: the cell holds `[longitude, latitude]` as JSON text (`[13.405, 52.52]`).
/// - An empty cell is null for every type but `string`.
///
/// From JSON and YAML:
/// - `string` takes text. A plain YAML scalar that YAML would read as a number or a
///   boolean (`Code: 007`, `Flag: yes`) is taken as the text written; a JSON number
///   or boolean is refused, as Braze refuses it (`unable-to-coerce-value`).
/// - `number` and `boolean` take numbers and booleans, never text: `"5"` is refused
///   rather than guessed at, so that what is sent is what Braze stores.
/// - `time` takes text, read as for CSV.
/// - `array` takes a list and `object` a mapping/object; their contents may be any
///   JSON value.
/// - `geo` takes a list of two numbers, `[longitude, latitude]`, longitude within
///   -180...180 and latitude within -90...90.
/// - null (`null`, `~`, nothing) is allowed for every field but `id`.
extension ItemCollector {
    static func display(_ text: String) -> String {
        let limit = 40
        if text.unicodeScalars.count <= limit { return "'\(text)'" }
        return "'\(String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit))))…'"
    }

    // MARK: CSV

    /// The value of a CSV cell for `field`; nil (with the problem recorded) when it does not fit.
    mutating func coerce(csv text: String, field: CatalogField, context: @autoclosure () -> String, at position: ValuePosition) -> ItemValue? {
        if field.type == .string { return .string(text) }
        let trimmed = Self.trimmingSpaces(text)
        if trimmed.isEmpty { return .null }
        switch field.type {
        case .string:
            return .string(text)
        case .number:
            if let d = Self.number(trimmed) { return .number(d) }
            error("\(context()): \(Self.display(text)) is not a number", at: position)
        case .boolean:
            switch Self.booleanWord(trimmed) {
            case true?: return .boolean(true)
            case false?: return .boolean(false)
            case nil: error("\(context()): \(Self.display(text)) is not a boolean (write true or false)", at: position)
            }
        case .time:
            if let date = ISOTime.parse(trimmed) { return .time(date) }
            error("\(context()): \(Self.display(text)) is not a time; \(Self.timeHint)", at: position)
        case .array, .object:
            switch JSONParser.parse(Array(trimmed.utf8)) {
            case .failure(let e):
                error("\(context()): \(Self.display(text)) is not valid JSON (\(e.message)); an \(field.type.rawValue) field's cell holds JSON text", at: position)
            case .success(let raw):
                return coerceContainer(raw, type: field.type, context: context(), override: position)
            }
        case .geo:
            switch JSONParser.parse(Array(trimmed.utf8)) {
            case .failure:
                error("\(context()): \(Self.display(text)) is not a geolocation; \(Self.geoHint)", at: position)
            case .success(let raw):
                return coerceGeo(raw, context: context(), override: position)
            }
        }
        return nil
    }

    static let geoHint = "write [longitude, latitude], such as [13.405, 52.52]"

    /// A `geo` field's value: two numbers, longitude within -180...180, latitude within -90...90.
    private mutating func coerceGeo(_ raw: RawValue, context: String, override: ValuePosition?) -> ItemValue? {
        guard case .array(let elements) = raw.kind else {
            error("\(context): expected a geolocation, found \(raw.kindDescription); \(Self.geoHint)", at: override ?? raw.position)
            return nil
        }
        guard elements.count == 2 else {
            error("\(context): a geolocation holds two numbers, found \(elements.count) values; \(Self.geoHint)", at: override ?? raw.position)
            return nil
        }
        guard case .number(let longitude, _) = elements[0].kind, case .number(let latitude, _) = elements[1].kind else {
            error("\(context): a geolocation holds two numbers; \(Self.geoHint)", at: override ?? raw.position)
            return nil
        }
        guard (-180...180).contains(longitude) else {
            error("\(context): longitude \(ItemValueJSON.number(longitude)) is outside -180...180 (a geolocation is [longitude, latitude])", at: override ?? raw.position)
            return nil
        }
        guard (-90...90).contains(latitude) else {
            error("\(context): latitude \(ItemValueJSON.number(latitude)) is outside -90...90 (a geolocation is [longitude, latitude])", at: override ?? raw.position)
            return nil
        }
        return .array([.number(longitude), .number(latitude)])
    }

    /// `text` without leading and trailing spaces and tabs (the text itself when there are none, the common case).
    static func trimmingSpaces(_ text: String) -> String {
        let utf8 = text.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        guard let first = utf8.first, let last = utf8.last else { return text }
        if !isSpace(first) && !isSpace(last) { return text }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }),
              let end = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[start...end])
    }

    /// `true` or `false` in any case, without allocating.
    static func booleanWord(_ text: String) -> Bool? {
        func matches(_ word: StaticString) -> Bool {
            guard text.utf8.count == word.utf8CodeUnitCount else { return false }
            return word.withUTF8Buffer { w in
                zip(text.utf8, w).allSatisfy { a, b in a | 0x20 == b }
            }
        }
        if matches("true") { return true }
        if matches("false") { return false }
        return nil
    }

    static let timeHint = "write ISO-8601 with a time zone, such as 2022-11-01T09:03:19.967+00:00, or a date such as 2022-11-01"

    /// A decimal number: `[+-]digits[.digits][(e|E)[+-]digits]`, finite.
    static func number(_ text: String) -> Double? {
        var text = text
        let valid = text.withUTF8 { b -> Bool in
            var i = 0
            func digits() -> Int {
                let s = i
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
                return i - s
            }
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { return false }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { return false }
            }
            return i == b.count
        }
        guard valid, let d = Double(text), d.isFinite else { return nil }
        return d
    }

    // MARK: JSON and YAML

    /// What a null, boolean, number or text becomes in a field of `type` when it fits; nil
    /// when it does not, or when it is a list or an object (those take `coerce(raw:)`'s
    /// rules). The one statement of what fits: `coerce(raw:)` asks it first, and the streamed
    /// YAML items ask it alone (with no problem to record, an item needs no more).
    static func scalarCoercion(_ kind: RawValue.Kind, to type: CatalogFieldType) -> ItemValue? {
        switch (type, kind) {
        case (_, .null): return .null
        case (.string, .string(let s)): return .string(s)
        case (.string, .number(_, let text?)), (.string, .bool(_, let text?)): return .string(text)
        case (.number, .number(let d, _)): return .number(d)
        case (.boolean, .bool(let b, _)): return .boolean(b)
        case (.time, .string(let s)): return ISOTime.parse(s).map { .time($0) }
        default: return nil
        }
    }

    /// `scalarCoercion(RawValue.kind(of: scalar), to: type)`, asking of the scalar only what
    /// `type` needs: for a `string` field an untagged scalar's text is the value whatever YAML
    /// would read it as, null aside (the tests hold the two to the same answers).
    static func scalarCoercion(_ scalar: Scalar, to type: CatalogFieldType) -> ItemValue? {
        if type == .string, scalar.tag == nil {
            if scalar.style.isQuoted { return .string(scalar.text) }
            return ScalarRules.isNull(plain: scalar.text) ? .null : .string(scalar.text)
        }
        return scalarCoercion(RawValue.kind(of: scalar), to: type)
    }

    /// The value of a JSON or YAML value for `field`; nil (with the problem recorded) when it does not fit.
    mutating func coerce(raw: RawValue, field: CatalogField, context: @autoclosure () -> String) -> ItemValue? {
        if let value = Self.scalarCoercion(raw.kind, to: field.type) { return value }
        let at = raw.position
        switch field.type {
        case .string:
            switch raw.kind {
            case .number(let d, nil):
                error("\(context()): expected text, found the number \(ItemValueJSON.number(d)) (write it in quotes)", at: at)
            case .bool(let b, nil):
                error("\(context()): expected text, found the boolean \(b) (write it in quotes)", at: at)
            default:
                error("\(context()): expected text, found \(raw.kindDescription)", at: at)
            }
        case .number:
            switch raw.kind {
            case .string(let s) where Self.number(Self.trimmingSpaces(s)) != nil:
                error("\(context()): expected a number, found the text \(Self.display(s)) (write it without quotes)", at: at)
            case .string(let s):
                error("\(context()): \(Self.display(s)) is not a number", at: at)
            default:
                error("\(context()): expected a number, found \(raw.kindDescription)", at: at)
            }
        case .boolean:
            switch raw.kind {
            case .string(let s) where ["true", "false"].contains(s.lowercased()):
                error("\(context()): expected a boolean, found the text \(Self.display(s)) (write it without quotes)", at: at)
            case .string(let s):
                error("\(context()): \(Self.display(s)) is not a boolean (write true or false)", at: at)
            default:
                error("\(context()): expected a boolean (true or false), found \(raw.kindDescription)", at: at)
            }
        case .time:
            switch raw.kind {
            case .string(let s):
                error("\(context()): \(Self.display(s)) is not a time; \(Self.timeHint)", at: at)
            default:
                error("\(context()): expected a time as text, found \(raw.kindDescription); \(Self.timeHint)", at: at)
            }
        case .array, .object:
            return coerceContainer(raw, type: field.type, context: context(), override: nil)
        case .geo:
            return coerceGeo(raw, context: context(), override: nil)
        }
        return nil
    }

    /// An `array` or `object` field's value: the right kind of container, keys Braze
    /// accepts, nesting within Braze's 50 levels (the field's own value is level 1).
    private mutating func coerceContainer(_ raw: RawValue, type: CatalogFieldType, context: String, override: ValuePosition?) -> ItemValue? {
        switch (type, raw.kind) {
        case (.array, .array), (.object, .object):
            return nested(raw, depth: 1, context: context, override: override)
        default:
            let expected = type == .array ? "a list" : "an object"
            error("\(context): expected \(expected), found \(raw.kindDescription)", at: override ?? raw.position)
            return nil
        }
    }

    private mutating func nested(_ raw: RawValue, depth: Int, context: String, override: ValuePosition?) -> ItemValue? {
        switch raw.kind {
        case .null: return .null
        case .bool(let b, _): return .boolean(b)
        case .number(let d, _): return .number(d)
        case .string(let s): return .string(s)
        case .array(let elements):
            guard depth <= BrazeLimits.itemNestingMaximum else {
                nestingError(context: context, at: override ?? raw.position)
                return nil
            }
            var values: [ItemValue] = []
            values.reserveCapacity(elements.count)
            var ok = true
            for element in elements {
                if let v = nested(element, depth: depth + 1, context: context, override: override) {
                    values.append(v)
                } else {
                    ok = false
                }
            }
            return ok ? .array(values) : nil
        case .object(let members):
            guard depth <= BrazeLimits.itemNestingMaximum else {
                nestingError(context: context, at: override ?? raw.position)
                return nil
            }
            var pairs: [(key: String, value: ItemValue)] = []
            pairs.reserveCapacity(members.count)
            var seen: [String: ValuePosition] = [:]
            var ok = true
            for member in members {
                let at = override ?? member.keyPosition
                guard let key = member.key else {
                    error("\(context): object keys must be text", at: at)
                    ok = false
                    continue
                }
                if let bad = key.first(where: { $0 == "." || $0 == "$" }) {
                    error("\(context): key \(Self.display(key)) contains '\(bad)'; Braze refuses '.' and '$' in object keys", at: at)
                    ok = false
                }
                if let first = seen[key] {
                    error("\(context): key \(Self.display(key)) is written twice (first at \(location(first)))", at: at)
                    ok = false
                } else {
                    seen[key] = member.keyPosition
                }
                if let v = nested(member.value, depth: depth + 1, context: context, override: override) {
                    pairs.append((key, v))
                } else {
                    ok = false
                }
            }
            return ok ? .object(pairs) : nil
        }
    }

    private mutating func nestingError(context: String, at position: ValuePosition) {
        error("\(context): value nested more than \(BrazeLimits.itemNestingMaximum) levels deep; Braze allows at most \(BrazeLimits.itemNestingMaximum)", at: position)
    }
}
