import Manifest

/// `validate`'s output: every diagnostic, then one summary line, on standard output.
struct ValidateView {
    var color: Bool

    /// `workspace`: the -w given, if any.
    func print(_ result: ProjectLoadResult, workspace: String?) {
        var view = DiagnosticsView(useColor: color)
        for diagnostic in result.diagnostics.sorted {
            Swift.print(view.render(diagnostic))
        }
        let d = result.diagnostics
        if d.hasErrors {
            Swift.print("validate: \(DiagnosticsView.summary(d)); nothing was sent to Braze")
            return
        }
        let resources = result.project?.resources.count ?? 0
        let files = result.project?.manifestFiles.count ?? 0
        let workspaces = workspace.map { "workspace '\($0)'" } ?? "\(result.project?.configuration.workspaces.count ?? 0) workspace(s)"
        Swift.print("validate: \(resources) resource\(resources == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s") valid for \(workspaces); \(DiagnosticsView.summary(errors: 0, warnings: d.warningCount))")
    }
}
