import BrazeAPI
import BrazeCore
import Engine
import Foundation
import Manifest
import Testing

/// Catalog fields change in place (SPEC §5): what a user sees in the plan, and which
/// calls it makes, for each kind of field change.
@Suite struct CatalogFieldPlanTests {
    typealias P = PlannerTests

    static func manifest(fields: String, description: String = "Products") -> String {
        "kind: catalog\nname: products\ndescription: \(description)\nfields: [\(fields)]\nitems: {file: items.csv}\n"
    }
    static let baseFields = "{name: id, type: string}, {name: Price, type: number}, {name: At, type: time}"
    static func live3() -> LiveState { P.liveCatalog(items: (0..<3).map { P.liveItem($0) }) }

    @Test func anAddedFieldIsOneFieldCallAndNotDestructive() throws {
        // The item file has no City column yet: no value for every item, no item writes.
        let project = try P.project(["m/c.yaml": Self.manifest(fields: Self.baseFields + ", {name: City, type: string}"), "m/items.csv": P.csv(3)])
        let plan = try Planner(project: project, live: Self.live3(), endpoint: "test").plan()
        #expect(plan.changes.map(\.id) == ["catalog.products"])
        let change = plan.changes[0]
        #expect(change.action == .update)
        #expect(change.calls.map { "\($0.method) \($0.path)" } == ["POST /catalogs/products/fields"])
        #expect(!change.isDestructive)
        #expect(plan.destructiveChanges.isEmpty)
        let text = PlanRenderer.text(plan, color: false)
        #expect(text.contains("~ catalog.products"))
        #expect(text.contains("+ field City: string"))
        #expect(!text.contains("-/+"))
    }

    @Test func aNewFieldWithValuesIsWrittenAfterTheField() throws {
        let csv = "id,Price,At,City\n" + (0..<3).map { "p\($0),\($0),2025-01-01T10:00:00+01:00,Town \($0)" }.joined(separator: "\n") + "\n"
        let project = try P.project(["m/c.yaml": Self.manifest(fields: Self.baseFields + ", {name: City, type: string}"), "m/items.csv": csv])
        let plan = try Planner(project: project, live: Self.live3(), endpoint: "test").plan()
        #expect(plan.changes.map(\.id) == ["catalog.products", "catalog_items.products"])
        #expect(plan.changes[1].items.map { [$0.create, $0.update, $0.delete, $0.live] } == [0, 3, 0, 3])
        #expect(plan.changes[1].dependsOn == ["catalog.products"])
        #expect(plan.changes[1].calls.map(\.method) == ["PUT"])
        #expect(!plan.changes[1].isDestructive)
    }

    @Test func sixtyAddedFieldsAreTwoFieldCalls() throws {
        let extra = (1...60).map { "{name: f\($0), type: string}" }.joined(separator: ", ")
        let project = try P.project(["m/c.yaml": Self.manifest(fields: Self.baseFields + ", " + extra), "m/items.csv": P.csv(3)])
        let plan = try Planner(project: project, live: Self.live3(), endpoint: "test").plan()
        #expect(plan.changes.map(\.id) == ["catalog.products"])
        guard case .createCatalogFields(_, let first)? = plan.changes[0].calls.first?.operation else { Issue.record("no field call"); return }
        #expect(plan.changes[0].calls.count == 2)
        #expect(first.count == 50)
    }

    @Test func aRemovedFieldIsDestructiveAndCountsTheValuesItDeletes() throws {
        var live = Self.live3()
        live.catalogItems["products"]![2].values["At"] = .null
        let project = try P.project(["m/c.yaml": Self.manifest(fields: "{name: id, type: string}, {name: Price, type: number}"),
                                     "m/items.csv": "id,Price\np0,0\np1,1\np2,2\n"])
        let plan = try Planner(project: project, live: live, endpoint: "test").plan()
        #expect(plan.changes.map(\.id) == ["catalog.products"])
        let change = plan.changes[0]
        #expect(change.action == .update)
        #expect(change.calls.map { "\($0.method) \($0.path)" } == ["DELETE /catalogs/products/fields/At"])
        #expect(change.isDestructive)
        #expect(change.notes.contains { $0.contains("2 of 3 live items hold a value there") })
        #expect(PlanRenderer.text(plan, color: false).contains("- field At: time"))
    }

