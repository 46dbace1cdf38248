/// A plan as a pull-request comment (GitHub-flavoured markdown), summary first.
///
/// GitHub refuses comments of 65,536 characters or more, so the document is kept
/// under `limit` however large the plan: text diffs are cut (saying how many lines
/// were left out), long diffs fold into `<details>`, and when the changes in full
/// would not fit, the remaining ones are listed one line each, then counted.
struct MarkdownPlanRenderer {
    /// The hard limit the document stays under (GitHub counts characters; we count UTF-8 bytes, which is never less).
    static let limit = 65_000
    /// What the document aims for, leaving room for the closing lines.
    var budget = 60_000

    /// How much of a change to show.
    private enum Detail: CaseIterable {
        case full, compact, brief

        /// Diff lines shown per text field.
        var diffLines: Int {
            switch self {
            case .full: 150
            case .compact: 20
            case .brief: 6
            }
        }

        /// Catalog item ids shown per group (create, update, delete); the rest are counted.
        var items: Int {
            switch self {
            case .full: 100
            case .compact: 20
            case .brief: 0
            }
        }

        /// Longest line shown in a code block.
        var lineLimit: Int { self == .brief ? 120 : 300 }
    }

    /// When the changes do not all fit in full, the share of the room that changes shown
    /// in full may take, and then changes shown compactly: the rest lists the remaining
    /// changes one line each, so that a large plan shows many of its changes, not a few diffs.
    private static let fullShare = 0.35
    private static let detailedShare = 0.6

    /// Diffs longer than this fold into `<details>`.
    private static let foldAbove = 20
    private static let maxWarnings = 20
    private static let maxUnmanaged = 200
    static let fullDiffHint = "run brazeform plan locally for the full diff"

    /// Notes several changes share, said once at the top (set by `render`).
    private var shared: Set<String> = []

