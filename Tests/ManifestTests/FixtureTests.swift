import Foundation
import Testing
@testable import Manifest

/// Each folder under Fixtures/invalid is a broken (or suspicious) project; `expected.txt` beside
/// it holds exactly the diagnostics `validate` must print for it, in order.
/// Re-recording is an explicit act: `BRAZEFORM_RECORD_FIXTURES=1 swift test`
/// rewrites the files and fails, so a recording run never passes by accident.
@Suite struct FixtureTests {
    static var fixturesRoot: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/invalid")
    }

    static var scenarios: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: fixturesRoot.path).sorted()) ?? []
    }

    /// The source folder of the fixtures, for recording.
    static let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/invalid")

    @Test func everyScenarioHasExpectations() {
        #expect(Self.scenarios.count >= 12)
    }

    @Test(arguments: FixtureTests.scenarios)
    func brokenProjectGivesExactlyItsDiagnostics(scenario: String) throws {
        let directory = Self.fixturesRoot.appendingPathComponent(scenario).path
        let result = ProjectLoader(directory: directory, checkAllWorkspaces: true, displayBase: directory).load()
        let actual = result.diagnostics.sorted.map(\.description)

        if ProcessInfo.processInfo.environment["BRAZEFORM_RECORD_FIXTURES"] == "1" {
            let target = Self.sourceRoot.appendingPathComponent(scenario).appendingPathComponent("expected.txt")
            try (actual.joined(separator: "\n") + "\n").write(to: target, atomically: true, encoding: .utf8)
            Issue.record("recorded \(target.path); run again without BRAZEFORM_RECORD_FIXTURES")
            return
        }
        let expectedFile = Self.fixturesRoot.appendingPathComponent(scenario).appendingPathComponent("expected.txt")
        let expected = try String(contentsOf: expectedFile, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(actual == expected)
    }
}
