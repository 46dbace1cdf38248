import Foundation

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
