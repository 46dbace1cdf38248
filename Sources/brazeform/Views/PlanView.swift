import Foundation
import BrazeCore
import Engine

/// A plan on standard output, in the asked-for format.
enum PlanView {
    static func print(_ plan: Plan, format: OutputFormat, color: Bool) {
        switch format {
        case .text: Swift.print(PlanRenderer.text(plan, color: color))
        case .json: Swift.print(PlanRenderer.json(plan))
        case .markdown: Swift.print(PlanRenderer.markdown(plan))
        }
    }

    /// Said on standard error once `plan --out FILE` saved it.
    /// The hint names the project folder when one was given; the workspace is the plan's own.
    static func saved(to path: String, directory: String?) {
        printError("Saved the plan to \(path); apply it with: \(applyHint(path, directory: directory))")
    }

    static func applyHint(_ path: String, directory: String?) -> String {
        var words = ["brazeform", "apply"]
        if let directory { words += ["-C", shellWord(directory)] }
        return (words + [shellWord(path)]).joined(separator: " ")
    }

    /// A word the shell reads back as it is.
    static func shellWord(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_./=:@%+,".unicodeScalars.contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// What apply says around performing a plan.
enum ApplyView {
    /// The saved plan at `path` still holds; it is about to be performed.
    static func applying(_ path: String, _ plan: Plan) {
        print("Applying \(path): \(plan.changes.count) change\(plan.changes.count == 1 ? "" : "s"), \(plan.callCount) call\(plan.callCount == 1 ? "" : "s") in workspace '\(plan.workspace)'.")
    }

    static func savedPlanEmpty() {
        print("The saved plan has no changes.")
    }

    /// The live workspace moved on since `path` was planned (on standard error).
    static func stale(_ path: String, _ changes: [Change]) {
        printError("brazeform: the live workspace changed since \(path) was planned; nothing was written. Changed since then:")
        for change in changes { printError("  \(Printable.escaped(change.id))") }
        printError("Plan again (brazeform plan --out FILE) and review the new plan.")
    }

    /// The destructive gate is closed (on standard error).
    static func destructiveBlocked(_ changes: [Change]) {
        printError("brazeform: this plan is destructive and --allow-destructive was not given; nothing was performed:")
        for change in changes {
            var line = "  \(change.action.sigil) \(Printable.escaped(change.id))"
            if let items = change.items, items.delete > 0 { line += " (deletes \(items.delete) of \(items.live) items)" }
            printError(line)
        }
    }

    /// Said again right before writing, loudly, even when the destructive gate is open.
    static func warnings(_ warnings: [String]) {
        for warning in warnings { printError("WARNING: \(warning)") }
    }

    /// Asks on the terminal; true only for `yes`.
    static func confirm(_ plan: Plan) -> Bool {
        print("\nDo you want to perform these actions in workspace '\(plan.workspace)'? Only 'yes' will be accepted.")
        print("  Enter a value: ", terminator: "")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "yes" else {
            print("Apply cancelled; nothing was performed.")
            return false
        }
        return true
    }

    /// `color`: "Apply complete" green, a failed or interrupted apply's headline and its failures red.
    static func report(_ report: ApplyReport, color: Bool) {
        print(ApplyReportRenderer.text(report, color: color))
    }
}
