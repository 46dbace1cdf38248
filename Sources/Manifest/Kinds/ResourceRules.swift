import BrazeCore
import Foundation
import YAML

/// Braze's rules that several kinds share: names, descriptions and tags.
/// Each check reports where the value was written and how to fix it.
enum ResourceRules {
    static func checkName(_ name: String, of kind: String, maxLength: Int?, at location: SourceLocation, diagnostics: inout Diagnostics) {
        if name.isEmpty {
            diagnostics.error("\(kind) name cannot be blank", at: location)
            return
        }
        if !NameRules.isValidName(name) {
            diagnostics.error("\(kind) name '\(Printable.clipped(name))' may use only letters, digits, - and _ (found \(NameRules.invalidCharacters(in: name)))", at: location)
        }
        if let maxLength, name.count > maxLength {
            diagnostics.error("\(kind) name '\(Printable.escaped(String(name.prefix(20))))…' is \(name.count) characters; Braze allows at most \(maxLength)", at: location)
        }
    }

    static func checkDescription(_ text: SourcedText, of owner: String, diagnostics: inout Diagnostics) {
        if text.text.count > BrazeLimits.descriptionMaxLength {
            diagnostics.error("description of \(owner) is \(text.text.count) characters; Braze allows at most \(BrazeLimits.descriptionMaxLength)", at: text.location)
        }
    }

    static func checkTags(_ tags: [String]?, at location: SourceLocation?, diagnostics: inout Diagnostics) {
        guard let tags else { return }
        if tags.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            diagnostics.error("tags cannot be blank", at: location)
        }
        var seen = Set<String>()
        for tag in tags where !seen.insert(tag).inserted {
            diagnostics.warning("tag '\(Printable.clipped(tag))' is listed twice", at: location)
        }
    }
}
