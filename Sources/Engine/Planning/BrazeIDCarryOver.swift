import Foundation

/// Carries the ids a workspace assigned inside a body over to the body an update
/// sends (../shared/braze-api/api-notes.md, "Ids a workspace assigns inside
/// bodies"): the `lid=` value link aliasing adds to each link, and the
/// `| id: 'cbN'` filter Braze writes into content block includes. Sent without
/// them, Braze assigns new ids and statistics by link alias stop lining up.
///
/// Links are the values of `href` attributes, keyed by their text without
/// `lid` (and with Liquid normalized as the planner compares it); includes are
/// keyed by block name. The live and desired sequences of keys are aligned
/// (longest common subsequence), so the same URL twice, links added before
/// others and links removed each keep or lose exactly their own id. A desired
/// link or include without a live counterpart is sent without an id (Braze
/// assigns one); an id the manifest itself carries is replaced by the live one
/// of the same link, or dropped when there is none (it belongs to another
/// workspace). Text other than these ids is sent as the manifest has it.
public enum BrazeIDCarryOver {
    private static let href = try! NSRegularExpression(pattern: #"(\bhref\s*=\s*)(["'])(.*?)\2"#, options: [.caseInsensitive, .dotMatchesLineSeparators])
    private static let lid = try! NSRegularExpression(pattern: #"([?&])lid=([A-Za-z0-9_-]+)(&?)"#)
    private static let include = try! NSRegularExpression(
        pattern: #"(\{\{-?\s*content_blocks\.\$\{([^}]+)\})(\s*\|\s*id:\s*['"]([^'"]*)['"])?(\s*-?\}\})"#)

    /// `desired` with the live ids of `live` carried over.
    public static func carry(live: String, into desired: String) -> String {
        guard live.contains("lid=") || live.contains("id:") || desired.contains("lid=") || desired.contains("id:") else { return desired }
        return carryIncludes(live: live, into: carryLinks(live: live, into: desired))
    }

    // MARK: - Links

    private struct Link { var range: Range<String.Index>; var url: String; var key: String; var lid: String? }

    private static func links(_ text: String) -> [Link] {
        href.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            guard let r = Range(m.range(at: 3), in: text) else { return nil }
            let url = String(text[r])
            let (bare, id) = strip(url)
            return Link(range: r, url: url, key: BrazeTextNormalizer.normalize(bare), lid: id)
        }
    }

    /// The URL without its `lid` parameter, and the value it had.
    static func strip(_ url: String) -> (String, String?) {
        guard let m = lid.firstMatch(in: url, range: NSRange(url.startIndex..., in: url)),
              let whole = Range(m.range, in: url), let value = Range(m.range(at: 2), in: url) else { return (url, nil) }
        let lead = url[Range(m.range(at: 1), in: url)!]
        let trail = Range(m.range(at: 3), in: url).map { url[$0] } ?? ""
        let keep = lead == "?" ? (trail.isEmpty ? "" : "?") : (trail.isEmpty ? "" : "&")
        return (url.replacingCharacters(in: whole, with: keep), String(url[value]))
    }

    /// `url` (without a `lid`) carrying `id`: where the live URL had it when the
    /// rest is the same text, else as the last query parameter (before a fragment).
    private static func adding(_ id: String, to bare: String, live: Link) -> String {
        if strip(live.url).0 == bare { return live.url }
        let fragmentStart = bare.firstIndex(of: "#") ?? bare.endIndex
        let head = bare[..<fragmentStart], fragment = bare[fragmentStart...]
        let separator = head.contains("?") ? (head.hasSuffix("?") || head.hasSuffix("&") ? "" : "&") : "?"
        return String(head) + separator + "lid=" + id + String(fragment)
    }

    private static func carryLinks(live: String, into desired: String) -> String {
        let liveLinks = links(live), wanted = links(desired)
        guard !wanted.isEmpty else { return desired }
        let pairs = align(liveLinks.map(\.key), wanted.map(\.key))
        var result = desired
        for (index, link) in wanted.enumerated().reversed() {
            let bare = strip(link.url).0
            let replacement: String
            if let liveIndex = pairs[index], let id = liveLinks[liveIndex].lid {
                replacement = adding(id, to: bare, live: liveLinks[liveIndex])
            } else {
                replacement = bare
            }
            if replacement != link.url { result.replaceSubrange(link.range, with: replacement) }
        }
        return result
    }

    // MARK: - Includes

    private struct Include { var whole: Range<String.Index>; var opening: String; var name: String; var id: String?; var closing: String }

    private static func includes(_ text: String) -> [Include] {
        include.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            guard let whole = Range(m.range, in: text), let opening = Range(m.range(at: 1), in: text),
                  let name = Range(m.range(at: 2), in: text), let closing = Range(m.range(at: 5), in: text) else { return nil }
            return Include(whole: whole, opening: String(text[opening]), name: String(text[name]).trimmingCharacters(in: .whitespaces),
                           id: Range(m.range(at: 4), in: text).map { String(text[$0]) }, closing: String(text[closing]))
        }
    }

    private static func carryIncludes(live: String, into desired: String) -> String {
        let liveIncludes = includes(live), wanted = includes(desired)
        guard !wanted.isEmpty else { return desired }
        let pairs = align(liveIncludes.map(\.name), wanted.map(\.name))
        var result = desired
        for (index, inc) in wanted.enumerated().reversed() {
            let id = pairs[index].flatMap { liveIncludes[$0].id }
            guard id != inc.id else { continue }
            let filter = id.map { " | id: '\($0)'" } ?? ""
            result.replaceSubrange(inc.whole, with: inc.opening + filter + inc.closing)
        }
        return result
    }

    // MARK: - Alignment

    /// For each element of `desired`, the index of the `live` element it is
    /// paired with by a longest common subsequence of equal keys, or nil.
    static func align(_ live: [String], _ desired: [String]) -> [Int?] {
        let n = live.count, m = desired.count
        var pairs = [Int?](repeating: nil, count: m)
        guard n > 0, m > 0 else { return pairs }
        // lengths[i][j]: LCS of live[i...] and desired[j...]
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = live[i] == desired[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var i = 0, j = 0
        while i < n && j < m {
            if live[i] == desired[j] { pairs[j] = i; i += 1; j += 1 }
            else if lengths[i + 1][j] >= lengths[i][j + 1] { i += 1 }
            else { j += 1 }
        }
        return pairs
    }
}
