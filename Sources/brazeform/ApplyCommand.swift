import ArgumentParser
import BrazeAPI
import Engine
import Foundation
import Synchronization

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Perform the plan: make the workspace match the manifests (or perform exactly a saved plan).",
        discussion: """
        Without PLANFILE: plans, shows the plan and asks for `yes` on a terminal (refuses without one unless --auto-approve).
        With PLANFILE (from `plan --out`): checks the workspace and endpoint, re-reads the live state the plan saw, exits 7 \
        without writing if any of it changed, and otherwise performs exactly the saved calls.
        Catalog deletes and replaces and catalog item deletes need --allow-destructive (exit 6 otherwise, nothing performed).
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A plan saved by `brazeform plan --out FILE`.")
    var planFile: String?

    @Flag(help: "Do not ask for confirmation.")
    var autoApprove = false

    @Flag(help: "Allow deleting or replacing catalogs and deleting catalog items.")
    var allowDestructive = false

    @Option(help: "Independent changes performed at once (within Braze's rate limits).")
    var parallelism: Int = 4

    func validate() throws {
        guard parallelism >= 1 && parallelism <= 64 else { throw ValidationError("--parallelism takes a number from 1 to 64") }
    }

    func run() async throws {
        let context = try await CommandContext.open(global, parallelism: max(parallelism, 2))
        do {
            try await apply(context)
            await context.close()
        } catch {
            await context.close()
            throw error
        }
    }

    private func apply(_ context: CommandContext) async throws {
        let plan: Plan
        if let planFile {
            plan = try await savedPlan(planFile, context)
        } else {
            plan = try await context.plan()
            print(PlanRenderer.text(plan, color: global.useColor))
        }
        if plan.isEmpty {
            if planFile != nil { print("The saved plan has no changes.") }
            return
        }
        try checkDestructive(plan)
        if planFile != nil || !plan.warnings.isEmpty {
            // Said again right before writing, loudly, even when the destructive gate is open.
            for warning in plan.warnings { printError("WARNING: \(warning)") }
        }
        if planFile == nil && !autoApprove { try confirm(plan) }

        let reporter = ProgressReporter(total: plan.callCount, color: global.useColorOnStandardError)
        let applier = Applier(client: context.connection.client, parallelism: parallelism, onEvent: { reporter.handle($0) })
        let report = await applier.apply(plan)
        print(ApplyReportRenderer.text(report))
        if let error = report.firstError {
            throw context.fail(error, doing: "applying the plan")
        }
    }

    /// The saved plan, if it still matches the workspace, endpoint and live state.
    private func savedPlan(_ path: String, _ context: CommandContext) async throws -> Plan {
        let plan: Plan
        do {
            plan = try SavedPlan.read(from: path)
        } catch {
            printError("brazeform: \(error)")
            throw ExitCode(ExitCodes.invalidProject)
        }
        if plan.workspace != context.project.workspace.name || plan.endpoint != context.connection.endpointDescription {
            printError("brazeform: \(path) was planned for workspace '\(plan.workspace)' at \(plan.endpoint), not workspace '\(context.project.workspace.name)' at \(context.connection.endpointDescription); nothing was written. Plan again for this workspace.")
            throw ExitCode(ExitCodes.stalePlan)
        }
        let live: LiveState
        do {
            live = try await WorkspaceReader(client: context.connection.client).read(for: context.project)
        } catch {
            throw context.fail(error, doing: "re-reading the workspace")
        }
        let stale = SavedPlan.staleChanges(plan, live: live, project: context.project)
        if !stale.isEmpty {
            printError("brazeform: the live workspace changed since \(path) was planned; nothing was written. Changed since then:")
            for change in stale { printError("  \(change.id)") }
            printError("Plan again and review the new plan.")
            throw ExitCode(ExitCodes.stalePlan)
        }
        print("Applying \(path): \(plan.changes.count) change\(plan.changes.count == 1 ? "" : "s"), \(plan.callCount) call\(plan.callCount == 1 ? "" : "s") in workspace '\(plan.workspace)'.")
        return plan
    }

    private func checkDestructive(_ plan: Plan) throws {
        let destructive = plan.destructiveChanges
        guard !destructive.isEmpty, !allowDestructive else { return }
        printError("brazeform: this plan is destructive and --allow-destructive was not given; nothing was performed:")
        for change in destructive {
            var line = "  \(change.action.sigil) \(change.id)"
            if let items = change.items, items.delete > 0 { line += " (deletes \(items.delete) of \(items.live) items)" }
            printError(line)
        }
        throw ExitCode(ExitCodes.destructiveBlocked)
    }

    private func confirm(_ plan: Plan) throws {
        guard isatty(STDIN_FILENO) == 1 else {
            printError("brazeform: refusing to apply without confirmation: there is no terminal to ask on. Pass --auto-approve, or apply a saved plan (brazeform plan --out FILE; brazeform apply FILE).")
            throw ExitCode(ExitCodes.apiError)
        }
        print("\nDo you want to perform these actions in workspace '\(plan.workspace)'? Only 'yes' will be accepted.")
        print("  Enter a value: ", terminator: "")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            print("Apply cancelled; nothing was performed.")
            throw ExitCode(ExitCodes.apiError)
        }
    }
}

/// Progress on standard error: calls done of total, and a bar for item uploads.
final class ProgressReporter: Sendable {
    let total: Int
    let color: Bool
    private let itemBatches = Mutex<[String: (done: Int, total: Int)]>([:])

    init(total: Int, color: Bool) {
        self.total = total
        self.color = color
    }

    func handle(_ event: ApplyEvent) {
        switch event {
        case .changeStarted(let change):
            printError("\(change.action.sigil) \(change.id): \(change.calls.count) call\(change.calls.count == 1 ? "" : "s")…")
            if change.kind == .catalogItems { itemBatches.withLock { $0[change.name] = (0, change.calls.count) } }
        case .callFinished(let change, _, let done, let total):
            if change.kind == .catalogItems {
                let (d, t) = itemBatches.withLock { state -> (Int, Int) in
                    let current = state[change.name] ?? (0, change.calls.count)
                    state[change.name] = (current.done + 1, current.total)
                    return (current.done + 1, current.total)
                }
                if t <= 20 || d == t || d % max(1, t / 20) == 0 {
                    let width = 30
                    let filled = t == 0 ? width : d * width / t
                    printError("  items \(change.name) [\(String(repeating: "#", count: filled))\(String(repeating: "-", count: width - filled))] \(d)/\(t) batches  (\(done)/\(total) calls)")
                }
            } else {
                printError("  [\(done)/\(total)] \(change.id)")
            }
        case .changeFinished(let change):
            printError("✓ \(change.id)")
        case .changeFailed(let change, let error):
            printError("✗ \(change.id): \(error)")
        case .waitingForItems(let catalog, let expected, let seen):
            printError("… waiting for Braze to show the items of catalog '\(catalog)' (\(seen.map(String.init) ?? "?")/\(expected))")
        }
    }
}
