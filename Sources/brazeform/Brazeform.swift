import ArgumentParser

@main
struct Brazeform: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brazeform",
        abstract: "Configuration as code for Braze: catalogs, content blocks, email templates, preference centers and subscription groups.",
        version: BrazeformVersion.current,
        subcommands: [ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ShowCommand.self, ExportCommand.self, GraphCommand.self, InitCommand.self, SandboxCommand.self,
                      VersionCommand.self]
    )
}
