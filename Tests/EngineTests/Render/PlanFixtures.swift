import BrazeAPI
import BrazeCore
@testable import Engine

/// Plans built by hand for the renderer tests: every kind and action, text diffs,
/// items, members, notes, unmanaged resources and warnings.
enum PlanFixtures {
    static func change(_ action: Action, _ kind: ChangeKind, _ name: String, fields: [FieldChange] = [],
                       items: ItemCounts? = nil, itemChanges: ItemChanges? = nil, members: MemberCounts? = nil, calls: [APIOperation] = [],
                       dependsOn: [String] = [], notes: [String] = []) -> Change {
        Change(action: action, kind: kind, name: name, fieldChanges: fields, items: items, itemChanges: itemChanges, members: members,
               calls: calls.map(PlannedCall.init), dependsOn: dependsOn, notes: notes, liveDigest: nil)
    }

    static func numbered(_ range: ClosedRange<Int>, _ prefix: String = "line") -> String {
        range.map { "\(prefix) \($0)" }.joined(separator: "\n") + "\n"
    }

    static let footer = """
        <footer>
          <p>{{ company.name }}</p>
          <a href="{{ unsubscribe_url }}">Unsubscribe</a>
        </footer>

        """

    static let welcomeBefore = """
        <html>
        <body>
        <h1>Hello {{ first_name }}</h1>
        <p>Thanks for joining.</p>
        <p>Here is what happens next:</p>
        <ul>
          <li>We send a weekly digest</li>
          <li>You pick your topics</li>
          <li>You can leave at any time</li>
        </ul>
        <p>See you soon,</p>
        <p>The team</p>
        {{content_blocks.${footer}}}
        </body>
        </html>

        """

    static let welcomeAfter = """
        <html>
        <body>
        <h1>Welcome, {{ first_name | default: 'friend' }}</h1>
        <p>Thanks for joining.</p>
        <p>Here is what happens next:</p>
        <ul>
          <li>We send a weekly digest</li>
          <li>You pick your topics</li>
          <li>You can leave at any time</li>
        </ul>
        <p>See you soon,</p>
        <p>The Acme team</p>
        <p>P.S. Reply to this email with questions.</p>
        {{content_blocks.${footer}}}
        </body>
        </html>

        """

    static let stateNote = ContentBlockKind.stateNote