    mutating func render(_ plan: Plan) -> String {
        var head: [String] = []
        head.append("### brazeform plan for \(code(plan.workspace))")
        head.append("")
        head.append("**\(RenderSupport.planLine(plan.summary))**")
        head.append("")
        if plan.isEmpty {
            head.append(RenderSupport.noChanges)
        } else {
            let s = plan.summary
            head.append("| create | update | delete | replace |")
            head.append("|---:|---:|---:|---:|")
            head.append("| \(s.create) | \(s.update) | \(s.delete) | \(s.replace) |")
            head.append("")
            head.append("Endpoint \(code(plan.endpoint)): \(RenderSupport.plural(plan.changes.count, "change")), "
                        + "\(RenderSupport.plural(plan.callCount, "API call")), in the order they will be performed.")
            if let gate = RenderSupport.destructiveSentence(plan, code: { "`\($0)`" }) {
                head.append("")
                head.append("**Destructive:** \(gate)")
            }
        }
        if let reading = plan.reading {
            // Which catalogs came from the item snapshot, and from when (a reviewer of a drift
            // check wants to know whether Braze was read in full), and how long reading pages took.
            head.append("")
            for line in reading.lines { head.append("- " + inline(RenderSupport.clipped(line, to: 300))) }
        }
        let shared = RenderSupport.sharedNotes(plan)
        self.shared = Set(shared)
        if !shared.isEmpty {
            head.append("")
            head.append("#### Notes")
            head.append("")
            for note in shared { head.append("- " + inline(RenderSupport.clipped(note, to: 300))) }
        }
        if !plan.warnings.isEmpty {
            head.append("")
            head.append("#### Warnings")
            head.append("")
            for warning in plan.warnings.prefix(Self.maxWarnings) {
                head.append("- ! " + inline(RenderSupport.clipped(warning, to: 300)))
            }
            if plan.warnings.count > Self.maxWarnings {
                head.append("- … and \(RenderSupport.grouped(plan.warnings.count - Self.maxWarnings)) more warnings; run brazeform plan locally to see them")
            }
        }

        var tail: [String] = []
        if !plan.unmanaged.isEmpty {
            tail.append("<details><summary>Unmanaged: \(RenderSupport.plural(plan.unmanaged.count, "resource")) \(RenderSupport.unmanagedTitle)</summary>")
            tail.append("")
            for resource in plan.unmanaged.prefix(Self.maxUnmanaged) {
                tail.append("- " + code("\(resource.kind.rawValue).\(RenderSupport.clipped(resource.name, to: 200))"))
            }
            if plan.unmanaged.count > Self.maxUnmanaged {
                tail.append("- … and \(RenderSupport.grouped(plan.unmanaged.count - Self.maxUnmanaged)) more")
            }
            tail.append("")
            tail.append("</details>")
        }

        var blocks: [String] = [head.joined(separator: "\n")]
        var used = blocks[0].utf8.count + tail.joined(separator: "\n").utf8.count + 4
        func add(_ block: String) { blocks.append(block); used += block.utf8.count + 2 }

        if !plan.isEmpty {
            add("#### Changes")
            // Room kept for the "… and N more changes not shown" line and separators.
            let room = budget - used - 200
            let start = used

            // Everything in full when it fits (the sections computed on the way are kept).
            var full: [String] = []
            var size = 0
            for change in plan.changes {
                let section = section(change, textDiffs(change), .full)
                size += section.utf8.count + 2
                if size > room { break }
                full.append(section)
            }
            if full.count == plan.changes.count {
                full.forEach(add)
            } else {
                // Full while under the first share, then compact (or brief) under the second.
                var shown = 0
                var detail = Detail.full
                changes: for (index, change) in plan.changes.enumerated() {
                    let diffs = index < full.count ? nil : textDiffs(change)
                    while true {
                        let share = detail == .full ? Self.fullShare : Self.detailedShare
                        let section = detail == .full && index < full.count ? full[index] : section(change, diffs ?? textDiffs(change), detail)
                        if used - start + section.utf8.count + 2 <= Int(Double(room) * share) {
                            add(section)
                            shown += 1
                            continue changes
                        }
                        guard let next = Detail.allCases.drop(while: { $0 != detail }).dropFirst().first else { break changes }
                        detail = next
                    }
                }
                var list: [String] = []
                let title = "The other \(RenderSupport.plural(plan.changes.count - shown, "change")), one line each:"
                var listSize = title.utf8.count + 2
                for change in plan.changes[shown...] {
                    let line = oneLine(change)
                    if used - start + listSize + line.utf8.count + 1 > room { break }
                    list.append(line)
                    listSize += line.utf8.count + 1
                }
                if !list.isEmpty { add(title + "\n\n" + list.joined(separator: "\n")) }
                let left = plan.changes.count - shown - list.count
                if left > 0 {
                    add("… and \(RenderSupport.plural(left, "more change")) not shown; run brazeform plan locally for the full plan")
                }
            }
        }
        if !tail.isEmpty { blocks.append(tail.joined(separator: "\n")) }
        return blocks.joined(separator: "\n\n")
    }

    // MARK: one change

    private func heading(_ change: Change) -> String {
        code("\(change.action.sigil) \(change.kind.rawValue).\(change.name)")
    }

    private func rawCounts(_ change: Change) -> String? {
        if let items = change.items { return RenderSupport.itemSummary(items) }
        if let members = change.members { return RenderSupport.memberSummary(members) }
        return nil
    }

    private func counts(_ change: Change) -> String? {
        rawCounts(change).map { (change.items != nil ? "Items: " : "Members: ") + $0 }
    }

    private func oneLine(_ change: Change) -> String {
        "- " + heading(change) + (rawCounts(change).map { " (\($0))" } ?? "")
    }

    /// The unified diff of each field shown as one (nil for the others, and when the lines are equal).
    private func textDiffs(_ change: Change) -> [[String]?] {
        change.fieldChanges.map { RenderSupport.showsDiff($0, in: change) ? RenderSupport.diffLines($0) : nil }
    }

