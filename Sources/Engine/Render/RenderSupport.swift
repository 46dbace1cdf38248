import BrazeCore
import YAML

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
    /// C1 controls (`U+009B` is a one-character CSI), the Unicode line separators and the
    /// bidirectional overrides (which could make a reviewed name read backwards) have no
    /// control picture: they are written as `\u{9B}`, `\u{202E}`.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else { result.append(scalar); continue }
            if scalar.value < 0x20 || scalar.value == 0x7F, let symbol = Unicode.Scalar(scalar.value == 0x7F ? 0x2421 : 0x2400 + scalar.value) {
                result.append(symbol)
            } else {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && scalar != "\t") || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029 || Printable.isBidiOverride(scalar)
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

    /// The plan's last line: changes, then catalog items one by one (so that item deletions show as deletions).
    static func planLine(_ summary: PlanSummary) -> String {
        var line = "Plan: \(summary.create) to create, \(summary.update) to update, \(summary.delete) to delete, \(summary.replace) to replace."
        if let items = summary.items {
            line += " Catalog items: \(grouped(items.create)) to create, \(grouped(items.update)) to update, \(grouped(items.delete)) to delete."
        }
        return line
    }

    /// The destructive gate, said in every format (nil when nothing is destructive).
    static func destructiveSentence(_ plan: Plan, code: (String) -> String = { $0 }) -> String? {
        let count = plan.destructiveChanges.count
        guard count > 0 else { return nil }
        let what = count == 1
            ? "1 change deletes or replaces a catalog, or deletes catalog items"
            : "\(grouped(count)) changes delete or replace a catalog, or delete catalog items"
        return "\(what); \(code("apply")) needs \(code("--allow-destructive"))."
    }

    /// Notes that more than one change carries: said once per plan, not under each change.
    static func sharedNotes(_ plan: Plan) -> [String] {
        var count: [String: Int] = [:]
        var order: [String] = []
        for change in plan.changes {
            for note in Set(change.notes) {
                if count[note] == nil { order.append(note) }
                count[note, default: 0] += 1
            }
        }
        return order.filter { count[$0, default: 0] > 1 }
    }

    /// A change's own notes, without the shared ones.
    static func ownNotes(_ change: Change, shared: Set<String>) -> [String] {
        change.notes.filter { !shared.contains($0) }
    }

    // MARK: values as their YAML would be

    /// A one-line value in its style: strings double-quoted, lists as `[a, b]`, booleans bare.
    static func summary(_ value: String?, style: ValueStyle) -> String {
        guard let value else { return "(none)" }
        switch style {
        case .list: return flowList(value)
        case .boolean: return value
        case .schema: return flowList(value)
        case .string, .text: return summary(value)
        }
    }

    static func summaries(_ before: String, _ after: String, style: ValueStyle) -> (String, String) {
        style == .string || style == .text ? summaries(before, after) : (summary(before, style: style), summary(after, style: style))
    }

    /// Comma-separated text as a YAML flow list; empty text is `[]`.
    static func flowList(_ value: String) -> String {
        let parts = listItems(value)
        return "[" + parts.map { YAMLText.scalar($0, flow: true) }.joined(separator: ", ") + "]"
    }

    static func listItems(_ value: String) -> [String] {
        value.isEmpty ? [] : value.components(separatedBy: ", ")
    }

    /// A catalog's fields one a line, marked `+`, `-` or ` ` (unchanged), in the desired order, removed ones last.
    static func schemaLines(_ field: FieldChange) -> [String] {
        let before = listItems(field.before ?? "")
        let after = listItems(field.after ?? "")
        let old = Set(before), new = Set(after)
        var lines: [String] = []
        for f in after { lines.append((old.contains(f) ? " " : "+") + " " + f) }
        for f in before where !new.contains(f) { lines.append("- " + f) }
        return lines
    }

    /// A catalog item value as YAML (flow) would write it: JSON text, which YAML reads the same.
    static func itemValue(_ value: JSONValue) -> String {
        printable(value.description)
    }

    // MARK: catalog items by id

    /// The item-level lines of a `catalog_items` change: `+ id`, `~ id` with `~ field: old -> new` under it,
    /// `- id`; at most `limit` ids of each group, the rest counted. Empty when the plan carries no detail.
    static func itemLines(_ change: Change, limit: Int) -> [String] {
        guard let detail = change.itemChanges else { return [] }
        var out: [String] = []
        func more(_ n: Int, _ what: String) { if n > 0 { out.append("  … and \(grouped(n)) more to \(what)") } }
        for id in detail.create.prefix(limit) { out.append("+ " + printable(id)) }
        more(detail.create.count - min(limit, detail.create.count), "create")
        for update in detail.update.prefix(limit) {
            out.append("~ " + printable(update.id))
            for f in update.fields {
                out.append("    ~ \(printable(f.field)): \(itemValue(f.before)) -> \(itemValue(f.after))")
            }
        }
        more(detail.update.count - min(limit, detail.update.count), "update")
        for id in detail.delete.prefix(limit) { out.append("- " + printable(id)) }
        more(detail.delete.count - min(limit, detail.delete.count), "delete")
        return out
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

    /// Whether a text field is shown as a diff: whenever it has a new value (a new body is a diff against empty).
    static func showsDiff(_ field: FieldChange, in change: Change) -> Bool {
        field.isText && field.after != nil
    }

    /// New text (no live value) longer than this many lines is folded in the text plan.
    static let newTextLines = 40

    /// The diff of a text field, or nil when the lines are equal (only line endings or a final newline differ).
    static func diffLines(_ field: FieldChange) -> [String]? {
        let hunks = UnifiedDiff.hunks(old: field.before ?? "", new: field.after ?? "")
        return hunks.isEmpty ? nil : UnifiedDiff.render(hunks)
    }

    static let lineEndingsOnly = "(only line endings or the final newline differ)"
}
