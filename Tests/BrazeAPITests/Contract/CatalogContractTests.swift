import BrazeCore
import BrazeAPI
import BrazeSimulator
import Foundation
import Testing
import VirtualTime
import Workspace

private let standardFields = [APIField(name: "id", type: "string"), APIField(name: "Name", type: "string"),
                              APIField(name: "Rating", type: "number")]

/// A catalog draft the simulator must refuse, and the Braze error id it must give.
struct RefusedCatalog: Sendable, CustomTestStringConvertible {
    var draft: CatalogDraft
    var errorID: String
    var maxCatalogs: Int? = nil
    var testDescription: String { errorID }
}

private let long = String(repeating: "a", count: 251)

private let refusedCatalogs: [RefusedCatalog] = [
    RefusedCatalog(draft: CatalogDraft(name: "bad name!", description: "d", fields: standardFields), errorID: "invalid_catalog_name"),
    RefusedCatalog(draft: CatalogDraft(name: long, description: "d", fields: standardFields), errorID: "catalog-name-too-large"),
    RefusedCatalog(draft: CatalogDraft(name: "existing", description: "d", fields: standardFields), errorID: "catalog-name-already-exists"),
    RefusedCatalog(draft: CatalogDraft(name: "c1", description: long, fields: standardFields), errorID: "description-too-long"),
    RefusedCatalog(draft: CatalogDraft(name: "c2", description: "d", fields: [APIField(name: "Name", type: "string"), APIField(name: "id", type: "string")]),
                   errorID: "id-not-first-column"),
    RefusedCatalog(draft: CatalogDraft(name: "c3", description: "d", fields: standardFields + [APIField(name: "Name", type: "number")]),
                   errorID: "field-names-not-unique"),
    RefusedCatalog(draft: CatalogDraft(name: "c4", description: "d", fields: standardFields + [APIField(name: long, type: "string")]),
                   errorID: "field-names-too-large"),
    RefusedCatalog(draft: CatalogDraft(name: "c5", description: "d", fields: standardFields + [APIField(name: "bad.name", type: "string")]),
                   errorID: "invalid-field-names"),
    RefusedCatalog(draft: CatalogDraft(name: "c6", description: "d", fields: standardFields + [APIField(name: "When", type: "date")]),
                   errorID: "invalid-field-types"),
    RefusedCatalog(draft: CatalogDraft(name: "c7", description: "d",
                                       fields: [APIField(name: "id", type: "string")] + (1...30).map { APIField(name: "f\($0)", type: "string") }),
                   errorID: "too-many-fields"),
    RefusedCatalog(draft: CatalogDraft(name: "c8", description: "d", fields: standardFields), errorID: "reached-company-catalogs-limit", maxCatalogs: 1),
]

@Suite("Contract: catalogs and catalog items over loopback HTTP")
struct CatalogContractTests {
    @Test("catalogs: create, list, delete (seed limit of 5 a minute, in virtual time)")
    func catalogLifecycle() async throws {
        try await withContract { c in
            let start = c.time.now()
            var created: [BrazeCatalog] = []
            for n in 0..<6 {
                created.append(try await c.client.createCatalog(CatalogDraft(name: "cat_\(n)", description: "Catalog \(n)", fields: standardFields)))
            }
            #expect(created.map(\.name) == (0..<6).map { "cat_\($0)" })
            #expect(created[0].fields == standardFields)
            #expect(await c.simulator.catalogNames() == (0..<6).map { "cat_\($0)" })
            #expect(await c.simulator.catalogFields("cat_0")?.map { $0.0 } == ["id", "Name", "Rating"])

            let listed = try await c.client.listCatalogs()
            #expect(listed.map(\.name) == (0..<6).map { "cat_\($0)" })
            #expect(listed.first?.description == "Catalog 0")
            #expect(listed.first?.numItems == 0)

            try await c.client.deleteCatalog(name: "cat_3")
            #expect(await c.simulator.catalogNames() == ["cat_0", "cat_1", "cat_2", "cat_4", "cat_5"])
            // Eight calls of a 5-a-minute group need a second window; none got a 429.
            #expect(c.elapsed(since: start) > 0)
            #expect(await c.simulator.loggedRequests().allSatisfy { $0.status != 429 })

            let missing = await apiError { try await c.client.deleteCatalog(name: "cat_3") }
            #expect(missing?.isRejected == true)
            #expect(missing?.status == 404)
            #expect(missing?.errorIDs == ["catalog-not-found"])
            #expect(missing?.isNotFound == true)
        }
    }

