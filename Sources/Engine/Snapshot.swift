import BrazeAPI
import Foundation
import Manifest

/// One resource's comparable state, the same shape for desired and live
/// (octoDNS's desired and existing zones): named fields holding text.
///
/// A field absent from a desired snapshot is not managed (the manifest leaves it
/// alone); a live snapshot holds everything Braze returned.
struct Snapshot: Sendable, Hashable {
    struct Field: Sendable, Hashable {
        var name: String
        var value: String?
        /// Multi-line text compared after normalization and shown as a diff.
        var isText: Bool
        /// Compared as an unordered set of comma-separated values (tags).
        var isSet: Bool = false
    }

    var fields: [Field]

    subscript(name: String) -> Field? { fields.first { $0.name == name } }

    /// Canonical text for digests: every field, in order.
    var canonical: String {
        fields.map { "\($0.name)=\($0.value.map { "\($0.utf8.count):\($0)" } ?? "nil")" }.joined(separator: "\n")
    }
}

extension Snapshot.Field {
    /// Multi-line text: compared after normalization, shown as a diff.
    static func text(_ name: String, _ value: String?) -> Self { Self(name: name, value: value, isText: true) }
    /// A short value shown as `before -> after`.
    static func scalar(_ name: String, _ value: String?) -> Self { Self(name: name, value: value, isText: false) }
    /// Tags compare as a set (Braze may return them in another order).
    static func tags(_ tags: [String]?) -> Self? {
        tags.map { Self(name: "tags", value: Set($0).sorted().joined(separator: ", "), isText: false, isSet: true) }
    }
}

/// The result of comparing a desired snapshot with a live one.
struct SnapshotDiff {
    var changes: [FieldChange] = []
    /// Fields that differ only by what Braze rewrites by itself.
    var noiseFields: [String] = []
}

enum SnapshotComparer {
    /// Field by field, over the fields the desired snapshot manages.
    static func diff(desired: Snapshot, live: Snapshot) -> SnapshotDiff {
        var result = SnapshotDiff()
        for field in desired.fields {
            let liveValue = live[field.name]?.value
            if field.value == liveValue { continue }
            if field.isText, let d = field.value, let l = liveValue,
               BrazeTextNormalizer.normalize(d) == BrazeTextNormalizer.normalize(l) {
                result.noiseFields.append(field.name)
                continue
            }
            if field.isText, (field.value ?? "").isEmpty, (liveValue ?? "").isEmpty { continue }
            result.changes.append(FieldChange(field: field.name, before: liveValue, after: field.value, isText: field.isText))
        }
        return result
    }
}

/// What Braze rewrites in stored text by itself, normalized away before comparing
/// (../shared/braze-api/api-notes.md, "Values Braze rewrites"): link ids added by
/// link aliasing (`lid=...`), workspace-specific filters on content block includes
/// (`| id: 'cb12'`), and Liquid reformatting (whitespace inside tags, quote style).
/// Only used to decide that a difference is noise: what is sent is always the manifest's text.
enum BrazeTextNormalizer {
    private static let linkID = try! NSRegularExpression(pattern: #"([?&])lid=[A-Za-z0-9_-]+(&?)"#)
    private static let includeFilter = try! NSRegularExpression(pattern: #"(\{\{-?\s*content_blocks\.\$\{[^}]+\})\s*\|\s*id:\s*['"][^'"]*['"]\s*(\}\})"#)
    private static let liquidTag = try! NSRegularExpression(pattern: #"\{\{-?(.*?)-?\}\}|\{%-?(.*?)-?%\}"#, options: [.dotMatchesLineSeparators])

    static func normalize(_ text: String) -> String {
        guard text.contains("{") || text.contains("lid=") else { return text }
        var s = text
        s = replace(linkID, in: s) { match, s in
            // "?lid=x&a" -> "?a"; "&lid=x" -> ""; "?lid=x" -> ""
            let lead = substring(match, 1, s)
            let trail = substring(match, 2, s)
            return lead == "?" ? (trail.isEmpty ? "" : "?") : (trail.isEmpty ? "" : "&")
        }
        s = replace(includeFilter, in: s) { match, s in substring(match, 1, s) + substring(match, 2, s) }
        s = replace(liquidTag, in: s) { match, s in
            let whole = substring(match, 0, s)
            let isOutput = whole.hasPrefix("{{")
            let inner = isOutput ? substring(match, 1, s) : substring(match, 2, s)
            let collapsed = inner.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
                .replacingOccurrences(of: "\"", with: "'")
            return isOutput ? "{{\(collapsed)}}" : "{%\(collapsed)%}"
        }
        return s
    }

    private static func substring(_ match: NSTextCheckingResult, _ group: Int, _ s: String) -> String {
        guard let r = Range(match.range(at: group), in: s) else { return "" }
        return String(s[r])
    }

    private static func replace(_ regex: NSRegularExpression, in s: String, _ transform: (NSTextCheckingResult, String) -> String) -> String {
        let matches = regex.matches(in: s, range: NSRange(s.startIndex..., in: s))
        guard !matches.isEmpty else { return s }
        var result = ""
        var cursor = s.startIndex
        for match in matches {
            guard let r = Range(match.range, in: s) else { continue }
            result += s[cursor..<r.lowerBound]
            result += transform(match, s)
            cursor = r.upperBound
        }
        result += s[cursor...]
        return result
    }
}
