import ArgumentParser

@main
struct Brazeform: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brazeform",
        abstract: "Configuration as code for Braze: catalogs, content blocks, email templates, preference centers and subscription groups.",
        subcommands: [ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ExportCommand.self, GraphCommand.self, InitCommand.self, SandboxCommand.self]
    )
}
