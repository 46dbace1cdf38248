import BrazeAPI
import BrazeCore
import Foundation
import Testing
@testable import Engine

/// What a reviewer must be able to see in a plan (issue 11): items by id with their
/// field changes, item deletions in the summary, new bodies, schemas a field a line,
/// values as YAML writes them, shared notes once, and the destructive gate everywhere.
@Suite("Render: plan detail")
struct PlanDetailTests {
    static func itemsPlan(creates: Int, updates: Int, deletes: Int) -> Plan {
        let detail = ItemChanges(
            create: (0..<creates).map { "new-\($0)" },
            update: (0..<updates).map { ItemUpdate(id: "upd-\($0)", fields: [ItemFieldChange(field: "price", before: .number(Double($0)), after: .number(Double($0) + 0.5))]) },
            delete: (0..<deletes).map { "old-\($0)" })
        let change = PlanFixtures.change(.update, .catalogItems, "menu", items: ItemCounts(create: creates, update: updates, delete: deletes, live: updates + deletes),
                                         itemChanges: detail, calls: deletes > 0 ? [.deleteCatalogItems(catalog: "menu", ids: detail.delete)] : [])
        return Plan(workspace: "w", endpoint: "e", createdAt: "t", changes: [change], unmanaged: [], warnings: [])
    }

