import BrazeAPI
import Foundation
import Testing
@testable import Engine

/// Issue 12, finding 6 (saved-plan tampering) and finding 11 (a 429 given up on).
@Suite struct SealedPlanTests {
    static func savedAndRead(_ plan: Plan, edit: (String) -> String = { $0 }) throws -> Plan {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-sealed-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SavedPlan.write(PlanDigest.sealed(plan), to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try edit(text).write(toFile: path, atomically: true, encoding: .utf8)
        return try SavedPlan.read(from: path)
    }

    /// A file that is not JSON, JSON nested 200,000 deep, a list, or an object without
    /// `format_version`: each refused with words that say which, never a crash.
    @Test(arguments: [
        ("not json at all", "it is not valid JSON"),
        (String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000), "it is not valid JSON (or is nested too deeply to read)"),
        ("[1, 2]", "its top level is not an object with format_version"),
        ("{\"changes\": []}", "(no format_version)"),
    ])
    func whatIsNotAPlanIsSaidPlainly(text: String, words: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-notplan-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try SavedPlan.read(from: path)
            Issue.record("read as a plan")
        } catch {
            #expect("\(error)".contains("is not a brazeform plan"), "\(error)")
            #expect("\(error)".contains(words), "\(error)")
        }
    }

    @Test func aSealedPlanReadsBackWithAMatchingDigest() throws {
        var plan = SavedPlanAndReportGoldenTests.everyCall
        plan.apiKeyEnv = "BRAZE_STAGING_API_KEY"
        let read = try Self.savedAndRead(plan)
        #expect(read.callsDigest?.hasPrefix("sha256:") == true)
        #expect(read.apiKeyEnv == "BRAZE_STAGING_API_KEY")
        #expect(PlanDigest.problem(with: read, path: "p.json") == nil)
    }

    @Test func anEditedPayloadIsCaught() throws {
        let read = try Self.savedAndRead(SavedPlanAndReportGoldenTests.everyCall) {
            $0.replacingOccurrences(of: "<p>bye</p>\\n\"", with: "<script>x</script>\"")
        }
        let problem = try #require(PlanDigest.problem(with: read, path: "p.json"))
        #expect(problem.contains("edited"))
    }

    @Test func anEditedKeyVariableOrEndpointIsCaught() throws {
        var plan = SavedPlanAndReportGoldenTests.everyCall
        plan.apiKeyEnv = "A"
        let read = try Self.savedAndRead(plan) { $0.replacingOccurrences(of: "\"api_key_env\" : \"A\"", with: "\"api_key_env\" : \"B\"") }
        #expect(read.apiKeyEnv == "B")
        #expect(PlanDigest.problem(with: read, path: "p.json") != nil)
    }

    @Test func aPlanWithoutADigestIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-unsealed-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SavedPlan.write(SavedPlanAndReportGoldenTests.everyCall, to: path)
        let read = try SavedPlan.read(from: path)
        #expect(PlanDigest.problem(with: read, path: path)?.contains("no calls_digest") == true)
    }

    @Test func a429GivenUpOnIsReportedAsNotApplied() {
        let plan = SavedPlanAndReportGoldenTests.everyCall
        let refused = BrazeAPIError.gaveUp(method: .delete, path: "/catalogs/old_offers", attempts: 11, elapsedSeconds: 600,
                                           lastProblem: "every attempt was refused: rate limited (HTTP 429) 11 times; Braze asked to wait 60 s")
        #expect(refused.certainlyNotApplied)
        var outcomes = plan.changes.map { ApplyReport.ChangeOutcome(change: $0, calls: $0.calls.map { _ in CallOutcome.landed }) }
        outcomes[outcomes.count - 1].calls = [.failed(refused)]
        let text = ApplyReportRenderer.text(ApplyReport(outcomes: outcomes, unconfirmedItemWrites: []))
        #expect(text.contains("Not applied"), "\(text)")
        #expect(!text.contains("may or may not have taken effect"), "\(text)")
    }

    @Test func anInterruptedReportSaysSo() {
        let plan = SavedPlanAndReportGoldenTests.everyCall
        var outcomes = plan.changes.map { ApplyReport.ChangeOutcome(change: $0, calls: $0.calls.map { _ in CallOutcome.notAttempted }) }
        outcomes[0].calls = outcomes[0].calls.map { _ in .landed }
        var report = ApplyReport(outcomes: outcomes, unconfirmedItemWrites: [])
        report.interrupted = true
        let text = ApplyReportRenderer.text(report)
        #expect(text.hasPrefix("Apply interrupted after 2 of 13 calls"), "\(text)")
        #expect(text.contains("Not attempted:"))
        #expect(!text.contains("Apply failed"))
    }
}
