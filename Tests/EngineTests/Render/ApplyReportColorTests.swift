import BrazeAPI
import Foundation
import Testing
@testable import Engine

/// Apply's report in colour: the same words as without (the golden files), "Apply complete"
/// and what landed green, a failed apply's headline and failures red — and no colour ever
/// running past the end of its line (each reset before the newline, none at a line's start).
@Suite struct ApplyReportColorTests {
    static let esc = "\u{1B}["

    static func withoutEscapes(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    static func expectEveryColourClosedOnItsLine(_ text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where line.contains(esc) {
            #expect(!line.hasPrefix("\u{1B}[0m"), "a reset that landed after the newline: \(line.debugDescription)")
            #expect(line.hasSuffix("\u{1B}[0m"), "a colour running past the line's end: \(line.debugDescription)")
        }
    }

    @Test func aCompleteApplyIsGreen() {
        let plan = SavedPlanAndReportGoldenTests.everyCall
        let report = ApplyReport(outcomes: plan.changes.map { .init(change: $0, calls: $0.calls.map { _ in .landed }) }, unconfirmedItemWrites: [])
        let coloured = ApplyReportRenderer.text(report, color: true)
        #expect(coloured.hasPrefix("\u{1B}[32mApply complete: 10 changes, "), "\(coloured.debugDescription)")
        #expect(Self.withoutEscapes(coloured) == ApplyReportRenderer.text(report))
        #expect(!ApplyReportRenderer.text(report, color: false).contains(Self.esc))
        Self.expectEveryColourClosedOnItsLine(coloured)
    }

    @Test func aFailedApplyIsRedWhereItFailedAndGreenWhereItLanded() {
        let plan = SavedPlanAndReportGoldenTests.everyCall
        var outcomes = plan.changes.map { ApplyReport.ChangeOutcome(change: $0, calls: $0.calls.map { _ in CallOutcome.notAttempted }) }
        outcomes[0].calls = outcomes[0].calls.map { _ in .landed }
        // An error whose text spans two lines: the colour is closed on each.
        outcomes[5].calls = [.failed(BrazeAPIError.rejected(status: 400, method: .post, path: "/templates/email/create",
                                                           body: BrazeErrorBody(message: "Email must have\nvalid Content Block names")))]
        let report = ApplyReport(outcomes: outcomes, unconfirmedItemWrites: ["menu"])
        let coloured = ApplyReportRenderer.text(report, color: true)
        let lines = coloured.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("\u{1B}[31mApply failed after "), "\(coloured.debugDescription)")
        #expect(lines.contains("\u{1B}[32m    ~ subscription_group.newsletter\u{1B}[0m"), "\(coloured.debugDescription)")
        #expect(lines.contains("\u{1B}[31m  Failed (may or may not have taken effect):\u{1B}[0m"), "\(coloured.debugDescription)")
        #expect(lines.contains { $0.hasPrefix("\u{1B}[31m    + email_template.welcome: 0 of 1 calls landed;") }, "\(coloured.debugDescription)")
        #expect(lines.contains { $0.hasPrefix("\u{1B}[33mWarning: Braze accepted the item writes of catalog 'menu'") })
        #expect(Self.withoutEscapes(coloured) == ApplyReportRenderer.text(report))
        Self.expectEveryColourClosedOnItsLine(coloured)
    }
}
