import Foundation
import YAML

/// A reference from one resource to another, found in its text.
public struct ResourceReference: Sendable, Hashable {
    public var target: ResourceAddress
    public var location: SourceLocation
    /// The field whose text holds it.
    public var field: String
}

/// Finds the references Braze resolves at send time in Liquid:
/// `{{content_blocks.${NAME}}}` (spaces and filters allowed), `{% catalog_items NAME ... %}`,
/// `{% catalog_selection_items NAME ... %}` and `{{preference_center.${NAME}}}`.
public enum LiquidReferences {
    private static let patterns: [(ResourceKind, NSRegularExpression)] = [
        (.contentBlock, try! NSRegularExpression(pattern: #"\{\{-?\s*content_blocks\.\$\{\s*([^}\s]+)\s*\}[^}]*\}\}"#)),
        (.catalog, try! NSRegularExpression(pattern: #"\{%-?\s*catalog_(?:selection_)?items\s+([A-Za-z0-9_-]+)"#)),
        (.preferenceCenter, try! NSRegularExpression(pattern: #"\{\{-?\s*preference_center\.\$\{\s*([^}\s]+)\s*\}"#)),
    ]
    /// `{% form_field_name :subscription_group ID %}` and `{{subscribed_state.${ID}}}` in preference center HTML.
    private static let groupIDPatterns: [NSRegularExpression] = [
        try! NSRegularExpression(pattern: #"\{%-?\s*form_field_name\s+:subscription_group\s+([^\s%]+)"#),
        try! NSRegularExpression(pattern: #"\{\{-?\s*subscribed_state\.\$\{\s*([^}\s]+)\s*\}"#),
    ]

    /// Liquid references in `text` (after interpolation).
    public static func references(in text: SourcedText, field: String) -> [ResourceReference] {
        let s = text.text
        guard s.contains("{") else { return [] }
        var result: [ResourceReference] = []
        let range = NSRange(s.startIndex..., in: s)
        for (kind, regex) in patterns {
            for match in regex.matches(in: s, range: range) {
                guard let nameRange = Range(match.range(at: 1), in: s), let whole = Range(match.range, in: s) else { continue }
                result.append(ResourceReference(target: ResourceAddress(kind, String(s[nameRange])), location: text.location(ofOffset: whole.lowerBound), field: field))
            }
        }
        return result
    }

    /// Subscription group ids named in preference center Liquid.
    public static func subscriptionGroupIDs(in text: SourcedText) -> [(id: String, location: SourceLocation)] {
        let s = text.text
        guard s.contains("subscri") else { return [] }
        let range = NSRange(s.startIndex..., in: s)
        return groupIDPatterns.flatMap { regex in
            regex.matches(in: s, range: range).compactMap { match in
                guard let idRange = Range(match.range(at: 1), in: s), let whole = Range(match.range, in: s) else { return nil }
                return (String(s[idRange]), text.location(ofOffset: whole.lowerBound))
            }
        }
    }
}
