import BrazeCore
import Foundation
import YAML

/// Braze's limits on catalog items, checked offline (see braze-api/managed-endpoints.md).
/// Gathers the items of one source and the problems found in them, applying the
/// rules every format shares: ids, duplicates, unknown and missing fields, value
/// size, object keys and nesting.
struct ItemCollector {
    /// Problems reported per file before the rest are only counted.
    static let maximumDiagnosticsPerFile = 100

    /// The catalog's fields other than `id`, in schema order.
    let fields: [CatalogField]
    /// `fields`' types, apart: what each value of each item asks (a field's whole value, with
    /// its location, is not copied for it).
    let fieldTypes: [CatalogFieldType]
    let fieldIndex: [String: Int]
    /// Every field name, `id` included, for "did you mean".
    let fieldNames: [String]
    let source: SourceText?
    let file: String

    private(set) var items: [CatalogItem] = []
    private var problems: [(key: (Int, Int), position: ValuePosition, message: String)] = []
    /// Each id claimed, with the index of its first place in `idPlaces`: a table of small
    /// values (a position is five words) is touched once per item, in one hashing.
    private var firstPlaceOfID: [String: Int] = [:]
    private var idPlaces: [ValuePosition] = []
    /// The last item location resolved, so that items on one long line (minified
    /// JSON) resolve in linear time overall.
    private var columnCache: (position: TextPosition, column: Int)?

    init(fields allFields: [CatalogField], source: SourceText?, file: String) {
        var fields: [CatalogField] = []
        var seen = Set<String>()
        for field in allFields where field.name != "id" && seen.insert(field.name).inserted {
            fields.append(field)
        }
        self.fields = fields
        self.fieldTypes = fields.map(\.type)
        var index: [String: Int] = [:]
        for (i, f) in fields.enumerated() { index[f.name] = i }
        self.fieldIndex = index
        self.fieldNames = ["id"] + fields.map(\.name)
        self.source = source
        self.file = file
    }

    // MARK: Problems

    mutating func error(_ message: String, at position: ValuePosition) {
        problems.append((position.sortKey, position, message))
    }

    var problemCount: Int { problems.count }

    /// Takes back the problems recorded after the first `count` (an attempt that found
    /// something wrong and leaves the telling to the general path).
    mutating func dropProblems(after count: Int) {
        problems.removeSubrange(count...)
    }

    func location(_ position: ValuePosition) -> SourceLocation {
        switch position {
        case .resolved(let l): return l
        case .lineColumn(let line, let column): return SourceLocation(file: file, line: line, column: column)
        case .text(let p): return source?.location(p) ?? SourceLocation(file: file, line: p.line, column: 1)
        }
    }

    /// An item's location; positions must come in file order for the cache to help.
    mutating func itemLocation(_ position: ValuePosition) -> SourceLocation {
        guard case .text(let p) = position, let source else { return location(position) }
        var column = 1
        var i = p.lineStart
        if let cache = columnCache, cache.position.lineStart == p.lineStart, cache.position.offset <= p.offset {
            column = cache.column
            i = cache.position.offset
        }
        let bytes = source.bytes
        let end = min(p.offset, bytes.count)
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        columnCache = (p, column)
        return SourceLocation(file: source.file, line: p.line, column: column)
    }

    /// The items and the problems, sorted by place; past the cap, one closing line counts the rest.
    func finish() -> (items: [CatalogItem], diagnostics: [Diagnostic]) {
        let ordered = problems.enumerated().sorted { a, b in
            a.element.key != b.element.key ? a.element.key < b.element.key : a.offset < b.offset
        }.map(\.element)
        let cap = ItemCollector.maximumDiagnosticsPerFile
        var diagnostics = ordered.prefix(cap).map { Diagnostic.error($0.message, at: location($0.position)) }
        if ordered.count > cap {
            let rest = ordered.count - cap
            diagnostics.append(.error("... and \(Self.grouped(rest)) more problem\(rest == 1 ? "" : "s") in this file",
                                      at: location(ordered[cap].position)))
        }
        return (items, diagnostics)
    }

    // MARK: Items

    /// Checks an id's text against Braze's rules; false (with the problem recorded) when it breaks one.
    mutating func checkID(_ id: String, label: @autoclosure () -> String, at position: ValuePosition) -> Bool {
        if Self.isValidID(id) { return true }
        if id.isEmpty {
            error("\(label()) has an empty id", at: position)
            return false
        }
        let length = id.unicodeScalars.count
        if length > BrazeLimits.itemIDMaxLength {
            error("\(label()): id is \(length) characters long; Braze allows at most \(BrazeLimits.itemIDMaxLength)", at: position)
            return false
        }
        if let bad = id.unicodeScalars.first(where: { !Self.isIDCharacter($0) }) {
            error("\(label()): id '\(id)' contains \(Self.show(bad)); ids may hold only letters, digits, '-' and '_'", at: position)
            return false
        }
        return true
    }

