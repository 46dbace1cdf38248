import BrazeCore
import BrazeAPI
import Foundation
import Testing
@testable import Engine
import Manifest
import VirtualTime
import Workspace

/// A catalog large enough to need many bulk calls, small enough for CI: applied on
/// the simulator with its real rate limits and asynchronous item writes, in virtual time.
@Suite struct CatalogScaleTests {
    static func project(items: Int, changedEvery: Int? = nil, keep: Int? = nil) throws -> (Project, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("m"), withIntermediateDirectories: true)
        try "version: 1\nmanifests: [m]\nworkspaces: {s: {sandbox: true}}\n".write(to: root.appendingPathComponent("brazeform.yaml"), atomically: true, encoding: .utf8)
        try "kind: catalog\nname: big\ndescription: Big\nfields: [{name: id, type: string}, {name: Price, type: number}, {name: At, type: time}]\nitems: {file: big.csv}\n"
            .write(to: root.appendingPathComponent("m/big.yaml"), atomically: true, encoding: .utf8)
        var csv = "id,Price,At\n"
        for i in 0..<(keep ?? items) {
            let price = changedEvery.map { i % $0 == 0 ? i + 1_000_000 : i } ?? i
            csv += "item-\(i),\(price).5,2025-06-01T12:00:00+02:00\n"
        }
        try csv.write(to: root.appendingPathComponent("m/big.csv"), atomically: true, encoding: .utf8)
        let result = ProjectLoader(directory: root.path).load()
        return (try #require(result.project), root)
    }

    struct Run {
        let simulator: BrazeSimulatorForTests
        let client: BrazeClient
        let time: VirtualTimeSource
    }

    static func run(seedRateLimits: Bool = true) async throws -> Run {
        let time = VirtualTimeSource()
        let simulator = BrazeSimulatorForTests(time: time, itemWriteDelay: 5, seedRateLimits: seedRateLimits)
        let client = BrazeClient(endpoint: try BrazeEndpoint(url: "http://127.0.0.1"), apiKey: try BrazeAPIKey(secret: "brazeform-sandbox-key"),
                                 transport: SimulatorTransport(simulator.simulator), timeSource: time)
        return Run(simulator: simulator, client: client, time: time)
    }

    static func plan(_ project: Project, _ run: Run) async throws -> Plan {
        let live = try await WorkspaceReader(client: run.client).read(for: project)
        return try Planner(project: project, live: live, endpoint: "test").plan()
    }

    @Test func bulkCallsAreCeilNOverFiftyAndTheNextPlanIsEmpty() async throws {
        let (project, root) = try Self.project(items: 1_234)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await Self.run()
        let plan = try await Self.plan(project, run)
        #expect(plan.changes.map(\.id) == ["catalog.big", "catalog_items.big"])
        #expect(plan.changes[1].calls.count == 25, "ceil(1234 / 50)")

        await run.simulator.clearLog()
        let report = await Applier(client: run.client, timeSource: run.time).apply(plan)
        #expect(report.succeeded)
        #expect(report.unconfirmedItemWrites.isEmpty, "apply waits until Braze shows the asynchronous writes")
        let writes = await run.simulator.writes()
        #expect(writes.filter { $0 == "POST /catalogs/big/items" }.count == 25)
        #expect(writes.count == 26, "one catalog create and 25 bulk item calls, nothing else")
        #expect(await run.simulator.rateLimitedCount() == 0, "paced, not throttled")

        #expect(try await Self.plan(project, run).isEmpty, "times compare by instant, numbers by value: no perpetual diff")
    }

    @Test func editsAreItemLevelAndConverge() async throws {
        let (project, root) = try Self.project(items: 600)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await Self.run()
        _ = await Applier(client: run.client, timeSource: run.time).apply(try await Self.plan(project, run))

        let (edited, editedRoot) = try Self.project(items: 600, changedEvery: 10, keep: 540)
        defer { try? FileManager.default.removeItem(at: editedRoot) }
        let plan = try await Self.plan(edited, run)
        let change = try #require(plan.changes.first)
        #expect(plan.changes.count == 1)
        #expect(change.items == ItemCounts(create: 0, update: 54, delete: 60, live: 600))
        #expect(change.calls.count == 2 + 2, "ceil(60/50) deletes + ceil(54/50) replaces")
        let report = await Applier(client: run.client, timeSource: run.time).apply(plan)
        #expect(report.succeeded && report.unconfirmedItemWrites.isEmpty)
        #expect(try await Self.plan(edited, run).isEmpty)
    }
}

