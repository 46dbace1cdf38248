import Foundation

// Link aliasing as Braze does it (api-notes "Ids a workspace assigns inside
// bodies"): when an email body is saved, every link (`href` value) that has no
// `lid` gets one, the workspace's own; a link that has one keeps it.

extension SimulatedWorkspace {
    private static let anchorLink = try! NSRegularExpression(pattern: #"(href\s*=\s*)(["'])(https?://[^"']*)\2"#, options: [.caseInsensitive])

    /// `body` with a fresh `lid` on each link that has none (when link aliasing is on).
    func aliasingLinks(_ body: String) -> String {
        guard configuration.assignsLinkIDs else { return body }
        let matches = Self.anchorLink.matches(in: body, range: NSRange(body.startIndex..., in: body))
        var result = body
        for match in matches.reversed() {
            guard let range = Range(match.range(at: 3), in: body) else { continue }
            let url = String(body[range])
            let query = url.split(separator: "#", maxSplits: 1).first.map(String.init) ?? url
            let hasID = query.split(separator: "?", maxSplits: 1).dropFirst().first?
                .split(separator: "&").contains { $0.hasPrefix("lid=") } ?? false
            guard !hasID else { continue }
            state.counters.linkID += 1
            let id = Self.linkID(state.counters.linkID)
            let fragmentStart = url.firstIndex(of: "#") ?? url.endIndex
            let head = url[..<fragmentStart]
            let joined = head + (head.contains("?") ? "&" : "?") + "lid=" + id + url[fragmentStart...]
            result.replaceSubrange(Range(match.range(at: 3), in: result)!, with: joined)
        }
        return result
    }

    /// Twelve lower-case letters and digits, like the ids seen in aliased links.
    static func linkID(_ counter: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var value = UInt64(truncatingIfNeeded: counter) &* 0x9E37_79B9_7F4A_7C15
        var id = ""
        for _ in 0..<12 { id.append(alphabet[Int(value % 36)]); value /= 36; if value == 0 { value = UInt64(counter) &+ 0x51ED } }
        return id
    }
}
