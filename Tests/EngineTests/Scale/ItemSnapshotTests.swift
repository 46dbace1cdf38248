import BrazeCore
import BrazeAPI
import BrazeSimulator
import Foundation
import Testing
@testable import Engine
import Manifest
import Synchronization
import VirtualTime
import Workspace

/// The item snapshot: a plan of a catalog Braze lists as the snapshot left it reads no
/// item page and makes exactly the plan a full read makes.
@Suite struct ItemSnapshotTests {
    typealias Scale = CatalogScaleTests

    static func store(_ root: URL) -> ItemSnapshotStore {
        ItemSnapshotStore(projectDirectory: root.path, workspace: "s", endpoint: "test")
    }

    /// Reads (through the snapshot unless `refresh`), plans, and keeps what was read, as `plan` does.
    static func plan(_ project: Project, _ run: Scale.Run, root: URL, refresh: Bool = false) async throws -> (Plan, LiveState) {
        let store = store(root)
        let live = try await WorkspaceReader(client: run.client, snapshots: refresh ? [:] : store.load()).read(for: project)
        try store.save(ItemSnapshotStore.afterRead(live))
        return (try Planner(project: project, live: live, endpoint: "test").plan(now: Date(timeIntervalSince1970: 0)), live)
    }

    /// Applies as `apply` does, keeping the snapshot of what Braze showed.
    static func apply(_ plan: Plan, _ live: LiveState, _ project: Project, _ run: Scale.Run, root: URL) async throws -> ApplyReport {
        let report = await Applier(client: run.client, timeSource: run.time).apply(plan)
        try store(root).save(ItemSnapshotStore.afterApply(ItemSnapshotStore.afterRead(live), plan: plan, report: report, project: project, now: run.time.now()))
        return report
    }

    static func itemPageReads(_ run: Scale.Run) async -> Int {
        await run.simulator.simulator.requestLog().filter { $0.method == "GET" && $0.path.hasSuffix("/items") }.count
    }

    static func same(_ a: Plan, _ b: Plan) -> Bool {
        // The plan itself, not how its items were read (`item_reading` says that, and differs by design).
        var (a, b) = (a, b)
        a.reading = nil; b.reading = nil
        return PlanRenderer.json(a) == PlanRenderer.json(b) && a.changes == b.changes && a.warnings == b.warnings
    }

    @Test func aPlanFromTheSnapshotIsThePlanOfAFullReadAndReadsNoPage() async throws {
        let (project, root) = try Scale.project(items: 1_234)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await Scale.run()
        let (first, live) = try await Self.plan(project, run, root: root)
        let report = try await Self.apply(first, live, project, run, root: root)
        #expect(report.succeeded && report.unconfirmedItemWrites.isEmpty)
        #expect(report.confirmedCatalogs["big"]?.numItems == 1_234)
        #expect(Self.store(root).load()["big"]?.items.count == 1_234, "apply keeps what Braze confirmed")

        // Unchanged manifests: empty both ways, the snapshot reading no page.
        await run.simulator.clearLog()
        let (fromSnapshot, snapLive) = try await Self.plan(project, run, root: root)
        #expect(await Self.itemPageReads(run) == 0)
        #expect(snapLive.itemSources["big"].map { if case .snapshot = $0 { true } else { false } } == true)
        #expect(fromSnapshot.isEmpty)
        #expect(fromSnapshot.reading?.fromSnapshot.map(\.catalog) == ["big"])
        #expect(fromSnapshot.reading?.pages == nil)
        let (full, _) = try await Self.plan(project, run, root: root, refresh: true)
        #expect(await Self.itemPageReads(run) == 25, "--refresh reads ceil(1234 / 50) pages")
        #expect(Self.same(fromSnapshot, full))

        // Edited manifests: the same changes, digests and calls both ways.
        let (edited, editedRoot) = try Scale.project(items: 1_234, changedEvery: 7, keep: 1_200)
        defer { try? FileManager.default.removeItem(at: editedRoot) }
        await run.simulator.clearLog()
        let (editedFromSnapshot, _) = try await Self.plan(edited, run, root: root)
        #expect(await Self.itemPageReads(run) == 0)
        let (editedFull, _) = try await Self.plan(edited, run, root: root, refresh: true)
        #expect(editedFromSnapshot.changes.first?.items == ItemCounts(create: 0, update: 172, delete: 34, live: 1_234))
        #expect(Self.same(editedFromSnapshot, editedFull))
        #expect(!editedFromSnapshot.isEmpty)
    }

