import BrazeSimulator
import Foundation
import Testing

/// Catalog fields that change in place (issue 9), the real binary against a simulated
/// Braze over loopback HTTP.
@Suite struct CatalogFieldEndToEndTests {
    static let menu = """
        kind: catalog
        name: menu
        description: Menu
        fields:
          - {name: id, type: string}
          - {name: Dish, type: string}
          - {name: Price, type: number}
        items: {file: menu.csv}
        """
    static let menuCSV = "id,Dish,Price\nd1,Soup,4\nd2,Salad,5.5\nd3,Cake,3\n"

    func withMenu(offersFieldEndpoints: Bool = true, _ body: (SimulatedBraze, TempProject) async throws -> Void) async throws {
        let braze = try await SimulatedBraze.start(configuration: SimulatorConfiguration(
            rateLimits: E2E.generousLimits, catalogItemWriteDelay: 0, offersCatalogFieldEndpoints: offersFieldEndpoints))
        let project = try TempProject(files: ["m/menu.yaml": Self.menu, "m/menu.csv": Self.menuCSV])
        do {
            let first = try await braze.run(["apply", "--auto-approve"], project: project)
            try #require(first.status == 0, "\(first.transcript)")
            await braze.clearLog()
            try await body(braze, project)
        } catch {
            project.remove()
            await braze.stop()
            throw error
        }
        project.remove()
        await braze.stop()
    }

    func expectEmptyPlan(_ braze: SimulatedBraze, _ project: TempProject, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let plan = try await braze.run(["plan", "--detailed-exitcode"], project: project)
        #expect(plan.status == 0, "\(plan.transcript)", sourceLocation: sourceLocation)
    }

    @Test func aNewFieldWithoutAColumnIsOneFieldCallAndKeepsEveryValue() async throws {
        try await withMenu { braze, project in
            try project.replace("m/menu.yaml", "  - {name: Price, type: number}", with: "  - {name: Price, type: number}\n  - {name: Spicy, type: boolean}")
            let applied = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(applied.status == 0, "\(applied.transcript)")
            #expect(await braze.writes().map { "\($0.method) \($0.path)" } == ["POST /catalogs/menu/fields"])
            let menu = try #require(await braze.catalog("menu"))
            #expect(menu.fields.map(\.name) == ["id", "Dish", "Price", "Spicy"])
            #expect(menu.items.count == 3)
            #expect(menu.items["d2"]?["Price"] == .number(5.5))
            // The listing that showed the new field confirms the snapshot: the next plan reads no item page,
            // and a full read agrees with it.
            await braze.clearLog()
            try await expectEmptyPlan(braze, project)
            #expect(await braze.log().filter { $0.method == "GET" && $0.path == "/catalogs/menu/items" }.isEmpty)
            let refreshed = try await braze.run(["plan", "--refresh", "--detailed-exitcode"], project: project)
            #expect(refreshed.status == 0, "\(refreshed.transcript)")
            #expect(await braze.log().contains { $0.method == "GET" && $0.path == "/catalogs/menu/items" })
        }
    }

