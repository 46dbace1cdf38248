import ArgumentParser

@main
struct Brazeform: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brazeform",
        abstract: "Configuration as code for Braze: catalogs, content blocks, email templates, preference centers and subscription groups.",
        discussion: "Shared options (-C, -w, --no-color; --endpoint, --api-key-env and -v for the commands that talk to Braze) go before or after the command: `brazeform -C proj plan` is `brazeform plan -C proj`. Each command's --help lists the options it takes.",
        version: BrazeformVersion.current,
        subcommands: [ValidateCommand.self, PlanCommand.self, ApplyCommand.self, ShowCommand.self, ExportCommand.self, GraphCommand.self, InitCommand.self, SchemaCommand.self, SandboxCommand.self,
                      VersionCommand.self]
    )

    static func main() async {
        await main(GlobalArguments.movedAfterCommand(Array(CommandLine.arguments.dropFirst())))
    }
}

/// Global options written before the command (`brazeform -C proj plan`), as people
/// used to git or terraform write them, are moved after it, where each command reads them.
enum GlobalArguments {
    static let withValue: Set<String> = ["-C", "--directory", "-w", "--workspace", "--endpoint", "--api-key-env"]
    static let flags: Set<String> = ["--no-color", "-v", "--verbose"]

    static func movedAfterCommand(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if flags.contains(argument) {
                leading.append(argument)
                index += 1
            } else if withValue.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else if argument.hasPrefix("--"), withValue.contains(name) {
                leading.append(argument)  // --directory=DIR
                index += 1
            } else {
                break
            }
        }
        guard !leading.isEmpty, index < arguments.count else { return arguments }
        var rest = Array(arguments[index...])
        // After the command's own arguments, but before a `--` that ends the options.
        let end = rest.firstIndex(of: "--") ?? rest.endIndex
        rest.insert(contentsOf: leading, at: end)
        return rest
    }
}
