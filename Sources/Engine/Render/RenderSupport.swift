/// Formatting shared by the renderers: values, counts, safe text.
enum RenderSupport {
    /// Values longer than this (in characters) are summarised, not printed.
    static let longValue = 80
    /// How much of a long value a summary shows.
    static let previewLength = 60

    /// `1234567` as `1,234,567`, whatever the locale.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var result = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { result.append(",") }
            result.append(c)
        }
        return n < 0 ? "-" + result : result
    }

    /// `1 line`, `12 lines`.
    static func plural(_ n: Int, _ word: String) -> String {
        "\(grouped(n)) \(word)\(n == 1 ? "" : "s")"
    }

    /// A value for one line: quoted when short, summarised when multi-line or long.
    static func summary(_ value: String?) -> String {
        guard let value else { return "(none)" }
        if isMultiline(value) {
            return "(\(plural(UnifiedDiff.lines(value).count, "line")))"
        }
        if value.count > longValue {
            return String(quoted(String(value.prefix(previewLength))).dropLast()) + "…\" (\(plural(value.count, "character")))"
        }
        return quoted(value)
    }

    /// Both sides of a changed value. When a side is too long to print, both previews
    /// start a little before the first difference, so that the difference shows.
    static func summaries(_ before: String, _ after: String) -> (String, String) {
        guard !isMultiline(before), !isMultiline(after), before.count > longValue || after.count > longValue else {
            return (summary(before), summary(after))
        }
        let common = zip(before, after).prefix { $0 == $1 }.count
        let start = max(0, common - 20)
        func preview(_ value: String) -> String {
            let rest = value.dropFirst(start)
            guard start > 0 || rest.count > longValue else { return quoted(value) }
            let shown = String(rest.prefix(previewLength))
            let body = String(quoted(shown).dropFirst().dropLast())
            let lead = start > 0 ? "…" : ""
            let trail = rest.count > previewLength ? "…" : ""
            return "\"\(lead)\(body)\(trail)\" (\(plural(value.count, "character")))"
        }
        return (preview(before), preview(after))
    }

    /// Holds a line break (`\n`, or `\r\n`, which Swift's Characters would not call `\n`).
    static func isMultiline(_ value: String) -> Bool {
        value.utf8.contains(UInt8(ascii: "\n"))
    }

    /// A string in double quotes with `"`, `\` and control characters escaped.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Text from the manifests or from Braze, made safe to print: control characters
    /// other than tab (an ESC could forge colours) become their visible symbols (`␛`).
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar), let symbol = Unicode.Scalar(scalar.value == 0x7F ? 0x2421 : 0x2400 + scalar.value) {
                result.append(symbol)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    /// At most `limit` characters of a line, with `…` when cut.
    static func clipped(_ line: String, to limit: Int) -> String {
        line.count > limit ? String(line.prefix(limit)) + "… (\(plural(line.count, "character")))" : line
    }

    /// The one-line item counts of a `catalog_items` change.
    static func itemSummary(_ items: ItemCounts) -> String {
        "\(grouped(items.create)) to create, \(grouped(items.update)) to update, \(grouped(items.delete)) to delete of \(grouped(items.live)) live"
    }

    /// The one-line membership counts of a subscription group change.
    static func memberSummary(_ members: MemberCounts) -> String {
        "subscribe \(grouped(members.subscribe)), unsubscribe \(grouped(members.unsubscribe))"
    }

    /// The plan's last line.
    static func planLine(_ summary: PlanSummary) -> String {
        "Plan: \(summary.create) to create, \(summary.update) to update, \(summary.delete) to delete, \(summary.replace) to replace."
    }

    static let noChanges = "No changes. The workspace matches the manifests."
    static let unmanagedTitle = "exist in Braze, not in the manifests; never touched"

    /// How a field change reads: which sides it has.
    enum FieldShape {
        /// Only an after value (`+ field: value`).
        case added(String)
        /// Only a before value (`- field: value`).
        case removed(String)
        /// Both sides.
        case changed(String, String)
        /// Neither side (should not happen).
        case empty
    }

    static func shape(_ field: FieldChange) -> FieldShape {
        switch (field.before, field.after) {
        case (nil, let after?): .added(after)
        case (let before?, nil): .removed(before)
        case (let before?, let after?): .changed(before, after)
        case (nil, nil): .empty
        }
    }

    /// Whether a text field is shown as a diff: both sides present and the change is not a create.
    static func showsDiff(_ field: FieldChange, in change: Change) -> Bool {
        guard field.isText, change.action != .create, field.before != nil, field.after != nil else { return false }
        return true
    }

    /// The diff of a text field, or nil when the lines are equal (only line endings or a final newline differ).
    static func diffLines(_ field: FieldChange) -> [String]? {
        let hunks = UnifiedDiff.hunks(old: field.before ?? "", new: field.after ?? "")
        return hunks.isEmpty ? nil : UnifiedDiff.render(hunks)
    }

    static let lineEndingsOnly = "(only line endings or the final newline differ)"
}
