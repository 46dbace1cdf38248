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

    @Flag(help: "Read every catalog item page, even of catalogs Braze lists as the item snapshot in .brazeform/snapshots/ left them.")
    var refresh = false

    func validate() throws {
        try global.requireEndpointForKeyVariable()
    }

    func run() async throws {
        let plan = try await CommandContext.using(global) { try await $0.plan(refresh: refresh) }
        PlanView.print(plan, format: format, color: global.useColor)
        if let out {
            do {
                try SavedPlan.write(PlanDigest.sealed(plan), to: out)
            } catch {
                throw ExitStatus.fail(.failed, "brazeform: cannot save the plan to \(out): \(error)")
            }
            PlanView.saved(to: out, directory: global.directory)
        }
        if detailedExitcode && !plan.isEmpty { throw ExitStatus.changesPresent.exit }
    }
}
