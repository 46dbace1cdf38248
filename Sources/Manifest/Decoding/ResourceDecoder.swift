import BrazeCore
import Foundation
import YAML

/// Decodes one manifest document into a typed resource, from its nodes, with
/// `{file:}` values read: the parts every kind shares (`kind`, `name`, the field
/// table), then the kind's own `decode`. Interpolation happens later, per workspace.
struct ResourceDecoder {
    let includer: FileIncluder
    let manifestFile: String

    func decode(_ root: Node, diagnostics: inout Diagnostics) -> Resource? {
        guard let kindNode = root["kind"], let kindText = kindNode.text else { return nil }
        guard let kind = ResourceKind(rawValue: kindText) else {
            let kinds = ResourceKind.allCases.map(\.rawValue)
            diagnostics.error("unknown kind '\(kindText)'\(Suggestions.didYouMean(kindText, in: kinds)); kinds are \(kinds.joined(separator: ", "))", at: kindNode.location)
            return nil
        }
        let nameText = root["name"]?.text
        let context = nameText.map { "\(kind.displayName) '\($0)'" } ?? kind.displayName
        guard let d = MappingDecoder(root, specs: kind.type.fieldSpecs, context: context, diagnostics: &diagnostics) else { return nil }
        guard let (name, nameLocation) = d.string("name", diagnostics: &diagnostics) else { return nil }

        guard let value = kind.type.decode(d, name: name, reader: self, diagnostics: &diagnostics) else { return nil }
        var locations = d.fieldLocations
        locations["name"] = nameLocation
        return Resource(body: value.resourceBody, location: kindNode.location, fieldLocations: locations)
    }

    /// A string or `{file: PATH}` value.
    func text(_ d: MappingDecoder, _ key: String, diagnostics: inout Diagnostics) -> SourcedText? {
        guard let node = d.value(key) else { return nil }
        if FileIncluder.isInclude(node) {
            return includer.text(node, manifestFile: manifestFile, field: key, diagnostics: &diagnostics)
        }
        if node.mapping != nil {
            diagnostics.error("'\(key)' in \(d.context) must be a string or {file: PATH}, not a mapping", at: node.location)
            return nil
        }
        guard let (s, location) = MappingDecoder.string(node, field: key, context: d.context, diagnostics: &diagnostics) else { return nil }
        return SourcedText(s, origin: .inline(location))
    }
}
