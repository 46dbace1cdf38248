/// How a scalar was written. Quoted and block scalars are always strings; plain
/// scalars may be numbers, booleans or null by YAML's resolution rules.
public enum ScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded

    public var isQuoted: Bool { self != .plain }
}

/// A scalar's text with how it was written and its explicit tag, if any.
public struct Scalar: Sendable, Hashable {
    public var text: String
    public var style: ScalarStyle
    /// The resolved tag (`tag:yaml.org,2002:str` for `!!str`), nil when none was written.
    public var tag: String?

    public init(text: String, style: ScalarStyle = .plain, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }
}

/// One node of a YAML document, with where it was written.
///
/// Aliases are resolved: an alias is the anchored node itself (with the anchor's
/// location), and merge keys (`<<`) are already merged into their mapping.
public struct Node: Sendable {
    /// Not `indirect`: lists and mappings already keep their nodes in array storage, and a box
    /// per scalar was an allocation per value of every items file.
    public enum Value: Sendable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Pair])
    }

    public struct Pair: Sendable {
        public var key: Node
        public var value: Node
        public init(key: Node, value: Node) {
            self.key = key
            self.value = value
        }
    }

    public var value: Value
    public var location: SourceLocation
    /// The explicit tag of a collection (`!!map`, a local `!tag`), nil when none.
    public var tag: String?

    public init(_ value: Value, location: SourceLocation, tag: String? = nil) {
        self.value = value
        self.location = location
        self.tag = tag
    }

    public var scalar: Scalar? {
        if case .scalar(let s) = value { return s }
        return nil
    }

    public var sequence: [Node]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    public var mapping: [Pair]? {
        if case .mapping(let pairs) = value { return pairs }
        return nil
    }

    /// The text of a scalar node, nil for collections.
    public var text: String? { scalar?.text }

    /// The value of the first pair whose key is the scalar `key`.
    public subscript(key: String) -> Node? {
        mapping?.first(where: { $0.key.text == key })?.value
    }

    /// A plain-language name for the node's shape, for error messages.
    public var kindDescription: String {
        switch value {
        case .scalar(let s):
            if s.isNull { return "null" }
            return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

extension Scalar {
    private static let strTag = "tag:yaml.org,2002:str"

    /// A plain `~`, `null` or empty scalar, or one tagged `!!null`.
    public var isNull: Bool {
        if tag == "tag:yaml.org,2002:null" { return true }
        guard style == .plain, tag == nil else { return false }
        return ScalarRules.isNull(plain: text)
    }

    /// The boolean a plain scalar means under YAML 1.1 (`true`, `false`, `yes`, `no`, `on`, `off`).
    public var boolValue: Bool? {
        guard style == .plain, tag == nil || tag == "tag:yaml.org,2002:bool" else { return nil }
        return ScalarRules.bool(plain: text)
    }

    /// The integer a plain scalar means (decimal, `0x` hex, `0o` octal, `_` separators).
    public var intValue: Int? {
        guard style == .plain, tag == nil || tag == "tag:yaml.org,2002:int" else { return nil }
        return ScalarRules.int(plain: text)
    }

    /// The number a plain scalar means (integers, decimals, exponents, `.inf`, `.nan` excluded).
    public var doubleValue: Double? {
        guard style == .plain, tag == nil || tag == "tag:yaml.org,2002:float" || tag == "tag:yaml.org,2002:int" else { return nil }
        return ScalarRules.double(plain: text)
    }

    /// True when YAML would read this scalar as a string (quoted, block, `!!str`, or plain text that is no other type).
    public var isString: Bool {
        if style != .plain || tag == Self.strTag { return true }
        return !isNull && boolValue == nil && doubleValue == nil
    }
}
