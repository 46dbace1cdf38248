import BrazeCore
import YAML

/// Reads one YAML mapping against a field table, collecting every problem.
///
/// Decoding goes straight from nodes, so every diagnostic keeps its position.
struct MappingDecoder {
    let node: Node
    let pairs: [Node.Pair]
    let specs: [FieldSpec]
    /// Words for messages: "content block 'footer'".
    let context: String

    /// nil when `node` is not a mapping (the problem is reported).
    init?(_ node: Node, specs: [FieldSpec], context: String, diagnostics: inout Diagnostics) {
        guard let pairs = node.mapping else {
            diagnostics.error("\(context) must be a mapping, not \(node.kindDescription)", at: node.location)
            return nil
        }
        self.node = node
        self.pairs = pairs
        self.specs = specs
        self.context = context
        let known = specs.map(\.name)
        for pair in pairs {
            guard let key = pair.key.text else {
                diagnostics.error("\(context): keys must be plain names, not \(pair.key.kindDescription)", at: pair.key.location)
                continue
            }
            if !known.contains(key) {
                diagnostics.error("unknown field '\(key)' in \(context)\(Suggestions.didYouMean(key, in: known))", at: pair.key.location)
            }
        }
        for spec in specs where spec.required && self.value(spec.name) == nil {
            diagnostics.error("\(context) is missing the required field '\(spec.name)'", at: node.location)
        }
    }

    func value(_ key: String) -> Node? {
        pairs.first(where: { $0.key.text == key })?.value
    }

    func keyLocation(_ key: String) -> SourceLocation? {
        pairs.first(where: { $0.key.text == key })?.key.location
    }

    /// Where each present field was written.
    var fieldLocations: [String: SourceLocation] {
        var result: [String: SourceLocation] = [:]
        for pair in pairs { if let k = pair.key.text, result[k] == nil { result[k] = pair.value.location } }
        return result
    }

    // MARK: typed reads

    /// A scalar read as a string (plain numbers and booleans keep their text). Null is absent.
    func string(_ key: String, diagnostics: inout Diagnostics) -> (String, SourceLocation)? {
        guard let node = value(key) else { return nil }
        return Self.string(node, field: key, context: context, diagnostics: &diagnostics)
    }

    static func string(_ node: Node, field: String, context: String, diagnostics: inout Diagnostics) -> (String, SourceLocation)? {
        guard let scalar = node.scalar else {
            diagnostics.error("'\(field)' in \(context) must be a string, not \(node.kindDescription)", at: node.location)
            return nil
        }
        if scalar.isNull {
            diagnostics.error("'\(field)' in \(context) is empty; give it a value or remove the line", at: node.location)
            return nil
        }
        return (scalar.text, node.location)
    }

    func bool(_ key: String, diagnostics: inout Diagnostics) -> Bool? {
        guard let node = value(key) else { return nil }
        guard let b = node.scalar?.boolValue else {
            diagnostics.error("'\(key)' in \(context) must be true or false, not \(node.text.map { "'\($0)'" } ?? node.kindDescription)", at: node.location)
            return nil
        }
        return b
    }

    func int(_ key: String, diagnostics: inout Diagnostics) -> Int? {
        guard let node = value(key) else { return nil }
        guard let i = node.scalar?.intValue else {
            diagnostics.error("'\(key)' in \(context) must be a whole number, not \(node.text.map { "'\($0)'" } ?? node.kindDescription)", at: node.location)
            return nil
        }
        return i
    }

    func oneOf<T: RawRepresentable>(_ key: String, _ type: T.Type, diagnostics: inout Diagnostics) -> T? where T.RawValue == String, T: CaseIterable {
        guard let (text, location) = string(key, diagnostics: &diagnostics) else { return nil }
        if let v = T(rawValue: text) { return v }
        let allowed = T.allCases.map(\.rawValue)
        diagnostics.error("'\(key)' in \(context) must be one of \(allowed.joined(separator: ", ")), not '\(text)'\(Suggestions.didYouMean(text, in: allowed))", at: location)
        return nil
    }

    func stringList(_ key: String, diagnostics: inout Diagnostics) -> [String]? {
        guard let node = value(key) else { return nil }
        return Self.stringList(node, field: key, context: context, diagnostics: &diagnostics)
    }

    static func stringList(_ node: Node, field: String, context: String, diagnostics: inout Diagnostics) -> [String]? {
        if node.scalar?.isNull == true { return [] }
        guard let items = node.sequence else {
            diagnostics.error("'\(field)' in \(context) must be a list of strings, not \(node.kindDescription)", at: node.location)
            return nil
        }
        var result: [String] = []
        for item in items {
            guard let s = item.scalar, !s.isNull else {
                diagnostics.error("'\(field)' in \(context) must hold strings only, not \(item.kindDescription)", at: item.location)
                continue
            }
            result.append(s.text)
        }
        return result
    }
}
