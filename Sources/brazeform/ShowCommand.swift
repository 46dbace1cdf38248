import ArgumentParser
import Engine
import Foundation

/// `brazeform show PLANFILE`: a saved plan printed again, exactly as `plan` printed it.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a plan saved by `brazeform plan --out FILE`, exactly as plan printed it.",
        discussion: "Reads only the file: no project, no API key, no request.")

    @Argument(help: "A plan saved by `brazeform plan --out FILE`.")
    var planFile: String

    @Option(help: "Output format: text, json or markdown (for a pull-request comment).")
    var format: OutputFormat = .text

    @Flag(help: "No colour (also when NO_COLOR is set and not empty, or output is not a terminal).")
    var noColor = false

    func run() throws {
        let plan: Plan
        do { plan = try SavedPlan.read(from: planFile) } catch { throw ExitStatus.fail(error) }
        let color = ProjectOptions.colorAllowed(noColor: noColor, environment: ProcessInfo.processInfo.environment) && isatty(STDOUT_FILENO) == 1
        PlanView.print(plan, format: format, color: color)
    }
}
