import BrazeCore
import BrazeAPI
import Foundation
import Testing
@testable import Engine
import Manifest

/// Planning is pure: a project and a live state in, a plan out. These tests build
/// both by hand, without any network.
@Suite struct PlannerTests {
    static func project(_ files: [String: String], file: String = "version: 1\nmanifests: [m]\nworkspaces: {s: {sandbox: true}}\n") throws -> Project {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("planner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var all = files
        all["brazeform.yaml"] = file
        for (path, text) in all {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let result = ProjectLoader(directory: root.path).load()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        return try #require(result.project)
    }

    static let catalogManifest = """
    kind: catalog
    name: products
    description: Products
    fields: [{name: id, type: string}, {name: Price, type: number}, {name: At, type: time}]
    items: {file: items.csv}
    """

    static func csv(_ count: Int, price: (Int) -> String = { "\($0)" }) -> String {
        "id,Price,At\n" + (0..<count).map { "p\($0),\(price($0)),2025-01-01T10:00:00+01:00" }.joined(separator: "\n") + "\n"
    }

    static func liveCatalog(items: [BrazeCatalogItem]) -> LiveState {
        var live = LiveState()
        live.catalogs["products"] = BrazeCatalog(name: "products", description: "Products",
                                                     fields: [.init(name: "id", type: "string"), .init(name: "Price", type: "number"), .init(name: "At", type: "time")],
                                                     numItems: items.count)
        live.catalogItems["products"] = items
        return live
    }

    static func liveItem(_ i: Int, price: Double? = nil) -> BrazeCatalogItem {
        // Braze reads times back in UTC with milliseconds, and numbers as numbers.
        BrazeCatalogItem(id: "p\(i)", values: ["Price": .number(price ?? Double(i)), "At": .string("2025-01-01T09:00:00.000Z")])
    }

    /// A reference typo names the close match among declared and live names.
    @Test func aMisspeltReferenceSuggestsTheCloseName() throws {
        let project = try Self.project([
            "m/t.yaml": "kind: email_template\nname: t\nsubject: s\nbody: \"{{content_blocks.${promo_baner}}}\"\n",
        ])
        var live = LiveState()
        live.contentBlocks["promo_banner"] = .init(id: "cb-1", name: "promo_banner", detail: nil)
        live.contentBlocks["promo_banner_old"] = .init(id: "cb-2", name: "promo_banner_old", detail: nil)
        #expect(throws: PlanningError.self) { try Planner(project: project, live: LiveState(), endpoint: "test").plan() }
        do {
            var empty = LiveState()
            empty.contentBlocks["footer"] = .init(id: "cb-3", name: "footer", detail: nil)
            _ = try Planner(project: project, live: empty, endpoint: "test").plan()
        } catch let error as PlanningError {
            #expect(!error.description.contains("did you mean"), "\(error)")
        }
        // With the right block live the reference resolves; with a near miss the error suggests it.
        live.contentBlocks["promo_baner"] = nil
        let project2 = try Self.project([
            "m/t.yaml": "kind: email_template\nname: t\nsubject: s\nbody: \"{{content_blocks.${promo_banr}}}\"\n",
        ])
        do {
            _ = try Planner(project: project2, live: live, endpoint: "test").plan()
            Issue.record("a reference to a missing block planned")
        } catch let error as PlanningError {
            #expect(error.description.contains("refers to content block 'promo_banr' (did you mean 'promo_banner'?)"), "\(error)")
        }
    }

    @Test func emptyWorkspaceCreatesEverythingLeafFirst() throws {
        let project = try Self.project([
            "m/a.yaml": """
            kind: email_template
            name: t
            subject: s
            body: "{{content_blocks.${outer}}}"
            ---
            kind: content_block
            name: outer
            content: "{{content_blocks.${inner}}}"
            ---
            kind: content_block
            name: inner
            content: x
            """,
        ])
        let plan = try Planner(project: project, live: LiveState(), endpoint: "test").plan()
        #expect(plan.changes.map(\.id) == ["content_block.inner", "content_block.outer", "email_template.t"])
        #expect(plan.changes.map(\.action) == [.create, .create, .create])
        #expect(plan.changes[1].dependsOn == ["content_block.inner"])
        #expect(plan.changes[2].dependsOn == ["content_block.outer"])
        #expect(plan.summary == PlanSummary(create: 3, update: 0, delete: 0, replace: 0))
    }

    @Test func itemsDiffByIDInBatchesOfFifty() throws {
        let project = try Self.project(["m/c.yaml": Self.catalogManifest, "m/items.csv": Self.csv(180, price: { $0 < 10 ? "\($0 + 1000)" : "\($0)" })])
        // Live: p0..p149 plus 30 items the manifest no longer has; p0..p9 have other prices.
        var items = (0..<150).map { Self.liveItem($0) }
        items += (500..<530).map { Self.liveItem($0) }
        let plan = try Planner(project: project, live: Self.liveCatalog(items: items), endpoint: "test").plan()
        let change = try #require(plan.changes.first)
        #expect(plan.changes.count == 1)
        #expect(change.kind == .catalogItems && change.action == .update)
        #expect(change.items == ItemCounts(create: 30, update: 10, delete: 30, live: 180))
        // ceil(30/50) + ceil(30/50) + ceil(10/50) calls: one per action.
        #expect(change.calls.map(\.method) == ["DELETE", "POST", "PUT"])
        #expect(change.isDestructive)
    }

    @Test func timesAndNumbersCompareByMeaning() throws {
        let project = try Self.project(["m/c.yaml": Self.catalogManifest, "m/items.csv": Self.csv(120, price: { "\($0).0" })])
        let plan = try Planner(project: project, live: Self.liveCatalog(items: (0..<120).map { Self.liveItem($0) }), endpoint: "test").plan()
        #expect(plan.isEmpty, "10:00+01:00 is 09:00Z and 5.0 is 5: \(plan.changes.map(\.id))")
    }

    @Test func largeCatalogsAreWrittenInCeilNOverFiftyCalls() throws {
        let project = try Self.project(["m/c.yaml": Self.catalogManifest, "m/items.csv": Self.csv(1_234)])
        let plan = try Planner(project: project, live: LiveState(), endpoint: "test").plan()
        #expect(plan.changes.map(\.id) == ["catalog.products", "catalog_items.products"])
        #expect(plan.changes[1].calls.count == 25)
        #expect(plan.changes[1].dependsOn == ["catalog.products"])
    }

    @Test func deletingMoreThanAQuarterOfACatalogIsAWarning() throws {
        let project = try Self.project(["m/c.yaml": Self.catalogManifest, "m/items.csv": Self.csv(70)])
        let plan = try Planner(project: project, live: Self.liveCatalog(items: (0..<100).map { Self.liveItem($0) }), endpoint: "test").plan()
        #expect(plan.warnings.contains { $0.contains("deletes 30 of its 100 live items (30%)") })
    }

    @Test func aChangedFieldTypeChangesTheCatalogInPlaceAndReloadsThatColumn() throws {
        // SPEC §5: fields change in place; the catalog is never deleted for a field change.
        let project = try Self.project(["m/c.yaml": Self.catalogManifest.replacingOccurrences(of: "{name: Price, type: number}", with: "{name: Price, type: string}"),
                                        "m/items.csv": Self.csv(3)])
        let plan = try Planner(project: project, live: Self.liveCatalog(items: (0..<3).map { Self.liveItem($0) }), endpoint: "test").plan()
        #expect(plan.changes.map(\.id) == ["catalog.products", "catalog_items.products"])
        #expect(plan.changes[0].action == .update)
        #expect(!plan.changes[0].calls.contains { $0.path == "/catalogs/products" })
        #expect(plan.changes[0].fieldChanges.map(\.field) == ["field Price"])
        #expect(plan.changes[1].items?.update == 3)
    }

    @Test func whatBrazeRewritesIsNotAChange() throws {
        let project = try Self.project([
            "m/a.yaml": "kind: content_block\nname: f\ncontent: \"<a href='https://x.com/?a=1'>{{content_blocks.${g}}}</a> {{ ${first_name} }}\"\ntags: [b, a]\n---\nkind: content_block\nname: g\ncontent: y\n",
        ])
        var live = LiveState()
        live.contentBlocks["f"] = .init(id: "1", name: "f", detail: BrazeContentBlock(
            id: "1", name: "f", content: "<a href='https://x.com/?a=1&lid=abc123'>{{content_blocks.${g} | id: 'cb7'}}</a> {{${first_name}}}", description: "", tags: ["a", "b"]))
        live.contentBlocks["g"] = .init(id: "2", name: "g", detail: BrazeContentBlock(id: "2", name: "g", content: "y", description: "", tags: []))
        let plan = try Planner(project: project, live: live, endpoint: "test").plan()
        #expect(plan.isEmpty)
        #expect(plan.warnings.count == 1 && plan.warnings[0].contains("only by what Braze rewrites"))
    }

    @Test func realDifferencesAreUpdatesWithFieldDiffs() throws {
        let project = try Self.project(["m/a.yaml": "kind: content_block\nname: f\ndescription: new\ncontent: \"line 1\\nline 2\\n\"\n"])
        var live = LiveState()
        live.contentBlocks["f"] = .init(id: "cb-1", name: "f", detail: BrazeContentBlock(id: "cb-1", name: "f", content: "line 1\nold\n", description: "old"))
        let plan = try Planner(project: project, live: live, endpoint: "test").plan()
        let change = try #require(plan.changes.first)
        #expect(change.action == .update)
        #expect(change.fieldChanges.map(\.field) == ["content", "description"])
        #expect(change.fieldChanges[0].isText)
        guard case .updateContentBlock(let id, let payload) = change.calls[0].operation else { Issue.record("not an update"); return }
        #expect(id == "cb-1")
        #expect(payload.state == .active, "state is always sent: an update without it would reset a draft to active")
        #expect(change.liveDigest != nil)
    }

    @Test func unmanagedAreReportedIgnoredOrPruned() throws {
        let file = "version: 1\nmanifests: [m]\nprune: true\nworkspaces: {s: {sandbox: true}}\nignore: {content_block: ['legacy_*'], catalog: [keep]}\n"
        let project = try Self.project(["m/a.yaml": "kind: content_block\nname: mine\ncontent: x\n"], file: file)
        var live = LiveState()
        live.contentBlocks["mine"] = .init(id: "1", name: "mine", detail: BrazeContentBlock(id: "1", name: "mine", content: "x", description: ""))
        live.contentBlocks["legacy_promo"] = .init(id: "2", name: "legacy_promo", detail: nil)
        live.contentBlocks["other"] = .init(id: "3", name: "other", detail: nil)
        live.catalogs["old"] = BrazeCatalog(name: "old", description: "", fields: [.init(name: "id", type: "string")], numItems: 7)
        live.catalogs["keep"] = BrazeCatalog(name: "keep", description: "", fields: [.init(name: "id", type: "string")], numItems: 1)
        let plan = try Planner(project: project, live: live, endpoint: "test").plan()
        // The pruned catalog is reported once, as the delete it is, not also as unmanaged.
        #expect(plan.unmanaged.map { "\($0.kind.rawValue).\($0.name)" } == ["content_block.other"])
        #expect(plan.changes.map(\.id) == ["catalog.old"])
        #expect(plan.changes[0].action == .delete && plan.changes[0].isDestructive)
    }

    @Test func unmanagedCatalogsAreNotDeletedWithoutPrune() throws {
        let project = try Self.project(["m/a.yaml": "kind: content_block\nname: mine\ncontent: x\n"])
        var live = LiveState()
        live.catalogs["old"] = BrazeCatalog(name: "old", description: "", fields: [], numItems: 7)
        let plan = try Planner(project: project, live: live, endpoint: "test").plan()
        #expect(plan.changes.map(\.id) == ["content_block.mine"])
        #expect(plan.unmanaged.count == 1)
    }

    @Test func aReferenceToSomethingNeitherDeclaredNorLiveIsAnError() throws {
        let project = try Self.project(["m/a.yaml": "kind: email_template\nname: t\nsubject: s\nbody: \"{{content_blocks.${ghost}}} {{content_blocks.${live_one}}}\"\n"])
        var live = LiveState()
        live.contentBlocks["live_one"] = .init(id: "1", name: "live_one", detail: nil)
        let error = try #require(throws: PlanningError.self) { try Planner(project: project, live: live, endpoint: "test").plan() }
        #expect(error.invalidManifests)
        #expect(error.messages.count == 1 && error.messages[0].contains("content block 'ghost'"))
    }

    @Test func subscriptionMembersAreSetOnlyWhereTheyDiffer() throws {
        let ids = (0..<60).map { "u\($0)" }
        let project = try Self.project(["m/g.yaml": "kind: subscription_group\nname: news\nid: 6e2d1f0a-0000-4000-8000-000000000001\nchannel: email\nmembers:\n  subscribed: [\(ids.joined(separator: ", "))]\n  unsubscribed: [x]\n"])
        var live = LiveState()
        live.subscriptions["news"] = Dictionary(uniqueKeysWithValues: ids.prefix(5).map { ($0, SubscriptionStatus.subscribed) } + [("x", .subscribed)])
        let plan = try Planner(project: project, live: live, endpoint: "test").plan()
        let change = try #require(plan.changes.first)
        #expect(change.members == MemberCounts(subscribe: 55, unsubscribe: 1))
        #expect(change.calls.count == 3, "55 to subscribe in batches of 50, then 1 to unsubscribe")
    }

    @Test func savedPlansRoundTripAndDetectStaleLiveState() throws {
        let project = try Self.project(["m/a.yaml": "kind: content_block\nname: f\ncontent: new\n"])
        var live = LiveState()
        live.contentBlocks["f"] = .init(id: "cb-1", name: "f", detail: BrazeContentBlock(id: "cb-1", name: "f", content: "old", description: ""))
        let plan = try Planner(project: project, live: live, endpoint: "https://rest.example").plan()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SavedPlan.write(plan, to: path)
        let read = try SavedPlan.read(from: path)
        #expect(read.changes == plan.changes)
        #expect(SavedPlan.staleChanges(read, live: live, project: project).isEmpty)
        live.contentBlocks["f"]?.detail?.content = "changed behind brazeform's back"
        #expect(SavedPlan.staleChanges(read, live: live, project: project).map(\.id) == ["content_block.f"])
    }
}

@Suite struct NormalizationTests {
    @Test func linkIDsIncludeFiltersAndLiquidSpacingAreNoise() {
        #expect(BrazeTextNormalizer.normalize("<a href=\"https://x.com/a?lid=k2j3h4\">") == BrazeTextNormalizer.normalize("<a href=\"https://x.com/a\">"))
        #expect(BrazeTextNormalizer.normalize("<a href=\"https://x.com/a?b=1&lid=k2\">") == BrazeTextNormalizer.normalize("<a href=\"https://x.com/a?b=1\">"))
        #expect(BrazeTextNormalizer.normalize("{{content_blocks.${f} | id: 'cb12'}}") == BrazeTextNormalizer.normalize("{{content_blocks.${f}}}"))
        #expect(BrazeTextNormalizer.normalize("{%  if  x == \"a\" %}") == BrazeTextNormalizer.normalize("{% if x == 'a' %}"))
        #expect(BrazeTextNormalizer.normalize("<p>a</p>") != BrazeTextNormalizer.normalize("<p>b</p>"))
        #expect(BrazeTextNormalizer.normalize("text  with   spaces") != BrazeTextNormalizer.normalize("text with spaces"), "whitespace outside Liquid is content")
    }

    @Test func isoTimesAreWrittenInUTCWithMilliseconds() {
        #expect(ISOTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(ISOTime.format(ISOTime.parse("2024-02-29T23:59:59.5+01:00")!) == "2024-02-29T22:59:59.500Z")
        #expect(ISOTime.format(ISOTime.parse("1969-12-31T23:00:00Z")!) == "1969-12-31T23:00:00.000Z")
    }
}