    @Test func smallItemChangesAreListedInFullWithOldAndNewValues() {
        let text = PlanRenderer.text(Self.itemsPlan(creates: 1, updates: 1, deletes: 1), color: false)
        #expect(text.contains("""
              ~ catalog_items.menu (1 to create, 1 to update, 1 to delete of 2 live)
                  + new-0
                  ~ upd-0
                      ~ price: 0 -> 0.5
                  - old-0
            """))
    }

    @Test func largeItemChangesFoldWithCounts() {
        let plan = Self.itemsPlan(creates: 500, updates: 300, deletes: 200)
        let text = PlanRenderer.text(plan, color: false)
        #expect(text.contains("      + new-19\n        … and 480 more to create"))
        #expect(!text.contains("new-20\n"))
        #expect(text.contains("… and 280 more to update"))
        #expect(text.contains("… and 180 more to delete"))
        let markdown = PlanRenderer.markdown(plan)
        #expect(markdown.contains("<details><summary>Items by id</summary>"))
        #expect(markdown.contains("… and 400 more to create"))
        #expect(markdown.utf8.count < MarkdownPlanRenderer.limit)
    }

    @Test func hugeItemPlansStayUnderTheMarkdownBudget() {
        let changes = (0..<300).map { n in
            PlanFixtures.change(.update, .catalogItems, "catalog_\(n)", items: ItemCounts(create: 1_000, update: 1_000, delete: 0, live: 1_000),
                                itemChanges: ItemChanges(create: (0..<1_000).map { "item-\($0)-" + String(repeating: "x", count: 200) },
                                                         update: (0..<1_000).map { ItemUpdate(id: "u\($0)", fields: [ItemFieldChange(field: "f", before: .string(String(repeating: "a", count: 4_000)), after: .string("b"))]) },
                                                         delete: []))
        }
        let markdown = PlanRenderer.markdown(Plan(workspace: "w", endpoint: "e", createdAt: "t", changes: changes, unmanaged: [], warnings: []))
        #expect(markdown.utf8.count < MarkdownPlanRenderer.limit)
        #expect(markdown.contains("Items by id"))
    }

    @Test func itemDeletionsCountInTheSummaryTextAndJSON() throws {
        let plan = Self.itemsPlan(creates: 0, updates: 0, deletes: 3)
        #expect(PlanRenderer.text(plan, color: false).hasSuffix("Plan: 0 to create, 1 to update, 0 to delete, 0 to replace. Catalog items: 0 to create, 0 to update, 3 to delete."))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(PlanRenderer.json(plan).utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["update"] as? Int == 1)
        #expect((summary["items"] as? [String: Int]) == ["create": 0, "update": 0, "delete": 3])
        let change = try #require((object["changes"] as? [[String: Any]])?.first)
        #expect((change["item_changes"] as? [String: Any])?["delete"] as? [String] == ["old-0", "old-1", "old-2"])
    }

    @Test func theDestructiveGateIsSaidInEveryFormat() throws {
        let plan = Self.itemsPlan(creates: 0, updates: 0, deletes: 1)
        #expect(PlanRenderer.text(plan, color: false).contains("! Destructive: 1 change deletes or replaces a catalog, or deletes catalog items; apply needs --allow-destructive."))
        #expect(PlanRenderer.markdown(plan).contains("`apply` needs `--allow-destructive`."))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(PlanRenderer.json(plan).utf8)) as? [String: Any])
        #expect((object["destructive_gate"] as? String)?.hasSuffix("apply needs --allow-destructive.") == true)
        let safe = Self.itemsPlan(creates: 1, updates: 0, deletes: 0)
        #expect(!PlanRenderer.text(safe, color: false).contains("--allow-destructive"))
        let safeObject = try #require(try JSONSerialization.jsonObject(with: Data(PlanRenderer.json(safe).utf8)) as? [String: Any])
        #expect(safeObject["destructive_gate"] is NSNull)
    }

    @Test func aNewBodyIsADiffAgainstEmptyAndFoldsWhenLong() {
        let short = PlanFixtures.change(.create, .emailTemplate, "welcome", fields: [FieldChange(field: "body", before: nil, after: "<p>Hi</p>\n<p>Bye</p>\n", isText: true)])
        let long = PlanFixtures.change(.create, .emailTemplate, "long", fields: [FieldChange(field: "body", before: nil, after: PlanFixtures.numbered(1...100), isText: true)])
        let plan = Plan(workspace: "w", endpoint: "e", createdAt: "t", changes: [short, long], unmanaged: [], warnings: [])
        let text = PlanRenderer.text(plan, color: false)
        #expect(text.contains("      + body:\n        @@ -0,0 +1,2 @@\n        +<p>Hi</p>\n        +<p>Bye</p>"))
        #expect(text.contains("+line 40\n        … 60 more lines"))
        #expect(!text.contains("+line 41"))
        let markdown = PlanRenderer.markdown(plan)
        #expect(markdown.contains("+<p>Bye</p>"))
        #expect(markdown.contains("<details><summary><code>body</code>: +100 −0 lines</summary>"))
    }

    @Test func schemasAreOneFieldALineAndValuesReadAsYAML() {
        let catalog = PlanFixtures.change(.replace, .catalog, "menu", fields: [
            FieldChange(field: "fields", before: "id: string, Title: string, Price: number", after: "id: string, Title: string, Price: number, Vegan: boolean", style: .schema)])
        let template = PlanFixtures.change(.update, .emailTemplate, "t", fields: [
            FieldChange(field: "tags", before: "", after: "a, b c", style: .list),
            FieldChange(field: "should_inline_css", before: "false", after: "true", style: .boolean)])
        let text = PlanRenderer.text(Plan(workspace: "w", endpoint: "e", createdAt: "t", changes: [catalog, template], unmanaged: [], warnings: []), color: false)
        #expect(text.contains("      ~ fields:\n            id: string\n            Title: string\n            Price: number\n          + Vegan: boolean"))
        #expect(text.contains("      ~ tags: [] -> [a, b c]"))
        #expect(text.contains("      ~ should_inline_css: false -> true"))
        #expect(!text.contains("\"\""))
    }

    @Test func aNoteManyChangesShareIsSaidOnce() {
        let note = ContentBlockKind.stateNote
        let changes = (0..<5).map { PlanFixtures.change(.update, .contentBlock, "b\($0)", fields: [FieldChange(field: "description", before: "a", after: "b")], notes: [note]) }
        let plan = Plan(workspace: "w", endpoint: "e", createdAt: "t", changes: changes, unmanaged: [], warnings: [])
        #expect(PlanRenderer.text(plan, color: false).components(separatedBy: "never compared").count == 2)
        #expect(PlanRenderer.markdown(plan).components(separatedBy: "never compared").count == 2)
        let single = Plan(workspace: "w", endpoint: "e", createdAt: "t", changes: [changes[0]], unmanaged: [], warnings: [])
        #expect(PlanRenderer.text(single, color: false).components(separatedBy: "never compared").count == 2)
    }
}
