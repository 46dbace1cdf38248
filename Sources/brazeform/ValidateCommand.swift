import ArgumentParser
import Manifest

extension ValidateFormat: ExpressibleByArgument {}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the project file and every manifest without calling Braze (no API key needed).",
        discussion: "Without -w, interpolation is checked for every workspace. Exits 3 when there is an error, 0 otherwise."
    )

    @OptionGroup var global: ProjectOptions

    @Option(help: "Output format: text (diagnostics on standard error, a summary on standard output), json, or github (workflow annotations).")
    var format: ValidateFormat = .text

    func run() throws {
        let result = ProjectLoader(directory: global.directory, workspaceName: global.workspace, checkAllWorkspaces: global.workspace == nil).load()
        ValidateView(color: global.useColorOnStandardError).print(result, workspace: global.workspace, format: format)
        if result.diagnostics.hasErrors { throw ExitStatus.invalidProject.exit }
    }
}