    @Test func afterAFieldIsAddedTheNextPlanStillReadsNoPage() async throws {
        let (project, root) = try Scale.project(items: 300)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await Scale.run()
        let (first, live) = try await Self.plan(project, run, root: root)
        #expect(try await Self.apply(first, live, project, run, root: root).succeeded)

        // One field added, no column for it in the CSV: a field call, no item write.
        let manifest = root.appendingPathComponent("m/big.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "{name: At, type: time}]", with: "{name: At, type: time}, {name: Note, type: string}]")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let widened = try #require(ProjectLoader(directory: root.path).load().project)
        let (addField, addLive) = try await Self.plan(widened, run, root: root)
        #expect(addField.changes.map(\.id) == ["catalog.big"] && addField.callCount == 1)
        let report = try await Self.apply(addField, addLive, widened, run, root: root)
        #expect(report.succeeded)
        #expect(report.confirmedCatalogs["big"]?.fields.contains { $0.name == "Note" } == true, "the listing that showed the field")

        // The field change moved updated_at; the snapshot kept the listing that showed it, so no page is read.
        await run.simulator.clearLog()
        let (next, nextLive) = try await Self.plan(widened, run, root: root)
        #expect(await Self.itemPageReads(run) == 0, "a 100,000-item catalog would take 40 minutes to read again")
        #expect(nextLive.itemSources["big"].map { if case .snapshot = $0 { true } else { false } } == true)
        #expect(next.isEmpty)
        let (full, _) = try await Self.plan(widened, run, root: root, refresh: true)
        #expect(Self.same(next, full), "the snapshot's plan is the plan of a full read")
    }

    @Test func anItemEditedThroughTheAPIMovesUpdatedAtAndIsReadInFull() async throws {
        let (project, root) = try Scale.project(items: 300)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await Scale.run()
        let (first, live) = try await Self.plan(project, run, root: root)
        _ = try await Self.apply(first, live, project, run, root: root)
        let (saved, _) = try await Self.plan(project, run, root: root)
        #expect(saved.isEmpty)
        let before = try #require(try await run.client.listCatalogs().first { $0.name == "big" }?.updatedAt)

        // Someone edits one item outside brazeform (a synchronous single-item write).
        let response = await run.simulator.simulator.handle(SimulatedRequest(
            method: "PUT", path: "/catalogs/big/items/item-7", headers: [("Authorization", "Bearer brazeform-sandbox-key"), ("Content-Type", "application/json")],
            body: Data(#"{"items": [{"Price": 99.5, "At": "2025-06-01T10:00:00Z"}]}"#.utf8)))
        #expect(response.status == 200)
        let after = try #require(try await run.client.listCatalogs().first { $0.name == "big" }?.updatedAt)
        #expect(after != before, "the simulator moves updated_at on every item write, as Braze does")

        await run.simulator.clearLog()
        let (drift, driftLive) = try await Self.plan(project, run, root: root)
        #expect(await Self.itemPageReads(run) == 6, "updated_at moved: every page is read")
        #expect(driftLive.itemSources["big"] == .pages(6))
        #expect(drift.changes.first?.items == ItemCounts(create: 0, update: 1, delete: 0, live: 300), "the drift shows")
        #expect(drift.reading?.pages?.pages == 6)
    }

    @Test func aSavedPlanFromTheSnapshotIsStaleWhenTheCatalogChangesBehindIt() async throws {
        let (project, root) = try Scale.project(items: 200)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await Scale.run()
        let (first, live) = try await Self.plan(project, run, root: root)
        _ = try await Self.apply(first, live, project, run, root: root)
        let (edited, editedRoot) = try Scale.project(items: 200, changedEvery: 50)
        defer { try? FileManager.default.removeItem(at: editedRoot) }
        let (savedPlan, _) = try await Self.plan(edited, run, root: root)
        #expect(savedPlan.changes.first?.items?.update == 4)

        // Unchanged live: the re-read through the snapshot finds nothing stale.
        let (_, again) = try await Self.plan(edited, run, root: root)
        #expect(SavedPlan.staleChanges(savedPlan, live: again, project: edited).isEmpty)

        // A delete behind the snapshot's back moves updated_at (and num_items): stale, exit 7.
        let response = await run.simulator.simulator.handle(SimulatedRequest(
            method: "DELETE", path: "/catalogs/big/items/item-3", headers: [("Authorization", "Bearer brazeform-sandbox-key")]))
        #expect(response.status == 202)
        let (_, moved) = try await Self.plan(edited, run, root: root)
        #expect(moved.itemSources["big"] == .pages(4))
        #expect(SavedPlan.staleChanges(savedPlan, live: moved, project: edited).map(\.id) == ["catalog_items.big"])
    }

    @Test func aSnapshotThatCannotBeUsedIsIgnored() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("snap-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = Self.store(root)
        #expect(store.load().isEmpty, "missing")
        let snapshot = CatalogItemSnapshot(numItems: 2, updatedAt: "2026-01-01T00:00:00.000+00:00", savedAt: "2026-01-01T00:00:01.000Z",
                                           items: [BrazeCatalogItem(id: "a", values: ["Price": .number(1)]), BrazeCatalogItem(id: "b", values: [:])])
        try store.save(["big": snapshot])
        #expect(store.load() == ["big": snapshot], "round trip")
        #expect(store.file.path.hasPrefix(root.appendingPathComponent(".brazeform/snapshots").path))
        #expect(ItemSnapshotStore(projectDirectory: root.path, workspace: "s", endpoint: "https://rest.iad-01.braze.com").load().isEmpty, "another endpoint: another file")
        #expect(ItemSnapshotStore(projectDirectory: root.path, workspace: "other", endpoint: "test").load().isEmpty, "another workspace")

        let text = try String(contentsOf: store.file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"format_version\":1", with: "\"format_version\":2").write(to: store.file, atomically: true, encoding: .utf8)
        #expect(store.load().isEmpty, "another format version")
        try text.replacingOccurrences(of: "\"endpoint\":\"test\"", with: "\"endpoint\":\"elsewhere\"").write(to: store.file, atomically: true, encoding: .utf8)
        #expect(store.load().isEmpty, "another endpoint inside the file")
        try String(text.prefix(text.count / 2)).write(to: store.file, atomically: true, encoding: .utf8)
        #expect(store.load().isEmpty, "corrupt")
        try text.replacingOccurrences(of: "\"num_items\":2", with: "\"num_items\":3").write(to: store.file, atomically: true, encoding: .utf8)
        #expect(store.load().isEmpty, "a count that does not match its items")
    }

    @Test func readsOfSeveralCatalogsShareTheBudgetAndSayWhatIsLeft() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("two-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("m"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "version: 1\nmanifests: [m]\nworkspaces: {s: {sandbox: true}}\n".write(to: root.appendingPathComponent("brazeform.yaml"), atomically: true, encoding: .utf8)
        for name in ["a", "b"] {
            try "kind: catalog\nname: \(name)\ndescription: X\nfields: [{name: id, type: string}, {name: N, type: number}]\nitems: {file: \(name).csv}\n"
                .write(to: root.appendingPathComponent("m/\(name).yaml"), atomically: true, encoding: .utf8)
            try ("id,N\n" + (0..<2_000).map { "i\($0),\($0)\n" }.joined()).write(to: root.appendingPathComponent("m/\(name).csv"), atomically: true, encoding: .utf8)
        }
        let project = try #require(ProjectLoader(directory: root.path).load().project)
        let time = ScheduledVirtualTimeSource()
        let simulator = BrazeSimulatorForTests(time: time, itemWriteDelay: 1)
        let client = BrazeClient(endpoint: try BrazeEndpoint(url: "http://127.0.0.1"), apiKey: try BrazeAPIKey(secret: "brazeform-sandbox-key"),
                                 transport: SimulatorTransport(simulator.simulator), timeSource: time)
        // Load both catalogs straight into the simulator's state (no apply: this test is about reading).
        let planned = try Planner(project: project, live: try await WorkspaceReader(client: client).read(for: project), endpoint: "test").plan()
        _ = await Applier(client: client, timeSource: time).apply(planned)

        try await time.sleep(seconds: 61)   // a fresh rate-limit window: what apply's checks spent is not this test's
        let progress = ProgressLog()
        let started = time.now()
        let live = try await WorkspaceReader(client: client, onItemProgress: { progress.add($0) }).read(for: project)
        let seconds = time.now().timeIntervalSince(started)
        #expect(live.itemSources == ["a": .pages(40), "b": .pages(40)])
        let reading = try #require(live.itemReading)
        #expect(reading.pages == 80 && reading.catalogs == 2)
        #expect(reading.limit.requests == 50 && reading.limit.window == 60)
        // 80 pages at 50 a minute: one wait for the next window, not one per catalog.
        #expect(seconds <= 61, "read in \(seconds)s")
        let events = progress.events
        #expect(events.count == 80)
        #expect(events.allSatisfy { $0.pagesExpected == 80 })
        #expect(events.last?.pagesRead == 80 && events.last?.secondsLeft == 0)
        #expect((events.first?.secondsLeft ?? 0) > 0, "the first page already says the rate limit leaves a wait")
        let lines = try #require(Planner(project: project, live: live, endpoint: "test").plan().reading?.lines)
        #expect(lines.first?.hasPrefix("Read 80 item pages of 2 catalogs in ") == true)
        #expect(lines.first?.hasSuffix("(Braze allows 50 a minute; 50 items a page).") == true)
    }

    @Test func durationsAndCounts() {
        #expect(PlanReading.duration(0.42) == "0.4s")
        #expect(PlanReading.duration(17) == "17s")
        #expect(PlanReading.duration(113) == "1m 53s")
        #expect(PlanReading.duration(2_400) == "40m")
        #expect(PlanReading.count(100_000) == "100,000")
        #expect(PlanReading.count(2_000) == "2,000")
    }
}

final class ProgressLog: Sendable {
    private let log = Mutex<[ItemReadProgress]>([])
    func add(_ p: ItemReadProgress) { log.withLock { $0.append(p) } }
    var events: [ItemReadProgress] { log.withLock { $0 } }
}
