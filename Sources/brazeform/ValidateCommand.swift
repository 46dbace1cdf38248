import ArgumentParser
import Manifest

extension ValidateFormat: ExpressibleByArgument {}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the project file and every manifest without calling Braze (no API key needed).",
        discussion: """
        Without -w, interpolation is checked for every workspace. Exits 3 when there is an error, 0 otherwise.

        validate sends nothing to Braze, but takes the options plan does, so that one command line serves every \
        step of a pipeline: --endpoint URL is checked as plan would check it (an error, exit 3, when plan would \
        refuse it), with a warning when the variable holding its API key (--api-key-env, default BRAZE_API_KEY) \
        is not set; -v lists every manifest file read and the resources it declares.
        """
    )

    @OptionGroup var global: ProjectOptions
    @OptionGroup var connection: OfflineConnectionOptions

    @Option(help: "Output format: text (diagnostics on standard error, a summary on standard output), json, or github (workflow annotations).")
    var format: ValidateFormat = .text

    func run() throws {
        try connection.check()
        let loader = ProjectLoader(directory: global.directory, workspaceName: global.workspace, checkAllWorkspaces: global.workspace == nil)
        let result = loader.load()
        connection.listFiles(of: result.project, loader: loader)
        ValidateView(color: global.useColorOnStandardError).print(result, workspace: global.workspace, format: format)
        if result.diagnostics.hasErrors { throw ExitStatus.invalidProject.exit }
    }
}
