import BrazeCore
import BrazeAPI
import Foundation
import Testing
import VirtualTime

@Suite("Wire models")
struct ModelTests {
    @Test func jsonValueRoundTrip() throws {
        let text = #"{"a": [1, 2.5, "x", true, null, {"b": {}}], "n": -3}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(value == ["a": [1, 2.5, "x", true, .null, ["b": [:]]], "n": -3])
        let again = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(again == value)
        #expect(JSONValue.number(5).description == "5")
        #expect(JSONValue.bool(true) != JSONValue.number(1))
    }

    @Test func catalogItemKeepsIdApart() throws {
        let item = try JSONDecoder().decode(BrazeCatalogItem.self, from: Data(#"{"id": "r1", "Name": "A", "Loc": {"Lat": 1.5}}"#.utf8))
        #expect(item.id == "r1")
        #expect(item.values == ["Name": "A", "Loc": ["Lat": 1.5]])
        let encoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(item))
        #expect(encoded == ["id": "r1", "Name": "A", "Loc": ["Lat": 1.5]])
    }

    @Test func singleItemReadWithoutIdInValues() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { request in
            if request.url.path.hasSuffix("/missing") {
                return json(404, #"{"errors": [{"id": "item-not-found", "message": "Could not find item"}], "message": "Invalid Request"}"#)
            }
            return json(200, #"{"items": [{"Name": "Restaurant1", "Rating": 5}], "message": "success"}"#)
        }
        let client = makeClient(fake, time: time)
        let item = try #require(try await client.catalogItem(catalog: "restaurants", id: "restaurant1"))
        #expect(item.id == "restaurant1")
        #expect(item.values["Rating"] == 5)
        #expect(try await client.catalogItem(catalog: "restaurants", id: "missing") == nil)
        #expect(fake.requests[0].url.path == "/catalogs/restaurants/items/restaurant1")
    }

    @Test func missingCatalogIsAnErrorNotAMissingItem() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in
            json(404, #"{"errors": [{"id": "catalog-not-found", "message": "Could not find catalog"}], "message": "Invalid Request"}"#)
        }
        await #expect(throws: BrazeAPIError.self) { _ = try await makeClient(fake, time: time).catalogItem(catalog: "nope", id: "x") }
    }

    @Test func singleItemWritesSendValuesWithoutId() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(201, #"{"message": "success"}"#) }
        let client = makeClient(fake, time: time)
        let item = BrazeCatalogItem(id: "r 1/x", values: ["Name": "N"])
        try await client.createCatalogItem(catalog: "c", item: item)
        try await client.replaceCatalogItem(catalog: "c", item: item)
        try await client.editCatalogItem(catalog: "c", item: item)
        try await client.deleteCatalogItem(catalog: "c", id: item.id)
        #expect(fake.requests.map(\.method) == [.post, .put, .patch, .delete])
        #expect(fake.requests.allSatisfy { $0.url.absoluteString.hasSuffix("/catalogs/c/items/r%201%2Fx") })
        let body = try #require(fake.requests[0].jsonBody["items"] as? [[String: Any]])
        #expect(body.count == 1 && body[0]["id"] == nil && body[0]["Name"] as? String == "N")
        #expect(fake.requests[3].body == nil)
    }

    @Test func preferenceCenterReadAndWrite() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { request in
            if request.method == .get {
                return json(200, #"{"name": "main", "preference_center_api_id": "pc1", "preference_center_title": "T", "preference_center_page_html": "<p>", "confirmation_page_html": "<c>", "redirect_page_html": null, "preference_center_options": {"meta-viewport-content": "width=device-width"}, "state": "active"}"#)
            }
            return json(200, #"{"preference_center_api_id": "pc1", "updated_at": "2024-01-01T00:00:00Z", "message": "success"}"#)
        }
        let client = makeClient(fake, time: time)
        let pc = try #require(try await client.preferenceCenter(id: "pc1"))
        #expect(pc.options == ["meta-viewport-content": "width=device-width"])
        #expect(pc.state == .active && pc.redirectPageHTML == nil && pc.title == "T")

        let draft = PreferenceCenterDraft(name: "main", title: "T2", pageHTML: "<p2>", confirmationPageHTML: "<c2>", state: .draft,
                                          options: ["meta-viewport-content": "x"])
        let result = try await client.updatePreferenceCenter(id: "pc1", draft)
        #expect(result.id == "pc1")
        let update = fake.requests[1]
        #expect(update.method == .put && update.url.path == "/preference_center/v1/pc1")
        let body = update.jsonBody
        #expect(body["options"] as? [String: String] == ["meta-viewport-content": "x"])
        #expect(body["preference_center_options"] == nil && body["name"] == nil)
        #expect(body["preference_center_page_html"] as? String == "<p2>" && body["state"] as? String == "draft")
    }

    @Test func contentBlockAndTemplateWrites() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { request in
            switch request.url.path {
            case "/content_blocks/update": return json(201, #"{"content_block_id": "cb1", "message": "success"}"#)
            default: return json(200, #"{"message": "success"}"#)
            }
        }
        let client = makeClient(fake, time: time)
        _ = try await client.updateContentBlock(id: "cb1", ContentBlockDraft(name: "f", content: "c", state: .active, tags: []))
        try await client.updateEmailTemplate(id: "t1", EmailTemplateDraft(name: "w", subject: "s", body: "b", shouldInlineCSS: false))
        let block = fake.requests[0].jsonBody
        #expect(block["content_block_id"] as? String == "cb1" && (block["tags"] as? [String]) == [] && block["description"] == nil)
        let template = fake.requests[1].jsonBody
        #expect(template["email_template_id"] as? String == "t1" && template["template_name"] as? String == "w")
        #expect(template["should_inline_css"] as? Bool == false && template["plaintext_body"] == nil)
    }

    @Test func closureTransportCarriesTheClient() async throws {
        let seen = Box<[String]>([])
        let transport = ClosureTransport { request in
            seen.withLock { $0.append("\(request.method.rawValue) \(request.url.path)") }
            return TransportResponse(status: 200, headers: [("X-RateLimit-Limit", "50")], body: Data(#"{"items": []}"#.utf8))
        }
        let client = BrazeClient(endpoint: try BrazeEndpoint(url: "http://localhost:9292"), apiKey: try BrazeAPIKey(secret: testSecret),
                                 transport: transport, timeSource: VirtualTimeSource())
        #expect(try await client.listCatalogItems(catalog: "c").isEmpty)
        #expect(seen.value == ["GET /catalogs/c/items"])
    }
}
