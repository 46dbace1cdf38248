import BrazeAPI
import BrazeSimulator
import Foundation
import Testing
import VirtualTime

@Suite("Contract: faults over loopback HTTP")
struct FaultContractTests {
    @Test("a 429 with Retry-After and X-RateLimit-* headers is waited out in virtual time")
    func injected429() async throws {
        try await withContract { c in
            let id = try #require(await c.simulator.seedContentBlocks(1, prefix: "b").first)
            await c.simulator.inject(Fault.rateLimitBurst(path: "/content_blocks/info", times: 2, retryAfterSeconds: 30))
            await c.simulator.clearRequestLog()
            let start = c.time.now()
            let answer1 = try await c.client.contentBlockInfo(id: id)
            #expect(answer1?.id == id)
            #expect(c.elapsed(since: start) >= 60)
            #expect(c.elapsed(since: start) < 62)
            #expect(await c.simulator.loggedRequests().map(\.status) == [429, 429, 200])
            let waits = c.events.all.compactMap { event -> Double? in
                if case .rateLimited(_, _, _, let seconds) = event { return seconds } else { return nil }
            }
            #expect(waits == [30, 30])
        }
    }

    @Test("a 429 from the simulator's own window (seed limits) is honoured, then the call succeeds")
    func window429() async throws {
        try await withContract { c in
            // Someone else spent this minute's 5 catalog-management calls.
            for _ in 0..<5 { _ = await c.simulator.direct("GET", "/catalogs") }
            await c.simulator.clearRequestLog()
            let start = c.time.now()
            let answer2 = try await c.client.listCatalogs()
            #expect(answer2.isEmpty)
            let log = await c.simulator.loggedRequests()
            #expect(log.map(\.status) == [429, 200])
            // The VirtualTimeSource starts on a minute boundary: the window resets 60 s later.
            #expect(c.elapsed(since: start) == 60)
            #expect(log.last?.time == start.addingTimeInterval(60))
        }
    }

    @Test("5xx answers are retried with backoff, then the call succeeds")
    func serverErrorsRetried() async throws {
        try await withContract { c in
            let ids = await c.simulator.seedEmailTemplates(1, prefix: "t")
            await c.simulator.inject(Fault.serverError(503, path: "/templates/email/info", times: 2))
            await c.simulator.clearRequestLog()
            let start = c.time.now()
            let answer3 = try await c.client.emailTemplateInfo(id: ids[0])
            #expect(answer3?.id == ids[0])
            #expect(await c.simulator.loggedRequests().map(\.status) == [503, 503, 200])
            #expect(c.elapsed(since: start) == 3)   // backoff 1 s, then 2 s
        }
    }

    @Test("a lost read answer is retried")
    func lostReadRetried() async throws {
        try await withContract { c in
            await c.simulator.inject(Fault.dropResponse(method: "GET", path: "/preference_center/v1/list"))
            let answer4 = try await c.client.listPreferenceCenters()
            #expect(answer4.isEmpty)
            #expect(await c.simulator.loggedRequests().map(\.dropped) == [true, false])
        }
    }

    @Test("a create whose answer is lost after commit is not repeated: content block")
    func lostContentBlockCreate() async throws {
        try await withContract { c in
            await c.simulator.inject(Fault.dropResponse(method: "POST", path: "/content_blocks/create"))
            let result = try await c.client.createContentBlock(ContentBlockDraft(name: "once", content: "x"))
            #expect(await c.simulator.contentBlockNames().filter { $0 == "once" }.count == 1)
            #expect(result.id == (await c.simulator.contentBlock(named: "once"))?.id)
            #expect(await c.simulator.loggedRequests().filter { $0.method == "POST" }.count == 1)
            #expect(c.events.all.contains(.verifyingCreate(kind: "content block", name: "once")))
        }
    }

    @Test("a create dropped before processing is sent again once: content block")
    func droppedBeforeProcessingCreate() async throws {
        try await withContract { c in
            await c.simulator.inject(Fault(method: "POST", path: "/content_blocks/create", times: 1, action: .dropBeforeProcessing))
            _ = try await c.client.createContentBlock(ContentBlockDraft(name: "again", content: "x"))
            #expect(await c.simulator.contentBlockNames().filter { $0 == "again" }.count == 1)
            #expect(await c.simulator.loggedRequests().filter { $0.method == "POST" }.map(\.status) == [0, 201])
        }
    }

    @Test("a create whose answer is lost after commit is not repeated: email template")
    func lostTemplateCreate() async throws {
        try await withContract { c in
            await c.simulator.inject(Fault.dropResponse(method: "POST", path: "/templates/email/create"))
            let id = try await c.client.createEmailTemplate(EmailTemplateDraft(name: "once", subject: "s", body: "b"))
            #expect(await c.simulator.emailTemplateNames().filter { $0 == "once" }.count == 1)
            #expect(await c.simulator.emailTemplate(id: id)?.name == "once")
        }
    }