    /// A workspace of the seed text's API has no field endpoints: the first apply's field call
    /// answers 404 (nothing changed, said so), brazeform remembers it, and the next plan falls
    /// back to the gated replace, saying why.
    @Test func aWorkspaceWithoutFieldEndpointsFallsBackToTheGatedReplace() async throws {
        try await withMenu(offersFieldEndpoints: false) { braze, project in
            try project.replace("m/menu.yaml", "  - {name: Price, type: number}", with: "  - {name: Price, type: number}\n  - {name: Spicy, type: boolean}")
            let first = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(first.status == 1, "\(first.transcript)")
            #expect(first.stdout.contains("Not applied (this workspace does not offer the endpoint)"), "\(first.transcript)")
            #expect(first.stdout.contains("does not offer POST /catalogs/menu/fields (HTTP 404"), "\(first.transcript)")
            #expect(!first.stdout.contains("may or may not have taken effect"), "\(first.transcript)")
            #expect(await braze.catalog("menu")?.fields.map(\.name) == ["id", "Dish", "Price"])
            #expect(await braze.catalog("menu")?.items.count == 3)

            let plan = try await braze.run(["plan"], project: project)
            #expect(plan.stdout.contains("-/+ catalog.menu"), "\(plan.transcript)")
            #expect(plan.stdout.contains("this workspace answered HTTP 404 to POST /catalogs/menu/fields"), "\(plan.transcript)")
            let blocked = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(blocked.status == 6, "\(blocked.transcript)")
            await braze.clearLog()
            let replaced = try await braze.run(["apply", "--auto-approve", "--allow-destructive"], project: project)
            #expect(replaced.status == 0, "\(replaced.transcript)")
            let writes = await braze.writes().map { "\($0.method) \($0.path)" }
            #expect(!writes.contains { $0.contains("/fields") }, "\(writes)")
            #expect(await braze.catalog("menu")?.fields.map(\.name) == ["id", "Dish", "Price", "Spicy"])
            #expect(await braze.catalog("menu")?.items["d2"]?["Price"] == .number(5.5))
            try await expectEmptyPlan(braze, project)

            // Forgetting it (the file is safe to delete) means trying the field endpoints again.
            try FileManager.default.removeItem(at: project.url.appendingPathComponent(".brazeform/capabilities"))
            try project.replace("m/menu.yaml", "  - {name: Spicy, type: boolean}", with: "  - {name: Spicy, type: boolean}\n  - {name: Hot, type: boolean}")
            let again = try await braze.run(["plan"], project: project)
            #expect(again.stdout.contains("~ catalog.menu"), "\(again.transcript)")
            #expect(again.stdout.contains("+ field Hot: boolean"), "\(again.transcript)")
        }
    }

    @Test func removingAFieldIsGatedThenOneFieldDelete() async throws {
        try await withMenu { braze, project in
            try project.replace("m/menu.yaml", "\n  - {name: Price, type: number}", with: "")
            try project.write("m/menu.csv", "id,Dish\nd1,Soup\nd2,Salad\nd3,Cake\n")
            let plan = try await braze.run(["plan"], project: project)
            #expect(plan.stdout.contains("- field Price: number"), "\(plan.transcript)")
            #expect(plan.stdout.contains("3 of 3 live items hold a value there"), "\(plan.transcript)")
            let blocked = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(blocked.status == 6, "\(blocked.transcript)")
            #expect(await braze.writeCount() == 0)
            let allowed = try await braze.run(["apply", "--auto-approve", "--allow-destructive"], project: project)
            #expect(allowed.status == 0, "\(allowed.transcript)")
            #expect(await braze.writes().map { "\($0.method) \($0.path)" } == ["DELETE /catalogs/menu/fields/Price"])
            #expect(await braze.catalog("menu")?.fields.map(\.name) == ["id", "Dish"])
            #expect(await braze.catalog("menu")?.items["d1"]?["Dish"] == .string("Soup"))
            try await expectEmptyPlan(braze, project)
        }
    }

    @Test func aTypeChangeIsGatedAndConverges() async throws {
        try await withMenu { braze, project in
            try project.replace("m/menu.yaml", "{name: Price, type: number}", with: "{name: Price, type: string}")
            let blocked = try await braze.run(["apply", "--auto-approve"], project: project)
            #expect(blocked.status == 6, "\(blocked.transcript)")
            let allowed = try await braze.run(["apply", "--auto-approve", "--allow-destructive"], project: project)
            #expect(allowed.status == 0, "\(allowed.transcript)")
            let writes = await braze.writes().map { "\($0.method) \($0.path)" }
            #expect(writes == ["DELETE /catalogs/menu/fields/Price", "POST /catalogs/menu/fields", "PUT /catalogs/menu/items"], "\(writes)")
            #expect(!writes.contains("DELETE /catalogs/menu"))
            #expect(await braze.catalog("menu")?.items["d2"]?["Price"] == .string("5.5"))
            try await expectEmptyPlan(braze, project)
        }
    }

