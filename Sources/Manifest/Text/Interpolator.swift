import BrazeCore
import YAML

/// `((var.NAME))` and `((subscription_group.NAME.id))` in every string value.
///
/// Only those two namespaces are brazeform's: any other text, Braze Liquid
/// included (`{{${first_name}}}`, `{{content_blocks.${footer}}}`), passes through verbatim.
public struct Interpolator: Sendable {
    public var workspace: String
    public var vars: [String: String]
    /// Declared subscription group name to its id in this workspace.
    public var groupIDs: [String: String]

    public init(workspace: String, vars: [String: String], groupIDs: [String: String]) {
        self.workspace = workspace
        self.vars = vars
        self.groupIDs = groupIDs
    }

    /// A reference found in text: its namespace, name and place.
    public struct Reference: Sendable {
        public enum Namespace: Sendable { case variable, subscriptionGroup }
        public var namespace: Namespace
        public var name: String
        public var range: Range<String.Index>
    }

    private static let open = "(("

    /// Finds every `((var.X))` / `((subscription_group.X.id))` in `text`; malformed ones are reported.
    public static func references(in text: SourcedText, diagnostics: inout Diagnostics) -> [Reference] {
        let s = text.text
        guard s.contains(open) else { return [] }
        var result: [Reference] = []
        var searchStart = s.startIndex
        while let openRange = s.range(of: open, range: searchStart..<s.endIndex) {
            searchStart = openRange.upperBound
            var i = openRange.upperBound
            while i < s.endIndex, s[i] == " " { i = s.index(after: i) }
            let rest = s[i...]
            let namespace: Reference.Namespace
            if rest.hasPrefix("var.") {
                namespace = .variable
                i = s.index(i, offsetBy: 4)
            } else if rest.hasPrefix("subscription_group.") {
                namespace = .subscriptionGroup
                i = s.index(i, offsetBy: 19)
            } else {
                continue  // not ours: left verbatim
            }
            let nameStart = i
            while i < s.endIndex, s[i].isASCII, s[i].isLetter || s[i].isNumber || s[i] == "_" || s[i] == "-" { i = s.index(after: i) }
            let name = String(s[nameStart..<i])
            var ok = !name.isEmpty
            if ok, namespace == .subscriptionGroup {
                if s[i...].hasPrefix(".id") { i = s.index(i, offsetBy: 3) } else { ok = false }
            }
            while ok, i < s.endIndex, s[i] == " " { i = s.index(after: i) }
            if ok, s[i...].hasPrefix("))") {
                let end = s.index(i, offsetBy: 2)
                result.append(Reference(namespace: namespace, name: name, range: openRange.lowerBound..<end))
                searchStart = end
            } else {
                let example = namespace == .variable ? "((var.NAME))" : "((subscription_group.NAME.id))"
                let shown = String(s[openRange.lowerBound...].prefix(40).prefix { $0 != "\n" })
                diagnostics.error("malformed interpolation '\(shown)': write \(example)", at: text.location(ofOffset: openRange.lowerBound))
            }
        }
        return result
    }

    /// The text with every reference replaced; unknown names are reported.
    public func apply(_ text: SourcedText, field: String, diagnostics: inout Diagnostics) -> SourcedText {
        let refs = Self.references(in: text, diagnostics: &diagnostics)
        guard !refs.isEmpty else { return text }
        var output = ""
        var cursor = text.text.startIndex
        for ref in refs {
            output += text.text[cursor..<ref.range.lowerBound]
            cursor = ref.range.upperBound
            let replacement: String?
            switch ref.namespace {
            case .variable:
                replacement = vars[ref.name]
                if replacement == nil {
                    let known = vars.keys.sorted()
                    let hint = known.isEmpty ? "it declares no vars" : "its vars: \(known.joined(separator: ", "))"
                    diagnostics.error("unknown variable '\(ref.name)' in '\(field)' for workspace '\(workspace)'\(Suggestions.didYouMean(ref.name, in: known)); add it under workspaces.\(workspace).vars (\(hint))",
                                      at: text.location(ofOffset: ref.range.lowerBound))
                }
            case .subscriptionGroup:
                replacement = groupIDs[ref.name]
                if replacement == nil {
                    diagnostics.error("unknown subscription group '\(ref.name)' in '\(field)'\(Suggestions.didYouMean(ref.name, in: groupIDs.keys.sorted())); declare it with kind: subscription_group",
                                      at: text.location(ofOffset: ref.range.lowerBound))
                }
            }
            output += replacement ?? String(text.text[ref.range])
        }
        output += text.text[cursor...]
        return SourcedText(output, origin: text.origin)
    }
}