    private func section(_ change: Change, _ textDiffs: [[String]?], _ detail: Detail) -> String {
        var out: [String] = ["##### " + heading(change)]
        if let counts = counts(change) { out += ["", counts] }

        var scalars: [String] = []
        var diffs: [[String]] = []
        for (field, diff) in zip(change.fieldChanges, textDiffs) {
            let name = RenderSupport.printable(field.field)
            if RenderSupport.showsDiff(field, in: change) {
                if let lines = diff {
                    diffs.append(textDiff(name, lines, detail))
                } else {
                    scalars.append("~ \(name): \(RenderSupport.lineEndingsOnly)")
                }
                continue
            }
            if field.style == .schema {
                scalars.append("\(field.before == nil ? "+" : "~") \(name):")
                scalars += RenderSupport.schemaLines(field).map { "    " + $0 }
                continue
            }
            switch RenderSupport.shape(field) {
            case .added(let after): scalars.append("+ \(name): \(RenderSupport.summary(after, style: field.style))")
            case .removed(let before): scalars.append("- \(name): \(RenderSupport.summary(before, style: field.style))")
            case .changed(let before, let after):
                let (old, new) = RenderSupport.summaries(before, after, style: field.style)
                scalars.append("- \(name): \(old)")
                scalars.append("+ \(name): \(new)")
            case .empty: continue
            }
        }
        if !scalars.isEmpty { out += [""] + codeBlock(scalars) }
        for diff in diffs { out += [""] + diff }
        let items = detail.items > 0 ? RenderSupport.itemLines(change, limit: detail.items) : []
        if !items.isEmpty {
            let lines = items.map { RenderSupport.clipped($0, to: detail.lineLimit) }
            out += ["", "<details><summary>Items by id</summary>", ""] + codeBlock(lines) + ["", "</details>"]
        }
        for note in RenderSupport.ownNotes(change, shared: shared) { out += ["", "Note: " + inline(note)] }
        return out.joined(separator: "\n")
    }

    /// A text field's diff: inline when short, folded into `<details>` when long, cut at the detail's limit.
    private func textDiff(_ name: String, _ lines: [String], _ detail: Detail) -> [String] {
        let shown = lines.prefix(detail.diffLines).map { RenderSupport.clipped(RenderSupport.printable($0), to: detail.lineLimit) }
        let hidden = lines.count - shown.count
        var out: [String] = []
        let block = codeBlock(Array(shown))
        let cut = hidden > 0 ? ["", "… \(RenderSupport.plural(hidden, "more line")) not shown; \(Self.fullDiffHint)"] : []
        if lines.count <= Self.foldAbove {
            out.append(code(name) + ":")
            out.append("")
            out += block + cut
        } else {
            let added = lines.count(where: { $0.hasPrefix("+") })
            let removed = lines.count(where: { $0.hasPrefix("-") })
            out.append("<details><summary><code>\(html(name))</code>: +\(RenderSupport.grouped(added)) −\(RenderSupport.grouped(removed)) lines</summary>")
            out.append("")
            out += block + cut
            out.append("")
            out.append("</details>")
        }
        return out
    }

    // MARK: escaping

    /// A fenced ```` ```diff ```` block whose fence no line can close.
    private func codeBlock(_ lines: [String]) -> [String] {
        let longest = lines.map(longestBacktickRun).max() ?? 0
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return [fence + "diff"] + lines + [fence]
    }

    private func longestBacktickRun(_ s: String) -> Int {
        guard s.contains("`") else { return 0 }
        var longest = 0, run = 0
        for c in s {
            if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        return longest
    }

    /// An inline code span that holds any text (delimiters longer than its backtick runs).
    private func code(_ text: String) -> String {
        let safe = RenderSupport.printable(text).replacingOccurrences(of: "\n", with: " ")
        let ticks = String(repeating: "`", count: longestBacktickRun(safe) + 1)
        let pad = safe.hasPrefix("`") || safe.hasSuffix("`") ? " " : ""
        return ticks + pad + safe + pad + ticks
    }

    /// Free text (notes, warnings) with markdown's and HTML's special characters escaped.
    private func inline(_ text: String) -> String {
        var result = ""
        for c in RenderSupport.printable(text) {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "#": result += "\\" + String(c)
            case "&": result += "&amp;"
            case "\n", "\r": result += " "
            default: result.append(c)
            }
        }
        return result
    }

    private func html(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
