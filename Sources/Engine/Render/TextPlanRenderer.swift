/// The Terraform-like text of a plan, for terminals and CI logs.
///
///     Workspace: staging
///     Endpoint: https://rest.iad-01.braze.com
///
///       + content_block.footer
///           + content: (12 lines)
///
///       ~ email_template.welcome
///           ~ subject: "Hi" -> "Welcome"
///           ~ body:
///             @@ -1,3 +1,3 @@
///              <p>
///             -Hi
///             +Welcome
///
///     Plan: 1 to create, 1 to update, 0 to delete, 0 to replace.
///
/// Everything is printed in full (text diffs too); only single values are summarised.
/// ANSI colours only when `color` is true: not one escape code otherwise, not even
/// from the manifests' own text, whose control characters print as symbols.
struct TextPlanRenderer {
    let color: Bool

    private enum Style: String {
        case green = "\u{1B}[32m", yellow = "\u{1B}[33m", red = "\u{1B}[31m", cyan = "\u{1B}[36m", bold = "\u{1B}[1m"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? style.rawValue + text + "\u{1B}[0m" : text
    }

    private func sigil(_ action: Action) -> String {
        switch action {
        case .create: paint("+", .green)
        case .update: paint("~", .yellow)
        case .delete: paint("-", .red)
        case .replace: paint("-", .red) + "/" + paint("+", .green)
        }
    }

    func render(_ plan: Plan) -> String {
        var out: [String] = []
        out.append("Workspace: \(RenderSupport.printable(plan.workspace))")
        out.append("Endpoint: \(RenderSupport.printable(plan.endpoint))")

        let shared = RenderSupport.sharedNotes(plan)
        for change in plan.changes {
            out.append("")
            render(change, shared: Set(shared), into: &out)
        }

        if !shared.isEmpty {
            out.append("")
            for note in shared { out.append("# \(RenderSupport.printable(note))") }
        }

        if !plan.unmanaged.isEmpty {
            out.append("")
            out.append("Unmanaged (\(RenderSupport.unmanagedTitle)):")
            for resource in plan.unmanaged {
                out.append("  \(resource.kind.rawValue).\(RenderSupport.printable(resource.name))")
            }
        }

        if !plan.warnings.isEmpty {
            out.append("")
            for warning in plan.warnings {
                out.append("\(paint("!", .yellow)) \(RenderSupport.printable(warning))")
            }
        }

        if let gate = RenderSupport.destructiveSentence(plan) {
            out.append("")
            out.append("\(paint("!", .red)) Destructive: \(gate)")
        }

        out.append("")
        if plan.isEmpty { out.append(RenderSupport.noChanges) }
        out.append(RenderSupport.planLine(plan.summary))
        out.append(contentsOf: (plan.reading?.lines ?? []).map { RenderSupport.printable($0) })
        return out.joined(separator: "\n")
    }

    private func render(_ change: Change, shared: Set<String>, into out: inout [String]) {
        let padding = String(repeating: " ", count: max(0, 3 - change.action.sigil.count))
        var header = padding + sigil(change.action) + " " + paint("\(change.kind.rawValue).\(RenderSupport.printable(change.name))", .bold)
        if let items = change.items { header += " (\(RenderSupport.itemSummary(items)))" }
        if let members = change.members { header += " (\(RenderSupport.memberSummary(members)))" }
        out.append(header)

        let indent = "      "
        for field in change.fieldChanges {
            let name = RenderSupport.printable(field.field)
            if RenderSupport.showsDiff(field, in: change) {
                let mark = field.before == nil ? paint("+", .green) : paint("~", .yellow)
                guard var diff = RenderSupport.diffLines(field) else {
                    out.append("\(indent)\(mark) \(name): \(RenderSupport.lineEndingsOnly)")
                    continue
                }
                var folded = 0
                if field.before == nil, diff.count > RenderSupport.newTextLines + 1 {
                    folded = diff.count - RenderSupport.newTextLines - 1
                    diff = Array(diff.prefix(RenderSupport.newTextLines + 1))
                }
                out.append("\(indent)\(mark) \(name):")
                for line in diff { out.append("\(indent)  " + diffLine(line)) }
                if folded > 0 { out.append("\(indent)  … \(RenderSupport.plural(folded, "more line")) (new text; the manifest holds it in full)") }
                continue
            }
            if field.style == .schema {
                out.append("\(indent)\(field.before == nil ? paint("+", .green) : paint("~", .yellow)) \(name):")
                for line in RenderSupport.schemaLines(field) { out.append("\(indent)    " + diffLine(line)) }
                continue
            }
            if change.kind == .catalog, field.field.hasPrefix("field "), field.before != nil || field.after != nil {
                // A catalog field in place: its type, unquoted (`+ field City: string`).
                let (sigil, color): (String, Style) = field.before == nil ? ("+", .green) : field.after == nil ? ("-", .red) : ("~", .yellow)
                let type = [field.before, field.after].compactMap { $0 }.map(RenderSupport.printable).joined(separator: " -> ")
                out.append("\(indent)\(paint(sigil, color)) \(name): \(type)")
                continue
            }
            switch RenderSupport.shape(field) {
            case .added(let after):
                out.append("\(indent)\(paint("+", .green)) \(name): \(RenderSupport.summary(after, style: field.style))")
            case .removed(let before):
                out.append("\(indent)\(paint("-", .red)) \(name): \(RenderSupport.summary(before, style: field.style))")
            case .changed(let before, let after):
                let (old, new) = RenderSupport.summaries(before, after, style: field.style)
                out.append("\(indent)\(paint("~", .yellow)) \(name): \(old) -> \(new)")
            case .empty:
                continue
            }
        }
        for line in RenderSupport.itemLines(change, limit: Self.itemLimit) {
            out.append(indent + itemLine(line))
        }
        for note in RenderSupport.ownNotes(change, shared: shared) {
            out.append("\(indent)# \(RenderSupport.printable(note))")
        }
    }

    /// Ids shown per group (create, update, delete) under a `catalog_items` change; the rest are counted.
    static let itemLimit = 20

    private func itemLine(_ line: String) -> String {
        switch line.first {
        case "+": paint("+", .green) + line.dropFirst()
        case "-": paint("-", .red) + line.dropFirst()
        case "~": paint("~", .yellow) + line.dropFirst()
        default: line.hasPrefix("    ~") ? "    " + paint("~", .yellow) + line.dropFirst(5) : line
        }
    }

    private func diffLine(_ line: String) -> String {
        let safe = RenderSupport.printable(line)
        switch safe.first {
        case "@": return paint(safe, .cyan)
        case "-": return paint(safe, .red)
        case "+": return paint(safe, .green)
        default: return safe
        }
    }
}
