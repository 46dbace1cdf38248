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

    /// A scalar typed by YAML's resolution rules. `isString` would ask `boolValue` and
    /// `doubleValue` once more: each is asked once.
    init(scalar s: Scalar, position: ValuePosition) {
        if s.isNull {
            self.init(kind: .null, position: position)
        } else if s.style.isQuoted || s.tag == "tag:yaml.org,2002:str" {
            self.init(kind: .string(s.text), position: position)
        } else if let b = s.boolValue {
            self.init(kind: .bool(b, text: s.text), position: position)
        } else if let d = s.doubleValue {
            self.init(kind: .number(d, text: s.text), position: position)
        } else {
            // A plain scalar tagged with a type its text does not fit (`!!int abc`): keep the text.
            self.init(kind: .string(s.text), position: position)
        }
    }
}