    /// Every kind and action.
    static var full: Plan {
        let changes: [Change] = [
            change(.update, .subscriptionGroup, "newsletter",
                   fields: [FieldChange(field: "subscribe", before: nil, after: "user-1, user-2, user-3"),
                            FieldChange(field: "unsubscribe", before: nil, after: "user-9")],
                   members: MemberCounts(subscribe: 3, unsubscribe: 1),
                   calls: [.setSubscriptionState(groupID: "sg-1", state: .subscribed, externalIDs: ["user-1", "user-2", "user-3"]),
                           .setSubscriptionState(groupID: "sg-1", state: .unsubscribed, externalIDs: ["user-9"])]),
            change(.create, .catalog, "products",
                   fields: [FieldChange(field: "description", before: nil, after: "Everything we sell"),
                            FieldChange(field: "fields", before: nil, after: "id: string, name: string, price: float, in_stock: boolean, launched_at: time", style: .schema)],
                   calls: [.createCatalog(CatalogDraft(name: "products", description: "Everything we sell", fields: []))]),
            change(.create, .catalogItems, "products", items: ItemCounts(create: 1_200, update: 0, delete: 0, live: 0),
                   itemChanges: ItemChanges(create: (1...1_200).map { "product-\($0)" }, update: [], delete: []),
                   calls: [.createCatalogItems(catalog: "products", items: []), .createCatalogItems(catalog: "products", items: []),
                           .createCatalogItems(catalog: "products", items: [])],
                   dependsOn: ["catalog.products"]),
            change(.update, .catalogItems, "prices", items: ItemCounts(create: 2, update: 5, delete: 1, live: 40),
                   itemChanges: ItemChanges(create: ["p-41", "p-42"], update: [
                       ItemUpdate(id: "p-1", fields: [ItemFieldChange(field: "price", before: .number(9.5), after: .number(10))]),
                       ItemUpdate(id: "p-2", fields: [ItemFieldChange(field: "name", before: .string("Tofu"), after: .string("Tofu \"bowl\"")),
                                                      ItemFieldChange(field: "vegan", before: .bool(false), after: .bool(true))]),
                       ItemUpdate(id: "p-3", fields: [ItemFieldChange(field: "tags", before: .array([]), after: .array([.string("new")]))]),
                       ItemUpdate(id: "p-4", fields: [ItemFieldChange(field: "launched_at", before: .null, after: .string("2026-03-01T09:00:00.000Z"))]),
                       ItemUpdate(id: "p-5", fields: [ItemFieldChange(field: "meta", before: .object(["k": .string("v")]), after: .object(["k": .string("w")]))]),
                   ], delete: ["p-7"]),
                   calls: [.deleteCatalogItems(catalog: "prices", ids: ["p-7"]), .createCatalogItems(catalog: "prices", items: []),
                           .replaceCatalogItems(catalog: "prices", items: [])]),
            change(.create, .contentBlock, "footer",
                   fields: [FieldChange(field: "content", before: nil, after: footer, isText: true),
                            FieldChange(field: "description", before: nil, after: "Footer with the unsubscribe link"),
                            FieldChange(field: "tags", before: nil, after: "brand, footer", style: .list)],
                   calls: [.createContentBlock(ContentBlockDraft(name: "footer", description: nil, content: footer, state: .active, tags: nil))],
                   notes: [stateNote]),
            change(.update, .contentBlock, "header",
                   fields: [FieldChange(field: "content", before: "<header>\r\n  Acme\r\n</header>\r\n", after: "<header>\n  Acme\n</header>\n", isText: true),
                            FieldChange(field: "description", before: "Shown on top \u{1B}[31mof every email", after: "Shown on top of every email"),
                            FieldChange(field: "tags", before: "", after: "brand", style: .list)],
                   calls: [.updateContentBlock(id: "cb-2", ContentBlockDraft(name: "header", description: nil, content: "", state: nil, tags: nil))],
                   notes: [stateNote]),
            change(.update, .emailTemplate, "welcome",
                   fields: [FieldChange(field: "subject", before: "Hello!", after: "Welcome to Acme, {{ first_name | default: 'friend' }}"),
                            FieldChange(field: "preheader", before: "Good to see you", after: nil),
                            FieldChange(field: "body", before: welcomeBefore, after: welcomeAfter, isText: true),
                            FieldChange(field: "plaintext_body", before: nil, after: "Welcome!\nThanks for joining.\n", isText: true),
                            FieldChange(field: "tags", before: "onboarding", after: "lifecycle, onboarding", style: .list),
                            FieldChange(field: "should_inline_css", before: "false", after: "true", style: .boolean)],
                   calls: [.updateEmailTemplate(id: "et-1", EmailTemplateDraft(name: "welcome", subject: "", body: ""))],
                   dependsOn: ["content_block.footer"]),
            change(.update, .preferenceCenter, "main",
                   fields: [FieldChange(field: "page_html", before: numbered(1...30), after: numbered(1...30).replacingOccurrences(of: "line 4\n", with: "line four\n")
                                            .replacingOccurrences(of: "line 26\n", with: ""), isText: true),
                            FieldChange(field: "confirmation_page_html", before: numbered(1...40, "row"),
                                        after: numbered(1...9, "row") + numbered(10...20, "ROW") + numbered(21...40, "row"), isText: true),
                            FieldChange(field: "state", before: "draft", after: "active")],
                   calls: [.updatePreferenceCenter(id: "pc-1", PreferenceCenterDraft(name: "main", pageHTML: "", confirmationPageHTML: ""))]),
            change(.replace, .catalog, "legacy_prices",
                   fields: [FieldChange(field: "fields", before: "id: string, sku: string, list_price: float, sale_price: float, currency: string",
                                        after: "id: string, sku: string, list_price: float, sale_price: float, currency: string, region: string", style: .schema)],
                   calls: [.deleteCatalog(name: "legacy_prices"), .createCatalog(CatalogDraft(name: "legacy_prices", description: "", fields: []))],
                   notes: ["Braze cannot change a catalog's fields in place: the catalog is deleted and created again and its items are loaded again"]),
            change(.delete, .catalog, "old_offers", calls: [.deleteCatalog(name: "old_offers")],
                   notes: ["prune: true and no manifest declares this catalog; its 12 items go with it"]),
        ]
        return Plan(workspace: "staging", endpoint: "https://rest.iad-01.braze.com", createdAt: "2026-11-25T01:00:00Z",
                    changes: changes,
                    unmanaged: [UnmanagedResource(kind: .contentBlock, name: "legacy_banner"), UnmanagedResource(kind: .emailTemplate, name: "old_promo")],
                    warnings: ["catalog 'prices': this plan deletes 1 of its 4 live items (25%) — more than a quarter of the catalog",
                               "'welcome': live body differs only by what Braze rewrites by itself (link ids, include filters, Liquid spacing); not a change",
                               "fields named like *_at [time] are compared as <UTC> times & `dates`"])
    }

    static var empty: Plan {
        Plan(workspace: "production", endpoint: "sandbox:.brazeform/sandbox/production.json", createdAt: "2026-11-25T01:00:00Z",
             changes: [], unmanaged: [], warnings: [])
    }

    /// A drift check's plan: nothing to change, one catalog's items from the item snapshot,
    /// another's read page by page.
    static var emptyFromSnapshot: Plan {
        var plan = empty
        plan.reading = PlanReading(fromSnapshot: [.init(catalog: "prices", items: 100_000, savedAt: "2026-11-24T23:10:00Z")],
                                   pages: ItemReading(pages: 3, catalogs: 1, seconds: 0.4, limit: RateLimit(requests: 50, window: 60)))
        return plan
    }
}