extension CatalogScaleTests {
    @Test func replacesThatLeaveTheCountAloneAreAwaitedToo() async throws {
        let (project, root) = try Self.project(items: 120)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await Self.run(seedRateLimits: false)
        _ = await Applier(client: run.client, timeSource: run.time).apply(try await Self.plan(project, run))

        let (edited, editedRoot) = try Self.project(items: 120, changedEvery: 3)
        defer { try? FileManager.default.removeItem(at: editedRoot) }
        let plan = try await Self.plan(edited, run)
        #expect(plan.changes.first?.items == ItemCounts(create: 0, update: 40, delete: 0, live: 120))
        let report = await Applier(client: run.client, timeSource: run.time).apply(plan)
        #expect(report.succeeded && report.unconfirmedItemWrites.isEmpty)
        #expect(try await Self.plan(edited, run).isEmpty, "the item count did not change, yet apply waited until the replaced values showed")
    }
}

extension CatalogScaleTests {
    /// The same catalog with a City field: without a column (no value), or filled for every item.
    static func projectWithCity(items: Int, filled: Bool, type: String = "number") throws -> (Project, URL) {
        let (_, root) = try project(items: items)
        let manifest = "kind: catalog\nname: big\ndescription: Big\nfields: [{name: id, type: string}, {name: Price, type: \(type)}, {name: At, type: time}, {name: City, type: string}]\nitems: {file: big.csv}\n"
        try manifest.write(to: root.appendingPathComponent("m/big.yaml"), atomically: true, encoding: .utf8)
        if filled {
            let csvURL = root.appendingPathComponent("m/big.csv")
            let lines = try String(contentsOf: csvURL, encoding: .utf8).split(separator: "\n").enumerated().map { i, line in i == 0 ? line + ",City" : line + ",Town \(i % 7)" }
            try (lines.joined(separator: "\n") + "\n").write(to: csvURL, atomically: true, encoding: .utf8)
        }
        let result = ProjectLoader(directory: root.path).load()
        return (try #require(result.project), root)
    }

    @Test func anAddedFieldIsOneCallAndTheNextPlanIsEmpty() async throws {
        let (project, root) = try Self.project(items: 300)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await Self.run()
        _ = await Applier(client: run.client, timeSource: run.time).apply(try await Self.plan(project, run))

        let (withCity, cityRoot) = try Self.projectWithCity(items: 300, filled: false)
        defer { try? FileManager.default.removeItem(at: cityRoot) }
        let plan = try await Self.plan(withCity, run)
        await run.simulator.clearLog()
        let report = await Applier(client: run.client, timeSource: run.time).apply(plan)
        #expect(report.succeeded)
        #expect(await run.simulator.writes() == ["POST /catalogs/big/fields"], "one field call; no item writes, no catalog delete")
        #expect(try await Self.plan(withCity, run).isEmpty, "apply waited until Braze showed the field")
    }

    @Test func itemWritesCarryingANewFieldWaitUntilBrazeShowsIt() async throws {
        // Braze refuses an item write naming a field still being added (invalid-fields):
        // with a 5 s delay, writing at once would fail.
        let (project, root) = try Self.project(items: 120)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await Self.run(seedRateLimits: false)
        _ = await Applier(client: run.client, timeSource: run.time).apply(try await Self.plan(project, run))

        let (withCity, cityRoot) = try Self.projectWithCity(items: 120, filled: true)
        defer { try? FileManager.default.removeItem(at: cityRoot) }
        let plan = try await Self.plan(withCity, run)
        #expect(plan.changes.map(\.id) == ["catalog.big", "catalog_items.big"])
        await run.simulator.clearLog()
        let report = await Applier(client: run.client, timeSource: run.time).apply(plan)
        #expect(report.succeeded, "\(String(describing: report.firstError))")
        let writes = await run.simulator.writes()
        #expect(writes.first == "POST /catalogs/big/fields")
        #expect(writes.filter { $0 == "PUT /catalogs/big/items" }.count == 3, "ceil(120 / 50)")
        #expect(try await Self.plan(withCity, run).isEmpty)
    }

    @Test func aTypeChangeWaitsForTheDeleteBeforeAddingTheFieldAgain() async throws {
        let (project, root) = try Self.projectWithCity(items: 60, filled: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try await Self.run(seedRateLimits: false)
        _ = await Applier(client: run.client, timeSource: run.time).apply(try await Self.plan(project, run))

        let (retyped, retypedRoot) = try Self.projectWithCity(items: 60, filled: true, type: "string")
        defer { try? FileManager.default.removeItem(at: retypedRoot) }
        let plan = try await Self.plan(retyped, run)
        await run.simulator.clearLog()
        let report = await Applier(client: run.client, timeSource: run.time).apply(plan)
        #expect(report.succeeded, "\(String(describing: report.firstError))")
        #expect(await run.simulator.writes().prefix(2) == ["DELETE /catalogs/big/fields/Price", "POST /catalogs/big/fields"])
        #expect(try await Self.plan(retyped, run).isEmpty)
    }
}
