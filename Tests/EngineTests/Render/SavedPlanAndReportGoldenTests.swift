import BrazeAPI
import Foundation
import Testing
@testable import Engine

/// The saved-plan format and the apply report, pinned by golden files: a
/// reorganisation of the code must not change either without someone noticing.
@Suite struct SavedPlanAndReportGoldenTests {
    /// One change per kind of call, every payload filled in, items holding every JSON type.
    static var everyCall: Plan {
        let item = BrazeCatalogItem(id: "p-1", values: [
            "name": .string("Tofu \"bowl\" / large"), "price": .number(9.5), "count": .number(3), "vegan": .bool(true),
            "launched_at": .string("2026-03-01T09:00:00.000Z"), "tags": .array([.string("a"), .number(1)]),
            "meta": .object(["k": .string("v"), "n": .null]), "gone": .null,
        ])
        let changes: [Change] = [
            PlanFixtures.change(.update, .subscriptionGroup, "newsletter",
                                fields: [FieldChange(field: "subscribe", before: nil, after: "u-1, u-2")],
                                members: MemberCounts(subscribe: 2, unsubscribe: 1),
                                calls: [.setSubscriptionState(groupID: "6e2d1f0a-0000-4000-8000-000000000001", state: .subscribed, externalIDs: ["u-1", "u-2"]),
                                        .setSubscriptionState(groupID: "6e2d1f0a-0000-4000-8000-000000000001", state: .unsubscribed, externalIDs: ["u-3"])]),
            PlanFixtures.change(.create, .catalog, "menu",
                                fields: [FieldChange(field: "description", before: nil, after: "The menu")],
                                calls: [.createCatalog(CatalogDraft(name: "menu", description: "The menu",
                                                                      fields: [.init(name: "id", type: "string"), .init(name: "price", type: "number")]))]),
            PlanFixtures.change(.update, .catalogItems, "menu", items: ItemCounts(create: 1, update: 1, delete: 1, live: 4),
                                calls: [.deleteCatalogItems(catalog: "menu", ids: ["p-9"]), .createCatalogItems(catalog: "menu", items: [item]),
                                        .replaceCatalogItems(catalog: "menu", items: [item])],
                                dependsOn: ["catalog.menu"]),
            PlanFixtures.change(.create, .contentBlock, "footer",
                                fields: [FieldChange(field: "content", before: nil, after: "<p>bye</p>\n", isText: true)],
                                calls: [.createContentBlock(ContentBlockDraft(name: "footer", description: "Footer", content: "<p>bye</p>\n", state: .active, tags: ["brand"]))]),
            PlanFixtures.change(.update, .contentBlock, "header",
                                calls: [.updateContentBlock(id: "cb-2", ContentBlockDraft(name: "header", description: nil, content: "<h1>hi</h1>", state: .draft, tags: []))],
                                notes: ["Braze does not return a content block's state; `state: draft` is sent, never compared."]),
            PlanFixtures.change(.create, .emailTemplate, "welcome",
                                calls: [.createEmailTemplate(EmailTemplateDraft(name: "welcome", subject: "Hi {{${first_name}}}", body: "<html>{{content_blocks.${footer}}}</html>",
                                                                                  plaintextBody: "Hi", preheader: "Ready", tags: ["onboarding"], shouldInlineCSS: true))],
                                dependsOn: ["content_block.footer"]),
            PlanFixtures.change(.update, .emailTemplate, "goodbye",
                                calls: [.updateEmailTemplate(id: "et-7", EmailTemplateDraft(name: "goodbye", subject: "Bye", body: "<p>bye</p>",
                                                                                              plaintextBody: nil, preheader: nil, tags: nil, shouldInlineCSS: false))]),
            PlanFixtures.change(.create, .preferenceCenter, "prefs",
                                calls: [.createPreferenceCenter(PreferenceCenterDraft(name: "prefs", title: "Prefs", pageHTML: "<form></form>",
                                                                                        confirmationPageHTML: "<p>ok</p>", state: .active, options: ["meta-viewport-content": "width=device-width"]))]),
            PlanFixtures.change(.update, .preferenceCenter, "main",
                                calls: [.updatePreferenceCenter(id: "pc-1", PreferenceCenterDraft(name: "main", title: nil, pageHTML: "<form/>",
                                                                                                    confirmationPageHTML: "<p/>", state: nil, options: nil))]),
            PlanFixtures.change(.delete, .catalog, "old_offers", calls: [.deleteCatalog(name: "old_offers")],
                                notes: ["prune: true and no manifest declares this catalog; its 12 items go with it"]),
        ]
        var plan = Plan(workspace: "staging", endpoint: "https://rest.iad-01.braze.com", createdAt: "2026-11-25T01:00:00.000Z",
                        changes: changes, unmanaged: [UnmanagedResource(kind: .emailTemplate, name: "old_promo")],
                        warnings: ["catalog 'menu': a warning"])
        plan.changes[2].liveDigest = "00112233445566778899aabbccddeeff"
        plan.changes[4].liveDigest = "ffeeddccbbaa99887766554433221100"
        return plan
    }

