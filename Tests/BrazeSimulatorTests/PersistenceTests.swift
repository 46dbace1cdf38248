import Foundation
import Testing
import VirtualTime
@testable import BrazeSimulator

@Suite("Persistence")
struct PersistenceTests {
    static func temporaryPath(_ name: String = "state.json") -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sim-tests-\(UUID().uuidString)")
        return dir.appendingPathComponent("nested").appendingPathComponent(name).path
    }

    @Test func roundTripKeepsEverythingIncludingPendingWrites() async throws {
        let clock = VirtualTimeSource()
        let sim = makeSimulator(clock: clock) { $0.catalogItemWriteDelay = 30 }
        await sim.addTag("marketing")
        await sim.addSubscriptionGroup(id: "g1", name: "newsletter", channel: .email)
        await sim.setUserSubscription(groupID: "g1", externalID: "u1", state: .subscribed)
        _ = await sim.createBlock("footer", content: "<p>é ✓ \"quoted\"</p>")
        _ = await sim.call("POST", "/templates/email/create", ["template_name": "w", "subject": "s", "body": "{{content_blocks.${footer}}}", "should_inline_css": false])
        await sim.createCatalog("c", fields: [("id", "string"), ("Rating", "number"), ("Open", "boolean"), ("Meta", "object")])
        _ = await sim.call("PUT", "/catalogs/c/items/now", ["items": [["Rating": 1, "Open": true, "Meta": ["n": 1.5, "b": false, "z": .null]]]])
        _ = await sim.call("POST", "/catalogs/c/items", ["items": [["id": "later", "Rating": 2]]])
        _ = await sim.call("POST", "/preference_center/v1", ["name": "p", "preference_center_page_html": "x", "confirmation_page_html": "y"])

        let file = SandboxStateFile(path: Self.temporaryPath())
        try await sim.save(to: file)
        let saved = await sim.snapshot()
        #expect(saved.pendingItemWrites.count == 1)

        let reloaded = try SimulatedWorkspace.load(from: file, configuration: .init(rateLimits: [:], catalogItemWriteDelay: 30), timeSource: clock)
        #expect(await reloaded.snapshot() == saved)
        // Booleans stay booleans and numbers numbers.
        #expect(await reloaded.snapshot().catalogs[0].items["now"] == ["Rating": 1, "Open": true, "Meta": ["n": 1.5, "b": false, "z": .null]])
        // The pending write still lands after its delay, in the reloaded simulator.
        #expect(await reloaded.call("GET", "/catalogs/c/items/later").status == 404)
        clock.advance(by: 30)
        #expect(await reloaded.call("GET", "/catalogs/c/items/later").status == 200)
        // Ids keep counting from where they were.
        let next = await reloaded.createBlock("header")
        #expect(next != saved.contentBlocks[0].id)
    }

    @Test func missingFileIsAnEmptyWorkspace() throws {
        let state = try SandboxStateFile(path: Self.temporaryPath()).load()
        #expect(state == SimulatedWorkspaceState())
    }

    @Test func corruptFileIsAClearErrorNamingTheFile() throws {
        let path = Self.temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("{\"formatVersion\": 1, \"tags\": [".utf8).write(to: URL(fileURLWithPath: path))
        let file = SandboxStateFile(path: path)
        do {
            _ = try file.load()
            Issue.record("a corrupt file must not load")
        } catch {
            guard case .corrupt(let errorPath, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(errorPath == path)
            #expect(error.description.contains(path))
        }
        // Valid JSON of the wrong shape is corrupt too.
        try Data("{\"formatVersion\": 1, \"tags\": 3}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SandboxStateFileError.self) { try file.load() }
        // The file was left alone.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"formatVersion\": 1, \"tags\": 3}")
    }

    @Test func newerFormatIsRefused() throws {
        let path = Self.temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("{\"formatVersion\": 99}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SandboxStateFileError.unsupportedVersion(path: path, version: 99)) { try SandboxStateFile(path: path).load() }
    }

    @Test func saveReplacesAtomicallyAndLeavesNoTemporaryFiles() throws {
        let path = Self.temporaryPath()
        let file = SandboxStateFile(path: path)
        var state = SimulatedWorkspaceState()
        state.tags = ["one"]
        try file.save(state)
        state.tags = ["two"]
        try file.save(state)
        #expect(try file.load().tags == ["two"])
        let folder = (path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["state.json"])
        try file.delete()
        #expect(try file.load() == SimulatedWorkspaceState())
    }

    @Test func unwritableLocationIsAnError() {
        let file = SandboxStateFile(path: "/proc/forbidden/state.json")
        #expect(throws: SandboxStateFileError.self) { try file.save(SimulatedWorkspaceState()) }
    }
}

/// A sandbox's state is the whole workspace: saving it after every write made a
/// 100,000-item apply quadratic. The saver saves a lone write at once and writes that
/// come close together in fewer saves, and its flush leaves every write on disk.
@Suite("State saver")
struct StateSaverTests {
    @Test func aLoneWriteIsSavedAtOnce() async throws {
        let sim = makeSimulator()
        let file = SandboxStateFile(path: PersistenceTests.temporaryPath())
        let saver = StateSaver(simulator: sim, file: file)
        _ = await sim.createBlock("first")
        await saver.noteWrite()
        #expect(try file.load().contentBlocks.map(\.name) == ["first"])
    }

    @Test func writesCloseTogetherShareSavesAndFlushKeepsThemAll() async throws {
        let sim = makeSimulator()
        let file = SandboxStateFile(path: PersistenceTests.temporaryPath())
        let saver = StateSaver(simulator: sim, file: file)
        for i in 0..<200 {
            _ = await sim.createBlock("block\(i)")
            await saver.noteWrite()
        }
        let saves = await saver.saves
        #expect(saves < 20, "200 writes within a fraction of a second took \(saves) saves")
        try await saver.flush()
        #expect(try file.load().contentBlocks.count == 200)
    }

    @Test func aWriteAfterTheWindowIsSavedWithoutAFlush() async throws {
        let sim = makeSimulator()
        let file = SandboxStateFile(path: PersistenceTests.temporaryPath())
        let saver = StateSaver(simulator: sim, file: file)
        _ = await sim.createBlock("a")
        await saver.noteWrite()
        _ = await sim.createBlock("b")
        await saver.noteWrite()   // within the window: scheduled, not yet saved
        // The window is at most 5 s (a loaded machine makes the first save, and so the window, long);
        // the deadline is generous because under the whole suite, tests that wait on a process hold
        // the few threads the scheduled save needs (seen: more than 20 s on 2 cores while a build ran).
        // The saver is kept alive to the end (its scheduled save holds it weakly, as its owner would).
        let deadline = ContinuousClock.now + .seconds(90)
        while try file.load().contentBlocks.count < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try file.load().contentBlocks.count == 2)
        withExtendedLifetime(saver) {}
    }
}
