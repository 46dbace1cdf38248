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

        for change in plan.changes {
            out.append("")
            render(change, into: &out)
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

        out.append("")
        if plan.isEmpty { out.append(RenderSupport.noChanges) }
        out.append(RenderSupport.planLine(plan.summary))
        out.append(contentsOf: (plan.reading?.lines ?? []).map { RenderSupport.printable($0) })
        return out.joined(separator: "\n")
    }

    private func render(_ change: Change, into out: inout [String]) {
        let padding = String(repeating: " ", count: max(0, 3 - change.action.sigil.count))
        var header = padding + sigil(change.action) + " " + paint("\(change.kind.rawValue).\(RenderSupport.printable(change.name))", .bold)
        if let items = change.items { header += " (\(RenderSupport.itemSummary(items)))" }
        if let members = change.members { header += " (\(RenderSupport.memberSummary(members)))" }
        out.append(header)

        let indent = "      "
        for field in change.fieldChanges {
            let name = RenderSupport.printable(field.field)
            if RenderSupport.showsDiff(field, in: change) {
                guard let diff = RenderSupport.diffLines(field) else {
                    out.append("\(indent)\(paint("~", .yellow)) \(name): \(RenderSupport.lineEndingsOnly)")
                    continue
                }
                out.append("\(indent)\(paint("~", .yellow)) \(name):")
                for line in diff { out.append("\(indent)  " + diffLine(line)) }
                continue
            }
            switch RenderSupport.shape(field) {
            case .added(let after):
                out.append("\(indent)\(paint("+", .green)) \(name): \(RenderSupport.summary(after))")
            case .removed(let before):
                out.append("\(indent)\(paint("-", .red)) \(name): \(RenderSupport.summary(before))")
            case .changed(let before, let after):
                let (old, new) = RenderSupport.summaries(before, after)
                out.append("\(indent)\(paint("~", .yellow)) \(name): \(old) -> \(new)")
            case .empty:
                continue
            }
        }
        for note in change.notes {
            out.append("\(indent)# \(RenderSupport.printable(note))")
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
