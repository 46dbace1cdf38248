import BrazeAPI
import Foundation
import Testing
@testable import Engine

@Suite("Render: plan renderers")
struct PlanRendererTests {
    // MARK: golden files

    @Test func fullPlanText() {
        Golden.check(PlanRenderer.text(PlanFixtures.full, color: false), "full.txt")
    }

    @Test func fullPlanColouredText() {
        Golden.check(PlanRenderer.text(PlanFixtures.full, color: true), "full.color.txt")
    }

    @Test func fullPlanJSON() {
        Golden.check(PlanRenderer.json(PlanFixtures.full), "full.json")
    }

    @Test func fullPlanMarkdown() {
        Golden.check(PlanRenderer.markdown(PlanFixtures.full), "full.md")
    }

    @Test func emptyPlan() {
        Golden.check(PlanRenderer.text(PlanFixtures.empty, color: false), "empty.txt")
        Golden.check(PlanRenderer.json(PlanFixtures.empty), "empty.json")
        Golden.check(PlanRenderer.markdown(PlanFixtures.empty), "empty.md")
    }

    // MARK: text

    @Test func textWithoutColourHasNoEscapeCodes() {
        let text = PlanRenderer.text(PlanFixtures.full, color: false)
        #expect(!text.contains("\u{1B}"))
        // The ESC in a live description prints as a symbol.
        #expect(text.contains("\\u{1b}[31m"))
        #expect(PlanRenderer.text(PlanFixtures.full, color: true).contains("\u{1B}[32m+\u{1B}[0m"))
    }

