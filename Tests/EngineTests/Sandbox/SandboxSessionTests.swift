import BrazeAPI
import BrazeCore
import BrazeSimulator
import Foundation
import Manifest
import Testing
import VirtualTime
import Workspace

/// One writer per sandbox, writes saved as they happen, tags and groups declared by the workspace (issue 13).
@Suite struct SandboxSessionTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func createBlock(_ session: SandboxSession, _ name: String) async throws {
        let client = BrazeClient(endpoint: try BrazeEndpoint(url: SandboxSession.endpoint), apiKey: try BrazeAPIKey(secret: "brazeform-sandbox-key"),
                                 transport: session.transport, timeSource: VirtualTimeSource())
        _ = try await client.createContentBlock(ContentBlockDraft(name: name, content: "x"))
    }

    @Test func aSecondWriterWaitsThenFailsNamingTheHolder() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try SandboxSession(projectDirectory: dir.path, workspace: "ws", holder: "brazeform apply (pid 1)")
        let started = Date()
        #expect {
            _ = try SandboxSession(projectDirectory: dir.path, workspace: "ws", lockWait: 0.3)
        } throws: { error in
            let busy = error as? SandboxLock.Busy
            return busy?.holder == "brazeform apply (pid 1)" && "\(busy!)".contains("in use by brazeform apply (pid 1)")
        }
        #expect(Date().timeIntervalSince(started) >= 0.3, "it waited before giving up")

        try await Self.createBlock(first, "a")
        // Saved after the write, before any close: a crash now keeps the block.
        #expect(try first.file.load().contentBlocks.map(\.name) == ["a"])
        try await first.close()

        let second = try SandboxSession(projectDirectory: dir.path, workspace: "ws", lockWait: 0.3)
        try await Self.createBlock(second, "b")
        try await second.close()
        #expect(try SandboxStateFile(path: SandboxSession.statePath(projectDirectory: dir.path, workspace: "ws")).load().contentBlocks.map(\.name) == ["a", "b"])
    }

    @Test func limitsTagsAndGroupsComeFromTheWorkspace() async throws {
        var workspace = WorkspaceConfiguration(name: "ws", sandbox: true)
        #expect(SandboxSession.configuration(for: workspace).rateLimits[.catalogManagement] == .perMinute(50), "current is the default")
        #expect(SandboxSession.configuration(for: workspace).rateLimits[.catalogItemsAsync] == .perMinute(16_000))
        workspace.sandboxLimits = .seed
        #expect(SandboxSession.configuration(for: workspace).rateLimits[.catalogManagement] == .perMinute(5))

        workspace.sandboxTags = ["promos"]
        workspace.sandboxSubscriptionGroups = [SandboxSubscriptionGroup(id: "g-1", name: "News", channel: .sms)]
        let simulator = SimulatedWorkspace()
        await SandboxSession.prepare(simulator, workspace: workspace)
        let state = await simulator.snapshot()
        #expect(state.tags == ["promos"])
        #expect(state.subscriptionGroups.map(\.id) == ["g-1"])
    }
}
