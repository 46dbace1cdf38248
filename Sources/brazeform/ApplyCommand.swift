import ArgumentParser
import BrazeAPI
import Engine
import Foundation

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

    @Flag(help: "Read every catalog item page, even of catalogs Braze lists as the item snapshot in .brazeform/snapshots/ left them.")
    var refresh = false

    @Option(help: "The most calls under way at once (independent changes; a catalog's item batches grow to it only as far as Braze's rate-limit headers and answer times call for). Pacing always holds calls to Braze's limits.")
    var parallelism: Int = Applier.defaultParallelism

    func validate() throws {
        try global.requireEndpointForKeyVariable()
        guard parallelism >= 1 && parallelism <= 64 else { throw ValidationError("--parallelism takes a number from 1 to 64") }
    }

    func run() async throws {
        var global = self.global
        var saved: Plan?
        if let planFile {
            // A saved plan knows its workspace: it is used unless -w (or --endpoint) names another.
            do { saved = try SavedPlan.read(from: planFile) } catch { throw ExitStatus.fail(error) }
            if global.workspace == nil, global.endpoint == nil { global.workspace = saved?.workspace }
            if let saved, let named = global.workspace, named != saved.workspace {
                // Refused before the workspace is opened: nothing is read or written there.
                throw ExitStatus.fail(.stalePlan, "brazeform: \(planFile) was planned for workspace '\(saved.workspace)' at \(saved.endpoint), not workspace '\(named)'; nothing was written. To apply it where it was planned, leave out -w (and --endpoint); to change workspace '\(named)', plan for it: brazeform plan -w \(PlanView.shellWord(named)) --out FILE.")
            }
        }
        try await CommandContext.using(global, parallelism: max(parallelism, 2)) { try await apply($0, saved: saved) }
    }

    private func apply(_ context: CommandContext, saved: Plan?) async throws {
        let (plan, live) = if let planFile, let saved { try await savedPlan(planFile, saved, context) } else { try await context.planAndLive(refresh: refresh) }
        if planFile == nil { PlanView.print(plan, format: .text, color: global.useColor) }
        if plan.isEmpty {
            if planFile != nil { ApplyView.savedPlanEmpty() }
            return
        }
        if !allowDestructive && !plan.destructiveChanges.isEmpty {
            ApplyView.destructiveBlocked(plan.destructiveChanges)
            throw ExitStatus.destructiveBlocked.exit
        }
        ApplyView.warnings(plan.warnings)
        if planFile == nil && !autoApprove {
            guard isatty(STDIN_FILENO) == 1 else {
                throw ExitStatus.fail(.failed, "brazeform: refusing to apply without confirmation: there is no terminal to ask on. Pass --auto-approve, or apply a saved plan (brazeform plan --out FILE; brazeform apply FILE).")
            }
            guard ApplyView.confirm(plan) else { throw ExitStatus.failed.exit }
        }
        let progress = ApplyProgressView(total: plan.callCount, color: global.useColorOnStandardError)
        let interruption = ApplyInterruption()
        // Kept until the process ends: a signal while the sandbox state is saved, after the
        // run, is a second signal too and exits at once.
        let signals = InterruptSignals(interruption)
        let report = await Applier(client: context.connection.client, parallelism: parallelism, interruption: interruption,
                                   onEvent: { progress.handle($0) }).apply(plan)
        progress.finish()
        // Keep what Braze showed of the items written, so the next plan reads no page of them.
        context.saveSnapshots(ItemSnapshotStore.afterApply(ItemSnapshotStore.afterRead(live), plan: plan, report: report,
                                                           project: context.project, now: context.connection.client.timeSource.now()))
        context.learnCapabilities(from: report)
        ApplyView.report(report, color: global.useColor)
        if let signal = signals.received {
            // The sandbox state is saved by CommandContext.using's close, which runs as this error passes.
            printError("brazeform: stopped by \(signal.name); run `brazeform apply` again to perform what was not attempted")
            throw ExitCode(signal.exitStatus)
        }
        if let error = report.firstError { throw ExitStatus.fail(error, doing: "applying the plan") }
    }

    /// The saved plan, if it still matches the workspace, endpoint and live state.
    private func savedPlan(_ path: String, _ plan: Plan, _ context: CommandContext) async throws -> (plan: Plan, live: LiveState) {
        if let problem = PlanDigest.problem(with: plan, path: path) {
            throw ExitStatus.fail(.invalidProject, "brazeform: \(problem)")
        }
        let (workspace, endpoint) = (context.project.workspace.name, context.connection.endpointDescription)
        if plan.workspace != workspace || plan.endpoint != endpoint {
            throw ExitStatus.fail(.stalePlan, "brazeform: \(path) was planned for workspace '\(plan.workspace)' at \(plan.endpoint), not workspace '\(workspace)' at \(endpoint); nothing was written. To apply it where it was planned, leave out -w (and --endpoint); to change workspace '\(workspace)', plan for it: brazeform plan -w \(PlanView.shellWord(workspace)) --out FILE.")
        }
        if plan.apiKeyEnv != context.connection.apiKeyVariable {
            let made = plan.apiKeyEnv.map { "the key in $\($0)" } ?? "no key variable"
            let now = context.connection.apiKeyVariable.map { "$\($0)" } ?? "none"
            throw ExitStatus.fail(.stalePlan, "brazeform: \(path) was planned with \(made), not \(now); nothing was written. Plan again with the key you mean to apply with.")
        }
        // Through the item snapshot: a change behind its back moves updated_at, so that catalog is read in full.
        let live = try await context.read(refresh: refresh, doing: "re-reading the workspace")
        let stale = SavedPlan.staleChanges(plan, live: live, project: context.project)
        if !stale.isEmpty {
            ApplyView.stale(path, stale)
            throw ExitStatus.stalePlan.exit
        }
        ApplyView.applying(path, plan)
        // What is about to be performed, as `plan` showed it (to standard output, like the plan).
        PlanView.print(plan, format: .text, color: global.useColor)
        return (plan, live)
    }
}
