/// Braze's limits that can be checked without calling Braze.
///
/// Where the seed API text and what is known of the real API disagree
/// (../shared/braze-api/api-notes.md), the real, more permissive limit is an
/// error and the seed's stricter one a warning.
public enum BrazeLimits {
    /// Content block names "must be less than 100 characters".
    public static let contentBlockNameMaxLength = 99
    /// Descriptions: content blocks "shorter than 250", catalogs "limit is 250".
    public static let descriptionMaxLength = 250
    /// Content block content "must be smaller than 50kb": 51,200 bytes of UTF-8.
    public static let contentMaxBytes = 51_200
    public static let catalogNameMaxLength = 250
    public static let catalogFieldNameMaxLength = 250
    /// Catalog fields: the seed says 30, current documentation 500.
    public static let catalogFieldsSeedMaximum = 30
    public static let catalogFieldsMaximum = 500
    public static let itemIDMaxLength = 250
    public static let itemValueMaxLength = 5_000
    public static let itemNestingMaximum = 50
    public static let preferenceCentersMaximum = 50
    /// Users per subscription status call.
    public static let subscriptionBatchSize = 50
    /// Items per bulk catalog item call.
    public static let itemBatchSize = 50
}

/// Names Braze accepts for content blocks, catalogs, fields, items and preference centers.
public enum NameRules {
    /// Letters, digits, `-` and `_` only (ASCII).
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
        }
    }

    /// The characters of `name` that are not allowed, for messages.
    public static func invalidCharacters(in name: String) -> String {
        var seen = Set<Character>()
        let bad = name.filter { ch in
            !(ch.isASCII && (ch.isLetter || ch.isNumber || ch == "-" || ch == "_")) && seen.insert(ch).inserted
        }
        return bad.map { $0 == " " ? "space" : "'\($0)'" }.joined(separator: ", ")
    }
}

/// "Did you mean" suggestions for misspelt names.
public enum Suggestions {
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let lower = word.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lower }) { return exact }
        if lower.count >= 3, let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(lower) }) { return prefixed }
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(lower, candidate.lowercased())
            // Close, and not merely short: `xy` should not suggest `id`.
            if d <= max(2, candidate.count / 3), d < candidate.count, d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        return best?.0
    }

    /// " (did you mean 'x'?)" or "".
    public static func didYouMean(_ word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