    @Test func aDroppedColumnForALiveFieldIsRefusedNotWiped() async throws {
        try await withMenu { braze, project in
            try project.write("m/menu.csv", "id,Dish\nd1,Soup\nd2,Salad\nd3,Cake\n")
            let plan = try await braze.run(["plan"], project: project)
            #expect(plan.status == 3, "\(plan.transcript)")
            #expect(plan.stderr.contains("no Price column"), "\(plan.transcript)")
            #expect(await braze.writeCount() == 0)
        }
    }

    @Test func savedPlansOfAFieldChangeAndOfAReplaceApplyRightAfterPlanning() async throws {
        try await withMenu { braze, project in
            let planFile = project.url.appendingPathComponent("p.json").path
            // A field change.
            try project.replace("m/menu.yaml", "  - {name: Price, type: number}", with: "  - {name: Price, type: number}\n  - {name: Spicy, type: boolean}")
            #expect(try await braze.run(["plan", "--out", planFile], project: project).status == 0)
            let fields = try await braze.run(["apply", planFile], project: project)
            #expect(fields.status == 0, "\(fields.transcript)")
            // A replace (the description cannot change in place), items reloaded.
            try project.replace("m/menu.yaml", "description: Menu", with: "description: Lunch menu")
            let plan = try await braze.run(["plan", "--out", planFile], project: project)
            #expect(plan.stdout.contains("no API call that changes a catalog's description"), "\(plan.transcript)")
            let replaced = try await braze.run(["apply", planFile, "--allow-destructive"], project: project)
            #expect(replaced.status == 0, "\(replaced.transcript)")
            #expect(await braze.catalog("menu")?.description == "Lunch menu")
            #expect(await braze.catalog("menu")?.items.count == 3)
            try await expectEmptyPlan(braze, project)
        }
    }

    @Test func aSavedReplaceIsRefusedWhenTheLiveItemsChanged() async throws {
        try await withMenu { braze, project in
            let planFile = project.url.appendingPathComponent("p.json").path
            try project.replace("m/menu.yaml", "description: Menu", with: "description: Lunch menu")
            #expect(try await braze.run(["plan", "--out", planFile], project: project).status == 0)
            // Someone edits an item after the plan was saved.
            let other = try TempProject(files: ["m/menu.yaml": Self.menu, "m/menu.csv": "id,Dish,Price\nd1,Soup,4\nd2,Salad,9\nd3,Cake,3\n"])
            defer { other.remove() }
            #expect(try await braze.run(["apply", "--auto-approve"], project: other).status == 0)
            await braze.clearLog()
            let apply = try await braze.run(["apply", planFile, "--allow-destructive"], project: project)
            #expect(apply.status == 7, "\(apply.transcript)")
            #expect(await braze.writeCount() == 0)
            #expect(await braze.catalog("menu")?.description == "Menu")
        }
    }

    @Test func pruneRefusesACatalogADeclaredTemplateReads() async throws {
        let braze = try await SimulatedBraze.start()
        defer { Task { await braze.stop() } }
        let other = try TempProject(files: ["m/menu.yaml": Self.menu, "m/menu.csv": Self.menuCSV])
        defer { other.remove() }
        #expect(try await braze.run(["apply", "--auto-approve"], project: other).status == 0)
        let project = try TempProject(files: ["m/mail.yaml": "kind: email_template\nname: daily\nsubject: Today\nbody: \"{% catalog_items menu d1 %}{{ items[0].Dish }}\"\n"],
                                      extraConfiguration: "prune: true\n")
        defer { project.remove() }
        await braze.clearLog()
        let plan = try await braze.run(["plan"], project: project)
        #expect(plan.status == 3, "\(plan.transcript)")
        #expect(plan.stderr.contains("email template 'daily' refers to catalog 'menu'"), "\(plan.transcript)")
        #expect(plan.stderr.contains("mail.yaml"), "\(plan.transcript)")
        let apply = try await braze.run(["apply", "--auto-approve", "--allow-destructive"], project: project)
        #expect(apply.status == 3, "\(apply.transcript)")
        #expect(await braze.writeCount() == 0)
        #expect(await braze.catalog("menu") != nil)
    }
}