    @Test("a create whose answer is lost after commit is not repeated: catalog")
    func lostCatalogCreate() async throws {
        try await withContract { c in
            await c.simulator.inject(Fault.dropResponse(method: "POST", path: "/catalogs"))
            let catalog = try await c.client.createCatalog(CatalogDraft(name: "once", description: "d", fields: [APIField(name: "id", type: "string")]))
            #expect(catalog.name == "once")
            #expect(await c.simulator.catalogNames() == ["once"])
            #expect(await c.simulator.loggedRequests().filter { $0.method == "POST" }.count == 1)
        }
    }

    @Test("a create whose answer is lost after commit is not repeated: preference center")
    func lostPreferenceCenterCreate() async throws {
        try await withContract { c in
            await c.simulator.inject(Fault.dropResponse(method: "POST", path: "/preference_center/v1"))
            let created = try await c.client.createPreferenceCenter(PreferenceCenterDraft(name: "once", pageHTML: "<p/>", confirmationPageHTML: "<p/>"))
            #expect(await c.simulator.preferenceCenterCount(named: "once") == 1)
            #expect(created.id == (await c.simulator.preferenceCenter(named: "once"))?.id)
        }
    }

    @Test("lost item creates become replaces: bulk and single")
    func lostItemCreates() async throws {
        try await withContract { c in
            await c.simulator.seedCatalog("shop")
            await c.simulator.inject(Fault.dropResponse(method: "POST", path: "/catalogs/shop/items"))
            try await c.client.createCatalogItems(catalog: "shop", items: (0..<3).map {
                BrazeCatalogItem(id: "i\($0)", values: ["Name": .string("N\($0)"), "Rating": .number(1)])
            })
            await c.simulator.inject(Fault.dropResponse(method: "POST", path: "/catalogs/shop/items/solo"))
            try await c.client.createCatalogItem(catalog: "shop", item: BrazeCatalogItem(id: "solo", values: ["Name": .string("S"), "Rating": .number(2)]))
            try await c.time.sleep(seconds: 1)
            #expect(await c.simulator.catalogItemIDs("shop") == ["i0", "i1", "i2", "solo"])
            let writes = await c.simulator.loggedRequests().filter { $0.method != "GET" && $0.path.hasPrefix("/catalogs/shop/items") }
            #expect(writes.map(\.method) == ["POST", "PUT", "POST", "PUT"])
        }
    }

    @Test("a lost delete answer whose retry finds nothing counts as done")
    func lostDelete() async throws {
        try await withContract { c in
            await c.simulator.seedCatalog("gone")
            await c.simulator.inject(Fault.dropResponse(method: "DELETE", path: "/catalogs/gone"))
            try await c.client.deleteCatalog(name: "gone")
            #expect(await c.simulator.catalogNames().isEmpty)
            #expect(await c.simulator.loggedRequests().filter { $0.method == "DELETE" }.map(\.status) == [200, 404])
        }
    }

    @Test("a wrong API key is .authentication (exit 4), not retried")
    func wrongKey() async throws {
        try await withContract(apiKey: "not-the-sandbox-key") { c in
            let error = await apiError { _ = try await c.client.listContentBlocks() }
            #expect(error?.isAuthentication == true)
            #expect(error?.status == 401)
            #expect(error?.category == .authentication)
            #expect(await c.simulator.loggedRequests().count == 1)
            #expect(error.map { String(describing: $0).contains("not-the-sandbox-key") } == false)
        }
    }

    @Test("a persistent 500 ends in .gaveUp (exit 5) after the policy's attempts")
    func persistent500() async throws {
        try await withContract { c in
            await c.simulator.inject(Fault.serverError(500, path: "/content_blocks/list", times: 1_000))
            let start = c.time.now()
            let error = await apiError { _ = try await c.client.listContentBlocks() }
            #expect(error?.isGaveUp == true)
            #expect(error?.category == .gaveUp)
            #expect(await c.simulator.loggedRequests().count == 4)
            #expect(c.elapsed(since: start) == 7)   // 1 + 2 + 4
        }
    }

    @Test("a persistent 500 on a create ends in .gaveUp and creates nothing")
    func persistent500OnCreate() async throws {
        try await withContract { c in
            await c.simulator.inject(Fault.serverError(500, method: "POST", path: "/content_blocks/create", times: 1_000))
            let error = await apiError { _ = try await c.client.createContentBlock(ContentBlockDraft(name: "never", content: "x")) }
            #expect(error?.isGaveUp == true)
            #expect(error?.category == .gaveUp)
            #expect(await c.simulator.contentBlockNames().isEmpty)
        }
    }
}