    @Test func textEndsWithThePlanLine() {
        let lines = PlanRenderer.text(PlanFixtures.full, color: false).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "Plan: 3 to create, 5 to update, 1 to delete, 1 to replace. Catalog items: 1,202 to create, 5 to update, 1 to delete.")
        #expect(lines.contains("-/+ catalog.legacy_prices"))
        #expect(lines.contains("  + catalog_items.products (1,200 to create, 0 to update, 0 to delete of 0 live)"))
        #expect(lines.contains("  ~ subscription_group.newsletter (subscribe 3, unsubscribe 1)"))
        #expect(lines.contains("      + content:"))
    }

    @Test func planFromTheSnapshotSaysWhichCatalogsAndFromWhen() throws {
        let plan = PlanFixtures.emptyFromSnapshot
        Golden.check(PlanRenderer.text(plan, color: false), "from-snapshot.txt")
        Golden.check(PlanRenderer.json(plan), "from-snapshot.json")
        Golden.check(PlanRenderer.markdown(plan), "from-snapshot.md")

        let snapshotLine = "Items of catalog 'prices' (100,000) from the snapshot of 2026-11-24T23:10:00Z"
        #expect(PlanRenderer.markdown(plan).contains(snapshotLine), "a reviewer of the PR comment sees the items were not read")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(PlanRenderer.json(plan).utf8)) as? [String: Any])
        let reading = try #require(object["item_reading"] as? [String: Any])
        let fromSnapshot = try #require(reading["from_snapshot"] as? [[String: Any]])
        #expect(fromSnapshot.count == 1)
        #expect(fromSnapshot.first?["catalog"] as? String == "prices")
        #expect(fromSnapshot.first?["items"] as? Int == 100_000)
        #expect(fromSnapshot.first?["saved_at"] as? String == "2026-11-24T23:10:00Z")
        let pages = try #require(reading["pages"] as? [String: Any])
        #expect(pages["pages"] as? Int == 3 && pages["limit"] as? Int == 50 && pages["window_seconds"] as? Double == 60)

        // A plan that read no catalog items says so with null, in JSON, and nothing in markdown.
        let empty = try #require(try JSONSerialization.jsonObject(with: Data(PlanRenderer.json(PlanFixtures.empty).utf8)) as? [String: Any])
        #expect(empty.keys.contains("item_reading") && empty["item_reading"] is NSNull)
        #expect(!PlanRenderer.markdown(PlanFixtures.empty).contains("snapshot"))
    }

    @Test func emptyPlanSaysSo() {
        let lines = PlanRenderer.text(PlanFixtures.empty, color: true).split(separator: "\n")
        #expect(lines.suffix(2) == ["No changes. The workspace matches the manifests.", "Plan: 0 to create, 0 to update, 0 to delete, 0 to replace."])
    }

    @Test func longValuesAreSummarised() {
        #expect(RenderSupport.summary("short") == "\"short\"")
        #expect(RenderSupport.summary(nil) == "(none)")
        #expect(RenderSupport.summary("a\nb\nc\n") == "(3 lines)")
        let long = String(repeating: "x", count: 1_500)
        #expect(RenderSupport.summary(long) == "\"" + String(repeating: "x", count: 60) + "…\" (1,500 characters)")
        let before = String(repeating: "a, ", count: 40) + "end"
        let (old, new) = RenderSupport.summaries(before, before + ", more")
        #expect(old.contains("end") && new.contains("end, more"))
        #expect(RenderSupport.grouped(1_234_567) == "1,234,567" && RenderSupport.grouped(999) == "999")
    }

    // MARK: JSON

    @Test func jsonHasTheSpecFields() throws {
        let json = PlanRenderer.json(PlanFixtures.full)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["format_version"] as? Int == 1)
        #expect(object["workspace"] as? String == "staging")
        #expect(object["endpoint"] as? String == "https://rest.iad-01.braze.com")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["create"] as? Int == 3 && summary["update"] as? Int == 5 && summary["delete"] as? Int == 1 && summary["replace"] as? Int == 1)
        #expect(summary["items"] as? [String: Int] == ["create": 1_202, "update": 5, "delete": 1], "item deletions are counted as deletions")
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.count == 10)
        for change in changes {
            #expect(["create", "update", "delete", "replace"].contains(change["action"] as? String))
            #expect(change["kind"] is String && change["name"] is String)
            #expect(change["calls"] is Int && change["notes"] is [String] && change["depends_on"] is [String])
            #expect(change["field_changes"] is [[String: Any]])
        }
        let items = try #require(changes.first { $0["kind"] as? String == "catalog_items" && $0["name"] as? String == "prices" }?["items"] as? [String: Int])
        #expect(items["create"] == 2 && items["update"] == 5 && items["delete"] == 1 && items["live"] == 40)
        let members = try #require(changes.first { $0["kind"] as? String == "subscription_group" }?["members"] as? [String: Int])
        #expect(members == ["subscribe": 3, "unsubscribe": 1])
        #expect((object["unmanaged"] as? [[String: String]])?.first == ["kind": "content_block", "name": "legacy_banner"])
        #expect((object["warnings"] as? [String])?.count == 3)
        #expect(snakeCaseViolations(object).isEmpty, "\(snakeCaseViolations(object))")
    }

    private func snakeCaseViolations(_ value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, value in
                (key.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } ? [] : [key]) + snakeCaseViolations(value)
            }
        }
        if let array = value as? [Any] { return array.flatMap(snakeCaseViolations) }
        return []
    }

    @Test func jsonCountsCallsWithoutPayloads() throws {
        let items = (0..<100_000).map { BrazeCatalogItem(id: "item-\($0)", values: ["name": .string("payload-\($0)")]) }
        let calls = stride(from: 0, to: items.count, by: 50).map { APIOperation.createCatalogItems(catalog: "big", items: Array(items[$0..<$0 + 50])) }
        let plan = Plan(workspace: "w", endpoint: "e", createdAt: "t",
                        changes: [PlanFixtures.change(.create, .catalogItems, "big", items: ItemCounts(create: 100_000, update: 0, delete: 0, live: 0), calls: calls)],
                        unmanaged: [], warnings: [])
        let json = PlanRenderer.json(plan)
        #expect(json.utf8.count < 2_000)
        #expect(!json.contains("payload-"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["changes"] as? [[String: Any]])?.first?["calls"] as? Int == 2_000)
    }

    // MARK: markdown

    @Test func markdownStartsWithTheSummary() {
        let markdown = PlanRenderer.markdown(PlanFixtures.full)
        let lines = markdown.split(separator: "\n").prefix(6)
        #expect(lines.contains("**Plan: 3 to create, 5 to update, 1 to delete, 1 to replace. Catalog items: 1,202 to create, 5 to update, 1 to delete.**"))
        #expect(lines.contains("| 3 | 5 | 1 | 1 |"))
        #expect(markdown.contains("##### `-/+ catalog.legacy_prices`"))
        #expect(markdown.contains("```diff\n@@ -1,6 +1,6 @@"))
        #expect(!markdown.contains("\u{1B}"))
    }

    @Test func hugeMarkdownStaysUnderTheLimitAndSaysWhatItLeftOut() {
        let before = PlanFixtures.numbered(1...500, "old line")
        let after = PlanFixtures.numbered(1...500, "new line")
        let changes = (0..<5_000).map { i in
            PlanFixtures.change(.update, .contentBlock, "block_\(i)",
                                fields: [FieldChange(field: "content", before: before, after: after, isText: true),
                                         FieldChange(field: "description", before: "old", after: "new")],
                                notes: ["note \(i)"])
        }
        let plan = Plan(workspace: "big", endpoint: "https://rest.iad-01.braze.com", createdAt: "t", changes: changes,
                        unmanaged: (0..<5_000).map { UnmanagedResource(kind: .emailTemplate, name: "template_\($0)") },
                        warnings: (0..<500).map { "warning \($0): " + String(repeating: "w", count: 2_000) })
        let markdown = PlanRenderer.markdown(plan)
        #expect(markdown.count < 65_000)
        #expect(markdown.utf8.count < 65_000)
        #expect(markdown.contains("**Plan: 0 to create, 5000 to update, 0 to delete, 0 to replace.**"))
        #expect(markdown.contains("more lines not shown; run brazeform plan locally for the full diff"))
        // A few changes in full, more compactly, then many more one line each.
        #expect(markdown.components(separatedBy: "\n##### `~ content_block.block_").count > 10)
        #expect(markdown.components(separatedBy: "\n- `~ content_block.block_").count > 100)
        #expect(markdown.contains(" more changes not shown; run brazeform plan locally"))
        #expect(markdown.contains("more warnings"))
    }

    @Test func oneHugeChangeStillFits() {
        let huge = (0..<500).map { "<p>" + String(repeating: "z", count: 1_000) + " \($0)</p>" }.joined(separator: "\n")
        let edited = huge + "\nextra"
        let fields = (0..<40).map { FieldChange(field: "field_\($0)", before: huge, after: edited, isText: true) }
        let plan = Plan(workspace: "w", endpoint: "e", createdAt: "t",
                        changes: [PlanFixtures.change(.update, .emailTemplate, "giant", fields: fields)], unmanaged: [], warnings: [])
        let markdown = PlanRenderer.markdown(plan)
        #expect(markdown.utf8.count < 65_000)
        #expect(markdown.contains("email_template.giant"))
    }

    @Test func markdownFencesOutlastBackticksInTheText() {
        let plan = Plan(workspace: "w", endpoint: "e", createdAt: "t",
                        changes: [PlanFixtures.change(.update, .contentBlock, "fenced",
                                                      fields: [FieldChange(field: "content", before: "a\n```\nb\n", after: "a\n````\nb\n", isText: true)])],
                        unmanaged: [], warnings: [])
        let markdown = PlanRenderer.markdown(plan)
        #expect(markdown.contains("`````diff\n@@ -1,3 +1,3 @@\n a\n-```\n+````\n b\n`````"))
    }
}
