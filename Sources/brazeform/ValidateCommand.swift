import ArgumentParser
import Manifest

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the project file and every manifest without calling Braze (no API key needed).",
        discussion: "Without -w, interpolation is checked for every workspace. Exits 3 when there is an error, 0 otherwise."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let loader = ProjectLoader(directory: global.directory, workspaceName: global.workspace, checkAllWorkspaces: global.workspace == nil)
        let result = loader.load()
        var printer = DiagnosticPrinter(useColor: global.useColor)
        for diagnostic in result.diagnostics.sorted {
            print(printer.render(diagnostic))
        }
        let d = result.diagnostics
        if d.hasErrors {
            print("validate: \(DiagnosticPrinter.summary(errors: d.errorCount, warnings: d.warningCount)); nothing was sent to Braze")
            throw ExitCode(ExitCodes.invalidProject)
        }
        let resources = result.project?.resources.count ?? 0
        let files = result.project?.manifestFiles.count ?? 0
        let workspaces = global.workspace.map { "workspace '\($0)'" } ?? "\(result.project?.configuration.workspaces.count ?? 0) workspace(s)"
        print("validate: \(resources) resource\(resources == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s") valid for \(workspaces); \(DiagnosticPrinter.summary(errors: 0, warnings: d.warningCount))")
    }
}
