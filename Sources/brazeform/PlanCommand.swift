import ArgumentParser
import Engine
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Read the live workspace, compare it with the manifests and print the ordered changes.",
        discussion: "Nothing is written to Braze. With --out the plan is saved for `brazeform apply FILE`.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Save the plan (every call with its payload, and digests of the live state it saw) to FILE.")
    var out: String?

    @Option(help: "Output format: text, json or markdown (for a pull-request comment).")
    var format: OutputFormat = .text

    @Flag(help: "Exit 2 when the plan has changes, 0 when it has none.")
    var detailedExitcode = false

    func run() async throws {
        let context = try await CommandContext.open(global)
        let plan: Plan
        do {
            plan = try await context.plan()
        } catch {
            await context.close()
            throw error
        }
        await context.close()
        switch format {
        case .text: print(PlanRenderer.text(plan, color: global.useColor))
        case .json: print(PlanRenderer.json(plan))
        case .markdown: print(PlanRenderer.markdown(plan))
        }
        if let out {
            do {
                try SavedPlan.write(plan, to: out)
                printError("Saved the plan to \(out); apply it with: brazeform apply \(out)")
            } catch {
                printError("brazeform: cannot save the plan to \(out): \(error)")
                throw ExitCode(ExitCodes.apiError)
            }
        }
        if detailedExitcode && !plan.isEmpty { throw ExitCode(ExitCodes.changesPresent) }
    }
}
