import YAML

/// A value as a JSON or YAML source wrote it, before coercion to a field's type,
/// with where it was written.
struct RawValue: Sendable {
    enum Kind: Sendable {
        case null
        /// `text` is set when the value was a plain YAML scalar, whose text a string field may take as is.
        case bool(Bool, text: String?)
        case number(Double, text: String?)
        case string(String)
        case array([RawValue])
        case object([Member])
    }

    struct Member: Sendable {
        /// nil when a YAML key was not a scalar.
        var key: String?
        var keyPosition: ValuePosition
        var value: RawValue
    }

    var kind: Kind
    var position: ValuePosition

    /// "a string", "a number", ... for messages.
    var kindDescription: String {
        switch kind {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}

extension RawValue {
    /// The raw value of a YAML node, typed by YAML's resolution rules (plain `5` is
    /// a number, plain `true`/`yes` a boolean, plain `~` or nothing null; quoted is text).
    init(yaml node: Node) {
        let position = ValuePosition.resolved(node.location)
        switch node.value {
        case .scalar(let s):
            self.init(scalar: s, position: position)
        case .sequence(let nodes):
            self.init(kind: .array(nodes.map { RawValue(yaml: $0) }), position: position)
        case .mapping(let pairs):
            let members = pairs.map { pair in
                Member(key: pair.key.scalar?.text, keyPosition: .resolved(pair.key.location), value: RawValue(yaml: pair.value))
            }
            self.init(kind: .object(members), position: position)
        }
    }

    /// A scalar typed by YAML's resolution rules.
    init(scalar s: Scalar, position: ValuePosition) {
        self.init(kind: Self.kind(of: s), position: position)
    }

    /// What a scalar is by YAML's resolution rules: plain `5` a number, plain `true`/`yes` a
    /// boolean, plain `~` or nothing null; quoted or `!!str` text. `isString` would ask
    /// `boolValue` and `doubleValue` once more: each is asked once.
    static func kind(of s: Scalar) -> Kind {
        if s.isNull {
            return .null
        } else if s.style.isQuoted || s.tag == "tag:yaml.org,2002:str" {
            return .string(s.text)
        } else if let b = s.boolValue {
            return .bool(b, text: s.text)
        } else if let d = s.doubleValue {
            return .number(d, text: s.text)
        } else {
            // A plain scalar tagged with a type its text does not fit (`!!int abc`): keep the text.
            return .string(s.text)
        }
    }
}