    @Test("catalogs: every creation error reachable through the client is .rejected with Braze's id", arguments: refusedCatalogs)
    func catalogValidation(_ refused: RefusedCatalog) async throws {
        try await withContract { c in
            await c.simulator.seedCatalog("existing")
            await c.simulator.setCatalogLimit(refused.maxCatalogs)
            let error = await apiError { _ = try await c.client.createCatalog(refused.draft) }
            #expect(error?.isRejected == true)
            #expect(error?.status == 400)
            #expect(error?.errorIDs.contains(refused.errorID) == true, "\(String(describing: error))")
            #expect(error?.category == .failed)
            #expect(await c.simulator.catalogNames() == ["existing"])
        }
    }

    @Test("catalogs: the request-shape errors the typed client cannot produce decode to Braze's ids")
    func catalogShapeErrors() async throws {
        try await withContract { c in
            let transport = AsyncHTTPClientTransport()
            let bodies: [(String, String)] = [
                (#"{"catalogs": "nope"}"#, "catalog-array-invalid"),
                (#"{"catalogs": [{"name": "a", "description": "d", "fields": [{"name": "id", "type": "string"}]}, {"name": "b", "description": "d", "fields": [{"name": "id", "type": "string"}]}]}"#,
                 "too-many-catalog-atoms"),
                (#"{"catalogs": [{"name": "a", "description": "d", "fields": "id"}]}"#, "invalid-fields"),
            ]
            for (body, id) in bodies {
                let response = try await transport.send(TransportRequest(
                    method: .post, url: URL(string: c.baseURL + "/catalogs")!,
                    headers: [("Authorization", "Bearer \(SimulatorConfiguration.defaultAPIKey)"), ("Content-Type", "application/json")],
                    body: Data(body.utf8)))
                #expect(response.status == 400)
                #expect(BrazeErrorBody.decode(response.body).ids == [id])
            }
            try await transport.shutdown()
        }
    }

    @Test("catalog items: list follows Link cursors across more than 50 items")
    func itemListing() async throws {
        try await withContract { c in
            await c.simulator.seedCatalog("shop")
            await c.simulator.seedCatalogItems("shop", count: 137, prefix: "sku")
            await c.simulator.clearRequestLog()
            let items = try await c.client.listCatalogItems(catalog: "shop")
            #expect(items.count == 137)
            #expect(items.map(\.id).sorted() == (await c.simulator.catalogItemIDs("shop") ?? []))
            #expect(items.first { $0.id == "sku-007" }?.values["Name"] == APIJSON.string("Item 7"))
            #expect(items.first { $0.id == "sku-007" }?.values["Rating"] == APIJSON.number(7))
            let log = await c.simulator.loggedRequests()
            #expect(log.count == 3)
            #expect(log.first?.query == "")
            #expect(log.dropFirst().allSatisfy { $0.query.hasPrefix("cursor=") })
            #expect(Set(log.map(\.query)).count == 3)
        }
    }

    @Test("catalog items: bulk create, replace, delete are applied after the simulator's delay (virtual time)")
    func bulkItems() async throws {
        try await withContract(itemWriteDelay: 5) { c in
            await c.simulator.seedCatalog("shop")
            let items = (0..<120).map { n in
                BrazeCatalogItem(id: "p-\(n)", values: ["Name": .string("Product \(n)"), "Rating": .number(Double(n))])
            }
            await c.simulator.clearRequestLog()
            try await c.client.createCatalogItems(catalog: "shop", items: items)
            let posts = await c.simulator.loggedRequests().filter { $0.method == "POST" }
            #expect(posts.map(\.status) == [202, 202, 202])   // 50 + 50 + 20
            // Accepted, not visible yet.
            #expect(await c.simulator.catalogItemIDs("shop") == [])
            try await c.time.sleep(seconds: 5)
            #expect(await c.simulator.catalogItemIDs("shop")?.count == 120)
            #expect(await c.simulator.catalogItemString("shop", "p-42", "Name") == "Product 42")

            let replaced = items.prefix(60).map { BrazeCatalogItem(id: $0.id, values: ["Name": .string("New \($0.id)"), "Rating": .number(1)]) }
            try await c.client.replaceCatalogItems(catalog: "shop", items: Array(replaced))
            #expect(await c.simulator.catalogItemString("shop", "p-42", "Name") == "Product 42")
            try await c.time.sleep(seconds: 5)
            #expect(await c.simulator.catalogItemString("shop", "p-42", "Name") == "New p-42")
            #expect(await c.simulator.catalogItemNumber("shop", "p-42", "Rating") == 1)

            try await c.client.editCatalogItems(catalog: "shop", items: [BrazeCatalogItem(id: "p-100", values: ["Rating": .number(99)])])
            try await c.client.deleteCatalogItems(catalog: "shop", ids: (0..<70).map { "p-\($0)" })
            try await c.time.sleep(seconds: 5)
            #expect(await c.simulator.catalogItemIDs("shop")?.count == 50)
            #expect(await c.simulator.catalogItemNumber("shop", "p-100", "Rating") == 99)
            #expect(await c.simulator.catalogItemString("shop", "p-100", "Name") == "Product 100")
            let answer5 = try await c.client.listCatalogItems(catalog: "shop")
            #expect(answer5.count == 50)

            // The client's own refusals never reach the wire.
            let duplicate = await apiError { try await c.client.createCatalogItems(catalog: "shop", items: [items[0], items[0]]) }
            if case .invalidRequest? = duplicate {} else { Issue.record("expected invalidRequest, got \(String(describing: duplicate))") }
            // An unknown catalog is refused with Braze's id.
            let unknown = await apiError { try await c.client.createCatalogItems(catalog: "nope", items: [items[0]]) }
            #expect(unknown?.errorIDs == ["catalog-not-found"])
        }
    }

    @Test("catalog items: single-item get, create, replace, edit, delete, unknown id")
    func singleItems() async throws {
        try await withContract { c in
            await c.simulator.seedCatalog("shop")
            try await c.client.createCatalogItem(catalog: "shop", item: BrazeCatalogItem(id: "one", values: ["Name": .string("One"), "Rating": .number(1)]))
            #expect(await c.simulator.catalogItemString("shop", "one", "Name") == "One")
            let fetched = try #require(try await c.client.catalogItem(catalog: "shop", id: "one"))
            #expect(fetched.id == "one")
            #expect(fetched.values["Name"] == APIJSON.string("One"))
            #expect(fetched.values["Rating"] == APIJSON.number(1))

            try await c.client.replaceCatalogItem(catalog: "shop", item: BrazeCatalogItem(id: "one", values: ["Name": .string("Uno"), "Rating": .number(2)]))
            #expect(await c.simulator.catalogItemString("shop", "one", "Name") == "Uno")
            try await c.client.editCatalogItem(catalog: "shop", item: BrazeCatalogItem(id: "one", values: ["Rating": .number(3)]))
            #expect(await c.simulator.catalogItemNumber("shop", "one", "Rating") == 3)
            #expect(await c.simulator.catalogItemString("shop", "one", "Name") == "Uno")
            // PUT creates a missing item.
            try await c.client.replaceCatalogItem(catalog: "shop", item: BrazeCatalogItem(id: "two", values: ["Name": .string("Two"), "Rating": .number(2)]))
            #expect(await c.simulator.catalogItemIDs("shop") == ["one", "two"])

            try await c.client.deleteCatalogItem(catalog: "shop", id: "one")
            #expect(await c.simulator.catalogItemIDs("shop") == ["two"])
            let answer6 = try await c.client.catalogItem(catalog: "shop", id: "one")
            #expect(answer6 == nil)
            let missing = await apiError { try await c.client.deleteCatalogItem(catalog: "shop", id: "one") }
            #expect(missing?.errorIDs == ["item-not-found"])
            // An unknown catalog is an error, not "no such item".
            let noCatalog = await apiError { _ = try await c.client.catalogItem(catalog: "nope", id: "one") }
            #expect(noCatalog?.errorIDs == ["catalog-not-found"])
            let badField = await apiError {
                try await c.client.createCatalogItem(catalog: "shop", item: BrazeCatalogItem(id: "three", values: ["Colour": .string("red")]))
            }
            #expect(badField?.isRejected == true)
        }
    }

    @Test("catalog items: Link paging through the sandbox's in-process transport (no Host header)")
    func itemListingInProcess() async throws {
        let time = VirtualTimeSource()
        let simulator = SimulatedWorkspace(configuration: simulatorConfiguration(limits: SimLimits.seed), timeSource: time)
        await simulator.seedCatalog("shop")
        await simulator.seedCatalogItems("shop", count: 75, prefix: "sku")
        // The production transport of the embedded sandbox: no Host header.
        let client = BrazeClient(endpoint: try BrazeEndpoint(url: "http://127.0.0.1"), apiKey: try BrazeAPIKey(secret: SimulatorConfiguration.defaultAPIKey),
                                 transport: SimulatorTransport(simulator), timeSource: time, retryPolicy: contractPolicy())
        // Without a Host header the simulator's Link is relative; the client resolves it against its own URL.
        let items = try await client.listCatalogItems(catalog: "shop")
        #expect(items.count == 75)
    }
}

@Suite("Contract: catalog fields over loopback HTTP (current API)")
struct CatalogFieldContractTests {
    @Test("fields: added and removed in place (202, shown after the write delay), values of other fields kept")
    func addAndRemoveFields() async throws {
        try await withContract(itemWriteDelay: 2) { c in
            await c.simulator.seedCatalog("menu")
            await c.simulator.seedCatalogItems("menu", count: 3, prefix: "m")
            try await c.client.createCatalogFields(catalog: "menu", fields: [APIField(name: "City", type: "string")])
            // Accepted, not applied yet: the list still shows the old fields.
            #expect(try await c.client.listCatalogs().first?.fields.map(\.name) == ["id", "Name", "Rating"])
            c.time.advance(by: 2)
            let listed = try await c.client.listCatalogs().first
            #expect(listed?.fields.map(\.name) == ["id", "Name", "Rating", "City"])
            #expect(listed?.numItems == 3)
            #expect(await c.simulator.catalogItemString("menu", "m-001", "Name") == "Item 1")

            try await c.client.deleteCatalogField(catalog: "menu", field: "Rating")
            c.time.advance(by: 2)
            #expect(try await c.client.listCatalogs().first?.fields.map(\.name) == ["id", "Name", "City"])
            #expect(await c.simulator.catalogItemNumber("menu", "m-001", "Rating") == nil)
            #expect(await c.simulator.catalogItemString("menu", "m-001", "Name") == "Item 1")
            let requests = await c.simulator.loggedRequests().filter { $0.path.contains("/fields") }
            #expect(requests.map { "\($0.method) \($0.path) \($0.status)" } == ["POST /catalogs/menu/fields 202", "DELETE /catalogs/menu/fields/Rating 202"])
        }
    }

    @Test("fields: at most 50 a request, so 60 fields are two calls")
    func fieldsAreBatchedByFifty() async throws {
        try await withContract { c in
            await c.simulator.updateConfiguration { $0.maxCatalogFields = 500 }
            await c.simulator.seedCatalog("wide")
            try await c.client.createCatalogFields(catalog: "wide", fields: (1...60).map { APIField(name: "f\($0)", type: "string") })
            let posts = await c.simulator.loggedRequests().filter { $0.method == "POST" && $0.path == "/catalogs/wide/fields" }
            #expect(posts.map(\.status) == [202, 202])
            c.time.advance(by: 1)
            #expect(await c.simulator.catalogFields("wide")?.count == 63)
            // The simulator itself refuses 51 in one request, as Braze does.
            let body: JSONValue = ["fields": .array((1...51).map { ["name": .string("g\($0)"), "type": "string"] })]
            let refused = await c.simulator.direct("POST", "/catalogs/wide/fields", body)
            #expect(refused.status == 400)
            #expect(refused.bodyText.contains("\"request-includes-too-many-fields\""))
        }
    }

    @Test("fields: errors in the catalog error shape, .rejected with Braze's id")
    func fieldErrors() async throws {
        try await withContract { c in
            await c.simulator.seedCatalog("menu")
            let missingCatalog = await apiError { try await c.client.createCatalogFields(catalog: "nope", fields: [APIField(name: "City", type: "string")]) }
            #expect(missingCatalog?.status == 404)
            #expect(missingCatalog?.errorIDs == ["catalog-not-found"])
            let duplicate = await apiError { try await c.client.createCatalogFields(catalog: "menu", fields: [APIField(name: "Name", type: "string")]) }
            #expect(duplicate?.isRejected == true)
            #expect(duplicate?.errorIDs == ["field-names-not-unique"])
            let badType = await apiError { try await c.client.createCatalogFields(catalog: "menu", fields: [APIField(name: "When", type: "date")]) }
            #expect(badType?.errorIDs == ["invalid-field-types"])
            let tooMany = await apiError {
                try await c.client.createCatalogFields(catalog: "menu", fields: (1...28).map { APIField(name: "f\($0)", type: "string") })
            }
            #expect(tooMany?.errorIDs == ["catalog-exceeds-fields-limit"])
            let missingField = await apiError { try await c.client.deleteCatalogField(catalog: "menu", field: "Nope") }
            #expect(missingField?.status == 404)
            #expect(missingField?.errorIDs == ["field-not-found"])
        }
    }

    @Test("fields: their own rate-limit group of 50 a minute, apart from catalog management's 5")
    func fieldsHaveTheirOwnRateLimit() async throws {
        try await withContract { c in
            await c.simulator.updateConfiguration { $0.maxCatalogFields = 500 }
            await c.simulator.seedCatalog("menu")
            let start = c.time.now()
            for n in 0..<50 { try await c.client.createCatalogFields(catalog: "menu", fields: [APIField(name: "f\(n)", type: "string")]) }
            // Fifty field calls fit one window; a catalog management call is still available.
            #expect(c.elapsed(since: start) == 0)
            _ = try await c.client.listCatalogs()
            #expect(c.elapsed(since: start) == 0)
            try await c.client.createCatalogFields(catalog: "menu", fields: [APIField(name: "late", type: "string")])
            #expect(c.elapsed(since: start) > 0)
            let requests = await c.simulator.loggedRequests()
            #expect(requests.allSatisfy { $0.status != 429 })
            #expect(requests.last?.path == "/catalogs/menu/fields")
        }
    }
}