    /// The committed v1 file decodes to exactly this plan: plans saved by an
    /// older brazeform stay applicable.
    @Test func aCommittedVersion1PlanStillDecodes() throws {
        let path = Golden.directory.appendingPathComponent("saved-plan-v1.json").path
        let plan = try SavedPlan.read(from: path)
        #expect(plan.formatVersion == 1)
        #expect(plan.workspace == "staging")
        #expect(plan.changes == Self.everyCall.changes)
        #expect(plan.unmanaged == Self.everyCall.unmanaged)
        #expect(plan.warnings == Self.everyCall.warnings)
        #expect(plan.callCount == 13)
    }

    /// Format 2 adds item-level detail and value styles, with snake_case keys throughout.
    static var everyCallV2: Plan {
        var plan = everyCall
        plan.changes[2].itemChanges = ItemChanges(create: ["p-1"], update: [ItemUpdate(id: "p-1", fields: [ItemFieldChange(field: "price", before: .number(9), after: .number(9.5))])],
                                                  delete: ["p-9"])
        plan.changes[1].fieldChanges.append(FieldChange(field: "fields", before: nil, after: "id: string, price: number", style: .schema))
        return plan
    }

    /// Writing the same plan gives the same bytes: the format has not moved.
    @Test func savingAPlanWritesTheVersion2Format() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-golden-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SavedPlan.write(Self.everyCallV2, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        Golden.check(text, "saved-plan-v2.json")
        // One key style: no camelCase key anywhere brazeform writes its own names.
        for key in ["fieldChanges", "dependsOn", "liveDigest", "isText", "itemChanges"] { #expect(!text.contains("\"\(key)\"")) }
        let back = try SavedPlan.read(from: path)
        #expect(back.formatVersion == 2)
        #expect(back.changes == Self.everyCallV2.changes)
    }

    @Test func anApplyReportThatFailedSaysWhatLandedFailedAndWasNotAttempted() {
        let plan = Self.everyCall
        let rejected = BrazeAPIError.rejected(status: 400, method: .post, path: "/templates/email/create",
                                              body: BrazeErrorBody(message: "Email must have valid Content Block names"))
        var outcomes = plan.changes.map { ApplyReport.ChangeOutcome(change: $0, calls: $0.calls.map { _ in CallOutcome.notAttempted }) }
        for i in 0...3 { outcomes[i].calls = outcomes[i].calls.map { _ in .landed } }
        outcomes[2].calls[2] = .notAttempted  // stopped part-way
        outcomes[5].calls = [.failed(rejected)]
        let report = ApplyReport(outcomes: outcomes, unconfirmedItemWrites: ["menu"])
        Golden.check(ApplyReportRenderer.text(report), "apply-report-failed.txt")
    }

    /// A live name (a pruned resource) or an error Braze sent may hold terminal controls:
    /// the report shows them as visible symbols, so they cannot clear the screen or forge colours.
    @Test func anApplyReportEscapesControlCharactersInNamesAndErrors() {
        var plan = Self.everyCall
        plan.changes[0].name = "evil\u{1B}[2J\u{9B}31m\u{202E}gnp"
        let rejected = BrazeAPIError.rejected(status: 400, method: .post, path: "/content_blocks/create",
                                              body: BrazeErrorBody(message: "bad \u{1B}]0;title\u{07}name\nnext"))
        var outcomes = plan.changes.map { ApplyReport.ChangeOutcome(change: $0, calls: $0.calls.map { _ in CallOutcome.notAttempted }) }
        outcomes[0].calls = [.failed(rejected)] + outcomes[0].calls.dropFirst()
        let text = ApplyReportRenderer.text(ApplyReport(outcomes: outcomes, unconfirmedItemWrites: [plan.changes[0].name]))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x07 }, "\(text)")
        #expect(text.contains("evil␛[2J\\u{9B}31m\\u{202E}gnp"), "a right-to-left override is shown, not obeyed: \(text)")
        #expect(!text.unicodeScalars.contains { $0.value == 0x202E })
        #expect(text.contains("bad ␛]0;title␇name␊next"), "\(text)")
    }

    @Test func anApplyReportThatSucceededCountsChangesAndCalls() {
        let plan = Self.everyCall
        let outcomes = plan.changes.map { ApplyReport.ChangeOutcome(change: $0, calls: $0.calls.map { _ in CallOutcome.landed }) }
        Golden.check(ApplyReportRenderer.text(ApplyReport(outcomes: outcomes, unconfirmedItemWrites: [])), "apply-report-complete.txt")
    }
}