    /// Whether `id` keeps Braze's rules (the rules `checkID` explains when it does not):
    /// 1 to 250 characters, each a letter, a digit, `-` or `_` (all ASCII: bytes are characters).
    static func isValidID(_ id: String) -> Bool {
        let bytes = id.utf8
        guard !bytes.isEmpty, bytes.count <= BrazeLimits.itemIDMaxLength else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x2D || b == 0x5F
        }
    }

    /// The text an `id` value gives: text as is, and the text of a plain YAML number or
    /// boolean (`id: 42`); nil for null and for a value that is not text.
    static func idText(_ kind: RawValue.Kind) -> String? {
        switch kind {
        case .string(let s): return s
        case .number(_, let text?), .bool(_, let text?): return text
        default: return nil
        }
    }

    private static func isIDCharacter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F: return true
        default: return false
        }
    }

    private static func show(_ s: Unicode.Scalar) -> String {
        switch s {
        case " ": return "a space"
        case "\t": return "a tab"
        default:
            if s.properties.isWhitespace || s.value < 0x20 { return "U+\(String(s.value, radix: 16, uppercase: true))" }
            return "'\(s)'"
        }
    }

    /// Records where `id` was written; false (with the problem recorded at the second place) when it was already used.
    mutating func claimID(_ id: String, label: @autoclosure () -> String, at position: ValuePosition) -> Bool {
        guard let first = claim(id, at: position) else { return true }
        error("\(label()): duplicate id '\(id)', first used at \(location(idPlaces[first]))", at: position)
        return false
    }

    /// Records where `id` was written, when it was not used before; false (nothing recorded) when it was.
    mutating func claimIfUnused(_ id: String, at position: ValuePosition) -> Bool {
        claim(id, at: position) == nil
    }

    /// Claims `id` for `position` in one lookup; the index of its first place when it was claimed before (which stays the first).
    private mutating func claim(_ id: String, at position: ValuePosition) -> Int? {
        if let first = firstPlaceOfID.updateValue(idPlaces.count, forKey: id) {
            firstPlaceOfID[id] = first
            return first
        }
        idPlaces.append(position)
        return nil
    }

    mutating func add(_ item: CatalogItem) { items.append(item) }

    /// Room for about `count` items, so that large files do not regrow the tables.
    mutating func expectItems(_ count: Int) {
        items.reserveCapacity(count)
        firstPlaceOfID.reserveCapacity(count)
        idPlaces.reserveCapacity(count)
    }

    /// Checks a coerced value's size against Braze's 5,000-character limit.
    mutating func checkSize(_ value: ItemValue, context: @autoclosure () -> String, at position: ValuePosition) -> Bool {
        let length: Int
        switch value {
        case .string(let s):
            if s.utf8.count <= BrazeLimits.itemValueMaxLength { return true }
            length = s.unicodeScalars.count
        case .array, .object:
            length = JSONLength.of(value)
        default:
            return true
        }
        guard length > BrazeLimits.itemValueMaxLength else { return true }
        let what: String
        if case .string = value { what = "value" } else { what = "value (as JSON)" }
        error("\(context()): \(what) is \(Self.grouped(length)) characters long; Braze allows at most 5,000", at: position)
        return false
    }

    /// `19,900`.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// The message for an unknown field name, with a suggestion when one is close.
    func unknownFieldMessage(_ name: String) -> String {
        "the catalog has no field '\(name)'\(Suggestions.didYouMean(name, in: fieldNames))"
    }

    /// The names of the fields not in `present`, in schema order.
    func missingFields(_ present: [Bool]) -> [String] {
        fields.indices.filter { !present[$0] }.map { fields[$0].name }
    }
}

/// The length of a value's compact JSON text, as Braze measures array and object values.
enum JSONLength {
    static func of(_ value: ItemValue) -> Int {
        switch value {
        case .null: return 4
        case .boolean(let b): return b ? 4 : 5
        case .number(let d): return ItemValueJSON.number(d).count
        case .string(let s): return quoted(s)
        case .time: return 31  // "2022-11-01T09:03:19.967+00:00"
        case .array(let a): return 2 + a.reduce(0) { $0 + of($1) } + max(0, a.count - 1)
        case .object(let o): return 2 + o.reduce(0) { $0 + quoted($1.key) + 1 + of($1.value) } + max(0, o.count - 1)
        }
    }

    private static func quoted(_ s: String) -> Int {
        var n = 2
        for u in s.unicodeScalars {
            switch u {
            case "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}": n += 2
            default: n += u.value < 0x20 ? 6 : 1
            }
        }
        return n
    }
}

/// How item values are written as JSON text.
enum ItemValueJSON {
    /// Integers without a fraction (`5`, not `5.0`); others in Swift's shortest round-trip form.
    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 9_007_199_254_740_992 { return String(Int64(d)) }
        return "\(d)"
    }
}
