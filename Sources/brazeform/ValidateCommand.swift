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
        let result = ProjectLoader(directory: global.directory, workspaceName: global.workspace, checkAllWorkspaces: global.workspace == nil).load()
        ValidateView(color: global.useColor).print(result, workspace: global.workspace)
        if result.diagnostics.hasErrors { throw ExitStatus.invalidProject.exit }
    }
}
