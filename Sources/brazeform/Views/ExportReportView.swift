import Engine
import Manifest

/// What export did: the resources, the files, notes and warnings, the next step,
/// and whether the written folder loads.
struct ExportReportView {
    /// Colour for diagnostics on standard error.
    var color: Bool

    /// Said on standard error before reading.
    static func reading(_ source: ExportSource) {
        printError("Reading \(source.description)…")
    }

    func print(_ outcome: ExportOutcome) {
        report(outcome)
        verification(outcome.verification)
    }

    private func report(_ outcome: ExportOutcome) {
        let (result, source, outDirectory, filter) = (outcome.result, outcome.source, outcome.outDirectory, outcome.filter)
        let manifestPaths = outcome.manifestPaths
        let counts = Dictionary(grouping: result.resources, by: \.kind).mapValues(\.count)
        let summary = ExportFilter.exportableKinds.compactMap { kind -> String? in
            guard let n = counts[kind] else { return nil }
            return "\(n) \(kind.displayName)\(n == 1 ? "" : "s")"
        }
        if result.resources.isEmpty && !outcome.alreadyDeclared.isEmpty {
            Swift.print("Nothing new to export from \(source.description): the manifests in \(outDirectory) already declare every resource read.")
        } else if result.resources.isEmpty {
            Swift.print("Nothing to export from \(source.description)\(filter.kinds != nil || !filter.namePatterns.isEmpty ? " with the given --kind/--name" : "").")
        } else {
            Swift.print("Exported \(result.resources.count) resource\(result.resources.count == 1 ? "" : "s") (\(summary.joined(separator: ", "))) from \(source.description) into \(outDirectory):")
            let width = result.resources.map { $0.description.count }.max() ?? 0
            for address in result.resources {
                let name = address.description
                Swift.print("  \(name)\(String(repeating: " ", count: width - name.count))  \(manifestPaths[address] ?? "")")
            }
        }
        var filesLine = "\(outcome.written) file\(outcome.written == 1 ? "" : "s") written"
        if outcome.overwrote > 0 { filesLine += " (\(outcome.overwrote) overwritten)" }
        if outcome.unchanged > 0 { filesLine += ", \(outcome.unchanged) unchanged" }
        if outcome.wroteProjectFile { filesLine += "; \(ProjectConfiguration.fileName) created with workspace '\(source.workspace.name)'" }
        Swift.print(filesLine + ".")
        if result.resources.contains(where: { $0.kind == .contentBlock }) {
            Swift.print("Content block state is not exported: Braze does not return it (each manifest says so in a comment).")
        }
        if filter.kinds == nil {
            Swift.print("Subscription groups are not exported: Braze's API cannot list them. Declare them by hand (kind: subscription_group) with their ids from the dashboard.")
        }
        for declared in outcome.alreadyDeclared { Swift.print("note: \(declared.address) is already declared in \(declared.file); not exported again") }
        for skipped in outcome.skipped { printError("warning: \(skipped.address) not exported: \(skipped.reason)") }
        for warning in result.warnings { printError("warning: \(warning)") }
        if !result.resources.isEmpty {
            var command = "brazeform plan -C \(shellQuoted(outDirectory))"
            if let endpoint = source.endpointOverride, !outcome.wroteProjectFile {
                command += " --endpoint \(endpoint) --api-key-env \(source.apiKeyEnvOverride ?? WorkspaceConfiguration.defaultAPIKeyEnv)"
            }
            if source.workspace.sandbox && source.endpointOverride == nil && outcome.wroteProjectFile && source.projectDirectory != outDirectory {
                Swift.print("Next: \(command)   # its sandbox starts empty, so plan shows every resource as a create")
            } else {
                Swift.print("Next: \(command)   # shows no changes")
            }
        }
    }

    /// Says so on standard error when the written folder does not load as plan will load it.
    private func verification(_ verification: ExportVerification) {
        switch verification {
        case .notChecked, .clean:
            break
        case .loadErrors(let diagnostics):
            var view = DiagnosticsView(useColor: color)
            view.printOnStandardError(diagnostics, errorsOnly: true)
            printError("warning: the exported project does not load cleanly (\(DiagnosticsView.summary(diagnostics))); review the files above")
        case .notInProject(let missing, let folder):
            printError("warning: \(ProjectConfiguration.fileName)'s `manifests` does not cover \(folder)/, so \(missing.count) exported resource\(missing.count == 1 ? " is" : "s are") not part of the project; add it to `manifests`")
        }
    }
}
