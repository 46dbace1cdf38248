import Foundation

/// Turns plans into output. The engine never prints; these do.
public enum PlanRenderer {
    /// Terraform-like text: `+ ~ - -/+` lines, field diffs, unified text diffs
    /// (coloured when `color`), unmanaged resources, warnings and the summary line
    /// `Plan: N to create, N to update, N to delete, N to replace.`
    public static func text(_ plan: Plan, color: Bool) -> String {
        TextPlanRenderer(color: color).render(plan)
    }

    /// One JSON object: SPEC section 5's fields (format_version, workspace, changes with action/kind/name
    /// and item counts, summary) and more; no payloads.
    public static func json(_ plan: Plan) -> String {
        JSONPlanRenderer.render(plan)
    }

    /// For a pull-request comment: summary first, always under 65,000 characters.
    public static func markdown(_ plan: Plan) -> String {
        var renderer = MarkdownPlanRenderer()
        return renderer.render(plan)
    }
}