    @Test func aTypeChangeDeletesAndAddsTheFieldAndWritesItsValuesAgain() throws {
        let project = try P.project(["m/c.yaml": Self.manifest(fields: "{name: id, type: string}, {name: Price, type: string}, {name: At, type: time}"),
                                     "m/items.csv": P.csv(3)])
        let plan = try Planner(project: project, live: Self.live3(), endpoint: "test").plan()
        #expect(plan.changes.map(\.id) == ["catalog.products", "catalog_items.products"])
        #expect(plan.changes[0].action == .update, "never a catalog delete for a field change")
        #expect(plan.changes[0].calls.map { "\($0.method) \($0.path)" } == ["DELETE /catalogs/products/fields/Price", "POST /catalogs/products/fields"])
        #expect(plan.changes[0].isDestructive)
        #expect(PlanRenderer.text(plan, color: false).contains("~ field Price: number -> string"))
        #expect(plan.changes[1].items?.update == 3)
    }

    @Test func fieldOrderBeyondIDFirstIsNotAChange() throws {
        let project = try P.project(["m/c.yaml": Self.manifest(fields: "{name: id, type: string}, {name: At, type: time}, {name: Price, type: number}"),
                                     "m/items.csv": P.csv(3)])
        #expect(try Planner(project: project, live: Self.live3(), endpoint: "test").plan().isEmpty)
    }

    @Test func aDescriptionChangeIsStillAReplaceAndSaysWhy() throws {
        let project = try P.project(["m/c.yaml": Self.manifest(fields: Self.baseFields, description: "All products"), "m/items.csv": P.csv(3)])
        let plan = try Planner(project: project, live: Self.live3(), endpoint: "test").plan()
        #expect(plan.changes.first?.action == .replace)
        #expect(plan.changes.first?.isDestructive == true)
        #expect(plan.changes.first?.notes.first?.contains("no API call that changes a catalog's description") == true)
    }

    @Test func withoutFieldEndpointsAFieldChangeFallsBackToAGatedReplace() throws {
        var live = Self.live3()
        live.catalogFieldEndpointsAvailable = false
        let project = try P.project(["m/c.yaml": Self.manifest(fields: Self.baseFields + ", {name: City, type: string}"), "m/items.csv": P.csv(3)])
        let plan = try Planner(project: project, live: live, endpoint: "test").plan()
        #expect(plan.changes.first?.action == .replace)
        #expect(plan.changes.first?.notes.first?.contains("404/405") == true)
    }

    @Test func aMissingColumnForALiveFieldWithValuesIsAnErrorThatSaysHowToFixIt() throws {
        // At exists live with values; the file dropped its column: applying would clear them.
        let project = try P.project(["m/c.yaml": Self.manifest(fields: Self.baseFields), "m/items.csv": "id,Price\np0,0\np1,1\np2,2\n"])
        do {
            _ = try Planner(project: project, live: Self.live3(), endpoint: "test").plan()
            Issue.record("expected a planning error")
        } catch let error as PlanningError {
            #expect(error.invalidManifests)
            #expect(error.description.contains("no At column, but 3 live items hold a At value"))
            #expect(error.description.contains("add a At column"))
            #expect(error.description.contains("remove field At from the manifest"))
        }
    }

    @Test func aSavedReplaceIsNotStaleRightAfterPlanningButIsWhenTheItemsChange() throws {
        let project = try P.project(["m/c.yaml": Self.manifest(fields: Self.baseFields, description: "All products"), "m/items.csv": P.csv(3)])
        var live = Self.live3()
        let plan = try Planner(project: project, live: live, endpoint: "test").plan()
        #expect(plan.changes.map(\.id) == ["catalog.products", "catalog_items.products"])
        #expect(SavedPlan.staleChanges(plan, live: live, project: project).isEmpty)
        live.catalogItems["products"]!.append(P.liveItem(9))
        #expect(SavedPlan.staleChanges(plan, live: live, project: project).map(\.id) == ["catalog_items.products"])
    }

    @Test func pruneRefusesACatalogADeclaredResourceReads() throws {
        let file = "version: 1\nmanifests: [m]\nprune: true\nworkspaces: {s: {sandbox: true}}\n"
        let project = try P.project(["m/a.yaml": "kind: content_block\nname: menu_block\ncontent: \"{% catalog_items menu a1 %}\"\n"], file: file)
        var live = LiveState()
        live.catalogs["menu"] = BrazeCatalog(name: "menu", description: "", fields: [.init(name: "id", type: "string")], numItems: 4)
        do {
            _ = try Planner(project: project, live: live, endpoint: "test").plan()
            Issue.record("expected a planning error")
        } catch let error as PlanningError {
            #expect(error.invalidManifests)
            #expect(error.description.contains("a.yaml"))
            #expect(error.description.contains("content block 'menu_block' refers to catalog 'menu'"))
            #expect(error.description.contains("prune: true would delete it"))
        }
    }
}
