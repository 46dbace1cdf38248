import BrazeSimulator
import Foundation
import Testing

/// The item snapshot through the real binary: kept after apply and plan, used while
/// Braze lists the catalog unchanged, bypassed by --refresh and by any item write.
@Suite struct ItemSnapshotEndToEndTests {
    static let catalog = """
        kind: catalog
        name: shops
        description: Shops
        fields: [{name: id, type: string}, {name: City, type: string}]
        items: {file: shops.csv}
        """

    static func itemPageReads(_ braze: SimulatedBraze) async -> Int {
        await braze.simulator.requestLog().filter { $0.method == "GET" && $0.path == "/catalogs/shops/items" }.count
    }

    /// An item written through the API, outside brazeform.
    static func editOutside(_ braze: SimulatedBraze, _ id: String, city: String) async -> Int {
        await braze.simulator.handle(SimulatedRequest(
            method: "PUT", path: "/catalogs/shops/items/\(id)",
            headers: [("Authorization", "Bearer \(SimulatorConfiguration.defaultAPIKey)"), ("Content-Type", "application/json")],
            body: Data(#"{"items": [{"City": "\#(city)"}]}"#.utf8))).status
    }

    func withBraze(_ body: (SimulatedBraze) async throws -> Void) async throws {
        let braze = try await SimulatedBraze.start()
        do { try await body(braze) } catch {
            await braze.stop()
            throw error
        }
        await braze.stop()
    }

    @Test func planUsesTheSnapshotUntilBrazeReportsAChange() async throws {
        try await withBraze { braze in
        let project = try TempProject(files: ["m/shops.yaml": Self.catalog, "m/shops.csv": "id,City\ns1,Paris\ns2,Lyon\ns3,Nice\n"])
        defer { project.remove() }
        let apply = try await braze.run(["apply", "--auto-approve"], project: project)
        try #require(apply.status == 0, "\(apply.transcript)")
        let folder = project.url.appendingPathComponent(".brazeform/snapshots")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 1 && files[0].hasPrefix("ws-") && files[0].hasSuffix(".json"), "\(files)")
        let text = try String(contentsOf: folder.appendingPathComponent(files[0]), encoding: .utf8)
        #expect(!text.contains(SimulatorConfiguration.defaultAPIKey), "no secret in the snapshot")

        await braze.clearLog()
        let plan = try await braze.run(["plan", "--detailed-exitcode"], project: project)
        #expect(plan.status == 0, "\(plan.transcript)")
        #expect(plan.stdout.contains("Items of catalog 'shops' (3) from the snapshot of "), "\(plan.transcript)")
        #expect(await Self.itemPageReads(braze) == 0, "apply's snapshot stands in for the pages")

        let refreshed = try await braze.run(["plan", "--refresh", "--detailed-exitcode"], project: project)
        #expect(refreshed.status == 0, "\(refreshed.transcript)")
        #expect(refreshed.stdout.contains("Read 1 item page of 1 catalog in "), "\(refreshed.transcript)")
        #expect(await Self.itemPageReads(braze) == 1)

        // Edited through the API: updated_at moves, the catalog is read in full, the drift shows.
        #expect(await Self.editOutside(braze, "s2", city: "Lille") == 200)
        let drift = try await braze.run(["plan", "--detailed-exitcode"], project: project)
        #expect(drift.status == 2, "\(drift.transcript)")
        #expect(drift.stdout.contains("Read 1 item page"), "\(drift.transcript)")
        #expect(!drift.stdout.contains("from the snapshot"), "\(drift.transcript)")
        #expect(await Self.itemPageReads(braze) == 2)

        // Deleting the folder is safe: the next plan reads every page.
        try FileManager.default.removeItem(at: folder)
        let again = try await braze.run(["plan", "--detailed-exitcode"], project: project)
        #expect(again.status == 2, "\(again.transcript)")
        #expect(await Self.itemPageReads(braze) == 3)
        }
    }

    @Test func aSavedPlanIsStaleWhenAnItemChangesBehindTheSnapshot() async throws {
        try await withBraze { braze in
        let project = try TempProject(files: ["m/shops.yaml": Self.catalog, "m/shops.csv": "id,City\ns1,Paris\ns2,Lyon\n"])
        defer { project.remove() }
        let apply = try await braze.run(["apply", "--auto-approve"], project: project)
        try #require(apply.status == 0, "\(apply.transcript)")
        try project.write("m/shops.csv", "id,City\ns1,Paris\ns2,Lyon\ns3,Nice\n")
        let planFile = project.url.appendingPathComponent("p.json").path
        let plan = try await braze.run(["plan", "--out", planFile], project: project)
        #expect(plan.status == 0 && plan.stdout.contains("from the snapshot"), "\(plan.transcript)")

        #expect(await Self.editOutside(braze, "s1", city: "Rouen") == 200)
        await braze.clearLog()
        let stale = try await braze.run(["apply", planFile], project: project)
        #expect(stale.status == 7, "\(stale.transcript)")
        #expect(stale.stderr.contains("catalog_items.shops"), "\(stale.transcript)")
        #expect(await braze.writeCount() == 0)
        }
    }
}
