/// "Did you mean" for a misspelt field name.
enum NameSuggestion {
    /// The candidate closest to `name`: one equal ignoring case first, else the one
    /// at the smallest edit distance, if that distance is at most 2 and shorter than
    /// the candidate itself (so that `xy` does not suggest `id`).
    static func closest(to name: String, in candidates: [String]) -> String? {
        let lower = name.lowercased()
        if let same = candidates.first(where: { $0.lowercased() == lower }) { return same }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let d = distance(Array(lower.unicodeScalars), Array(candidate.lowercased().unicodeScalars), limit: 2)
            guard d <= 2, d < candidate.unicodeScalars.count else { continue }
            if let current = best, current.distance <= d { continue }
            best = (candidate, d)
        }
        return best?.name
    }

    /// ` (did you mean 'X'?)`, or nothing.
    static func hint(for name: String, in candidates: [String]) -> String {
        closest(to: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance; anything above `limit` comes back as `limit + 1`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return min(previous[b.count], limit + 1)
    }
}
