import BrazeAPI
import Foundation

/// What an apply did, in plain words: what landed, what failed (and may or may
/// not have landed), what was not attempted.
///
/// With `color` (a terminal, colour not turned off): "Apply complete" and what landed in
/// green, a failed or interrupted apply's headline and what failed in red, warnings in
/// yellow — each line coloured on its own, its reset before its newline.
public enum ApplyReportRenderer {
    private static let green = "\u{1B}[32m", red = "\u{1B}[31m", yellow = "\u{1B}[33m", reset = "\u{1B}[0m"

    public static func text(_ report: ApplyReport, color: Bool = false) -> String {
        var lines: [String] = []
        // Line by line: an error's text may hold a newline, and no colour runs past one.
        func paint(_ text: String, _ style: String) -> String {
            guard color else { return text }
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "\(style)\($0)\(reset)" }.joined(separator: "\n")
        }
        let calls = report.outcomes.reduce(0) { $0 + $1.calls.count }
        let landed = report.outcomes.reduce(0) { $0 + $1.landedCount }
        if report.interrupted {
            lines.append(paint("Apply interrupted after \(landed) of \(calls) calls: no new call was started, the calls in flight finished. Braze has no transactions; this is exactly what happened:", red))
        }
        if report.succeeded {
            lines.append(paint("Apply complete: \(report.outcomes.count) change\(report.outcomes.count == 1 ? "" : "s"), \(calls) call\(calls == 1 ? "" : "s").", green))
        } else {
            if !report.interrupted {
                lines.append(paint("Apply failed after \(landed) of \(calls) calls. Braze has no transactions; this is exactly what happened:", red))
            }
            let done = report.outcomes.filter(\.isComplete)
            let refused = report.outcomes.filter { ($0.failure as? BrazeAPIError)?.certainlyNotApplied == true }
            let missing = report.outcomes.filter { ($0.failure as? BrazeAPIError)?.isEndpointUnavailable == true }
            let failed = report.outcomes.filter {
                guard let error = $0.failure else { return false }
                guard let api = error as? BrazeAPIError else { return true }
                return !api.certainlyNotApplied && !api.isEndpointUnavailable
            }
            let partial = report.outcomes.filter { $0.failure == nil && !$0.isComplete && $0.wasAttempted }
            let untouched = report.outcomes.filter { !$0.wasAttempted }
            if !done.isEmpty {
                lines.append("  Landed:")
                lines += done.map { paint("    \($0.change.action.sigil) \(RenderSupport.printable($0.change.id))", green) }
            }
            if !failed.isEmpty {
                lines.append(paint("  Failed (may or may not have taken effect):", red))
                for outcome in failed {
                    lines.append(paint("    \(outcome.change.action.sigil) \(RenderSupport.printable(outcome.change.id)): \(outcome.landedCount) of \(outcome.calls.count) calls landed; \(outcome.failure.map { RenderSupport.printable("\($0)") } ?? "")", red))
                }
            }
            if !refused.isEmpty {
                lines.append(paint("  Not applied (Braze kept answering 429 Too Many Requests, which means it did not perform the call):", red))
                for outcome in refused {
                    lines.append(paint("    \(outcome.change.action.sigil) \(RenderSupport.printable(outcome.change.id)): \(outcome.landedCount) of \(outcome.calls.count) calls landed; \(outcome.failure.map { RenderSupport.printable("\($0)") } ?? "")", red))
                }
            }
            if !missing.isEmpty {
                lines.append(paint("  Not applied (this workspace does not offer the endpoint):", red))
                for outcome in missing {
                    lines.append(paint("    \(outcome.change.action.sigil) \(RenderSupport.printable(outcome.change.id)): \(outcome.landedCount) of \(outcome.calls.count) calls landed; \(outcome.failure.map { RenderSupport.printable("\($0)") } ?? "")", red))
                }
                if missing.contains(where: { $0.change.kind == .catalog }) {
                    lines.append("  brazeform remembers this: the next plan changes those catalogs' fields by a replace (delete and create again, gated by --allow-destructive).")
                }
            }
            if !partial.isEmpty {
                lines.append("  Stopped part-way (the calls that landed stay):")
                lines += partial.map { "    \($0.change.action.sigil) \(RenderSupport.printable($0.change.id)): \($0.landedCount) of \($0.calls.count) calls landed" }
            }
            if !untouched.isEmpty {
                lines.append("  Not attempted:")
                lines += untouched.map { "    \($0.change.action.sigil) \(RenderSupport.printable($0.change.id))" }
            }
            lines.append("Fix the cause and run `brazeform apply` again: it plans from the live state, so what landed is not repeated.")
        }
        for name in report.unconfirmedItemWrites {
            lines.append(paint("Warning: Braze accepted the item writes of catalog '\(RenderSupport.printable(name))' but had not shown them all when brazeform stopped waiting; `brazeform plan` will show what is still pending.", yellow))
        }
        return lines.joined(separator: "\n")
    }
}
