import BrazeAPI
import BrazeCore
import BrazeSimulator
import Foundation
import Manifest
import Testing
import VirtualTime
import Workspace
@testable import Engine

/// Issue 13, "done when": against a simulator that adds `lid` values to links on
/// save, editing one line of an email body keeps every unchanged link's `lid`,
/// and the next plan is empty.
@Suite struct LinkAliasingEndToEndTests {
    static func body(_ middle: String) -> String {
        """
        <p><a href="https://example.com/a">A</a></p>
        <p>\(middle) <a href="https://example.com/b?utm_source=braze">B</a></p>
        <p><a href="https://example.com/a">A again</a></p>
        """
    }

    static func write(_ root: URL, body: String) throws {
        try body.write(to: root.appendingPathComponent("m/t.html"), atomically: true, encoding: .utf8)
    }

    static func lids(_ text: String) -> [String] {
        text.components(separatedBy: "lid=").dropFirst().map { String($0.prefix { $0.isLetter || $0.isNumber }) }
    }

    @Test func editingOneLineKeepsEveryUnchangedLinksID() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("m"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "version: 1\nmanifests: [m]\nworkspaces: {s: {sandbox: true}}\n".write(to: root.appendingPathComponent("brazeform.yaml"), atomically: true, encoding: .utf8)
        try "kind: email_template\nname: t\nsubject: Hi\nbody: {file: t.html}\ntags: []\n".write(to: root.appendingPathComponent("m/t.yaml"), atomically: true, encoding: .utf8)
        try Self.write(root, body: Self.body("Hello."))

        let time = VirtualTimeSource()
        let simulator = SimulatedWorkspace(configuration: SimulatorConfiguration(assignsLinkIDs: true), timeSource: time)
        let client = BrazeClient(endpoint: try BrazeEndpoint(url: "http://127.0.0.1"), apiKey: try BrazeAPIKey(secret: "brazeform-sandbox-key"),
                                 transport: SimulatorTransport(simulator), timeSource: time)
        func plan() async throws -> Plan {
            let project = try #require(ProjectLoader(directory: root.path).load().project)
            return try Planner(project: project, live: try await WorkspaceReader(client: client).read(for: project), endpoint: "test").plan()
        }
        func liveBody() async -> String { await simulator.snapshot().emailTemplates[0].body }

        #expect(await Applier(client: client, timeSource: time).apply(try await plan()).succeeded)
        let first = await liveBody()
        let firstIDs = Self.lids(first)
        #expect(firstIDs.count == 3 && Set(firstIDs).count == 3, "the simulator aliased every link: \(first)")
        #expect(try await plan().changes.isEmpty, "the added lids are noise")

        // One line edited, and its link retargeted; a link added at the end.
        try Self.write(root, body: Self.body("Hello again.").replacingOccurrences(of: "/b?", with: "/c?")
                       + "\n<p><a href=\"https://example.com/new\">new</a></p>")
        let update = try await plan()
        #expect(update.changes.map(\.action) == [.update])
        guard case .updateEmailTemplate(_, let sent)? = update.changes.first?.calls.first?.operation else {
            Issue.record("expected an email template update"); return
        }
        #expect(Self.lids(sent.body) == [firstIDs[0], firstIDs[2]], "the plan sends the live ids of the unchanged links only")
        #expect(await Applier(client: client, timeSource: time).apply(update).succeeded)

        let second = await liveBody()
        let secondIDs = Self.lids(second)
        #expect(secondIDs.count == 4)
        #expect(secondIDs[0] == firstIDs[0] && secondIDs[2] == firstIDs[2], "unchanged links keep their lid: \(second)")
        #expect(!firstIDs.contains(secondIDs[1]) && !firstIDs.contains(secondIDs[3]), "changed and new links get fresh ids")
        #expect(try await plan().changes.isEmpty, "the next plan is empty")
    }
}
