import BrazeAPI
import Foundation
import Testing
import VirtualTime

/// A tiny content-block store: creates land (or not) and the list shows them.
final class BlockStore: Sendable {
    struct State: Sendable {
        var blocks: [(id: String, name: String)] = []
        var creates = 0
        var lists = 0
    }
    let state = Box(State())

    /// `loseAnswerTo`: 1-based create attempts whose answer is lost; `landsAnyway`:
    /// whether such a create still lands.
    func handler(loseAnswerTo lost: Set<Int>, landsAnyway: Bool, lossKind: TransportError.Kind = .responseLost) -> FakeTransport.Handler {
        { [self] request in
            switch request.url.path {
            case "/content_blocks/create":
                let name = request.jsonBody["name"] as? String ?? ""
                let (attempt, id): (Int, String) = state.withLock { s in
                    s.creates += 1
                    if s.blocks.contains(where: { $0.name == name }) { return (s.creates, "") }
                    let id = "cb-\(s.creates)"
                    if !lost.contains(s.creates) || (landsAnyway && lossKind == .responseLost) { s.blocks.append((id, name)) }
                    return (s.creates, id)
                }
                if id.isEmpty { return json(400, #"{"message": "Content Block with this name already exists"}"#) }
                if lost.contains(attempt) { throw TransportError(lossKind, "connection closed") }
                return json(201, #"{"content_block_id": "\#(id)", "liquid_tag": "{{content_blocks.${\#(name)}}}", "message": "success"}"#)
            case "/content_blocks/list":
                let blocks = state.withLock { s in s.lists += 1; return s.blocks.map { ["content_block_id": $0.id, "name": $0.name] } }
                return jsonObject(["content_blocks": blocks, "count": blocks.count])
            default:
                return json(404, "{}")
            }
        }
    }
}

@Suite("Creates whose answer is lost")
struct LostCreateTests {
    @Test func landedCreateIsFoundNotRepeated() async throws {
        let time = VirtualTimeSource()
        let store = BlockStore()
        let events = EventStore()
        let fake = FakeTransport(time: time, store.handler(loseAnswerTo: [1], landsAnyway: true))
        let result = try await makeClient(fake, time: time, events: events).createContentBlock(ContentBlockDraft(name: "footer", content: "<p/>"))
        #expect(result.id == "cb-1")
        #expect(store.state.value.creates == 1)
        #expect(store.state.value.lists == 1)
        #expect(store.state.value.blocks.count == 1)
        #expect(events.all.contains(.verifyingCreate(kind: "content block", name: "footer")))
    }

    @Test func absentCreateIsRetriedOnce() async throws {
        let time = VirtualTimeSource()
        let store = BlockStore()
        let fake = FakeTransport(time: time, store.handler(loseAnswerTo: [1], landsAnyway: false))
        let result = try await makeClient(fake, time: time).createContentBlock(ContentBlockDraft(name: "footer", content: "<p/>"))
        #expect(result.id == "cb-2")
        #expect(store.state.value.creates == 2)
        #expect(store.state.value.lists == 1)
        #expect(store.state.value.blocks.map(\.name) == ["footer"])
    }

    @Test func notSentCreateIsSimplyRetried() async throws {
        let time = VirtualTimeSource()
        let store = BlockStore()
        let fake = FakeTransport(time: time, store.handler(loseAnswerTo: [1], landsAnyway: false, lossKind: .notSent))
        _ = try await makeClient(fake, time: time).createContentBlock(ContentBlockDraft(name: "footer", content: "<p/>"))
        #expect(store.state.value.creates == 2)
        #expect(store.state.value.lists == 0)
    }

    @Test func serverErrorOnCreateIsVerifiedToo() async throws {
        let time = VirtualTimeSource()
        let creates = Box(0)
        let fake = FakeTransport(time: time) { request in
            switch (request.method, request.url.path) {
            case (.post, "/templates/email/create"):
                creates.withLock { $0 += 1 }
                return json(500, #"{"message": "oops"}"#)   // ... but it landed
            case (.get, "/templates/email/list"):
                return json(200, #"{"templates": [{"email_template_id": "t-9", "template_name": "welcome"}]}"#)
            default: return json(404, "{}")
            }
        }
        let id = try await makeClient(fake, time: time).createEmailTemplate(EmailTemplateDraft(name: "welcome", subject: "s", body: "b"))
        #expect(id == "t-9")
        #expect(creates.value == 1)
    }

    @Test func lostCatalogCreateLookedUpByList() async throws {
        let time = VirtualTimeSource()
        let creates = Box(0)
        let fake = FakeTransport(time: time) { request in
            switch request.method {
            case .post:
                creates.withLock { $0 += 1 }
                throw TransportError(.responseLost, "read timeout")
            default:
                return json(200, #"{"catalogs": [{"name": "restaurants", "description": "d", "fields": [{"name": "id", "type": "string"}], "num_items": 0}]}"#)
            }
        }
        let catalog = try await makeClient(fake, time: time)
            .createCatalog(CatalogDraft(name: "restaurants", description: "d", fields: [BrazeCatalogField(name: "id", type: "string")]))
        #expect(catalog.name == "restaurants")
        #expect(creates.value == 1)
        let body = try #require(fake.requests.first { $0.method == .post }?.jsonBody["catalogs"] as? [[String: Any]])
        #expect(body.count == 1)
    }

    @Test func lostPreferenceCenterCreateLookedUpByList() async throws {
        let time = VirtualTimeSource()
        let creates = Box(0)
        let fake = FakeTransport(time: time) { request in
            if request.method == .post {
                let n = creates.withLock { $0 += 1; return $0 }
                if n == 1 { throw TransportError(.responseLost, "closed") }
                return json(201, #"{"preference_center_api_id": "pc-new", "liquid_tag": "x"}"#)
            }
            return json(200, #"{"preference_centers": [{"name": "other", "preference_center_api_id": "pc-other"}]}"#)
        }
        let result = try await makeClient(fake, time: time)
            .createPreferenceCenter(PreferenceCenterDraft(name: "main", pageHTML: "<p/>", confirmationPageHTML: "<p/>"))
        #expect(result.id == "pc-new")
        #expect(creates.value == 2)
        #expect(fake.count(.get, "/preference_center/v1/list") == 1)
    }

    @Test func lostCreateThatKeepsFailingGivesUp() async throws {
        let time = VirtualTimeSource()
        let store = BlockStore()
        let fake = FakeTransport(time: time, store.handler(loseAnswerTo: Set(1...100), landsAnyway: false))
        await #expect {
            _ = try await makeClient(fake, time: time, policy: testPolicy(maxAttempts: 3)).createContentBlock(ContentBlockDraft(name: "f", content: "c"))
        } throws: { ($0 as? BrazeAPIError)?.category == .gaveUp }
        #expect(store.state.value.creates == 3)
        #expect(store.state.value.blocks.isEmpty)
    }

    @Test func duplicateNamesMakeLookupAmbiguous() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { request in
            if request.method == .post { throw TransportError(.responseLost, "closed") }
            return json(200, #"{"content_blocks": [{"content_block_id": "a", "name": "f"}, {"content_block_id": "b", "name": "f"}]}"#)
        }
        await #expect {
            _ = try await makeClient(fake, time: time).createContentBlock(ContentBlockDraft(name: "f", content: "c"))
        } throws: { error in
            guard case .ambiguous(_, "f", 2)? = error as? BrazeAPIError else { return false }
            return true
        }
    }

    @Test func lostBulkItemCreateIsReplacedNotRepeated() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { request in
            if request.method == .post { throw TransportError(.responseLost, "closed") }
            return json(202, #"{"message": "success"}"#)
        }
        let items = (0..<3).map { BrazeCatalogItem(id: "i\($0)", values: ["Name": .string("n\($0)")]) }
        try await makeClient(fake, time: time).createCatalogItems(catalog: "c", items: items)
        #expect(fake.requests.map(\.method) == [.post, .put])
        #expect(fake.requests[0].body == fake.requests[1].body)
    }

    @Test("a delete whose first answer was lost or a 5xx, then 404, is done", arguments: [true, false])
    func lostDeleteThenNotFoundCountsAsDone(lost: Bool) async throws {
        let time = VirtualTimeSource()
        let calls = Box(0)
        let fake = FakeTransport(time: time) { _ in
            let n = calls.withLock { $0 += 1; return $0 }
            if n == 1 {
                if lost { throw TransportError(.responseLost, "closed") }
                return json(500, "{}")
            }
            return json(404, #"{"errors": [{"id": "catalog-not-found", "message": "Could not find catalog"}], "message": "Invalid Request"}"#)
        }
        try await makeClient(fake, time: time).deleteCatalog(name: "old")
        #expect(fake.requests.count == 2)
    }
}

@Suite("Batches")
struct BatchTests {
    @Test func bulkItemWritesGoInFifties() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(202, #"{"message": "success"}"#) }
        let client = makeClient(fake, time: time)
        let items = (0..<120).map { BrazeCatalogItem(id: "r\($0)", values: ["Rating": .number(Double($0)), "Open": .bool(true)]) }
        try await client.createCatalogItems(catalog: "restaurants", items: items)
        try await client.replaceCatalogItems(catalog: "restaurants", items: items)
        try await client.editCatalogItems(catalog: "restaurants", items: items)
        try await client.deleteCatalogItems(catalog: "restaurants", ids: items.map(\.id))
        let sizes = fake.requests.map { ($0.jsonBody["items"] as? [[String: Any]])?.count ?? -1 }
        #expect(sizes == [50, 50, 20, 50, 50, 20, 50, 50, 20, 50, 50, 20])
        #expect(fake.requests.map(\.method.rawValue).joined(separator: ",") ==
                "POST,POST,POST,PUT,PUT,PUT,PATCH,PATCH,PATCH,DELETE,DELETE,DELETE")
        #expect(fake.requests.allSatisfy { $0.url.path == "/catalogs/restaurants/items" && $0.headers["content-type"] == "application/json" })
        let first = try #require((fake.requests[0].jsonBody["items"] as? [[String: Any]])?.first)
        #expect(first["id"] as? String == "r0")
        #expect(first["Rating"] as? Int == 0)
        let deleted = try #require((fake.requests[9].jsonBody["items"] as? [[String: Any]])?.first)
        #expect(deleted.keys.sorted() == ["id"])
        // Every id was sent exactly once per operation.
        let created = fake.requests.prefix(3).flatMap { ($0.jsonBody["items"] as? [[String: Any]]) ?? [] }.compactMap { $0["id"] as? String }
        #expect(Set(created) == Set(items.map(\.id)) && created.count == 120)
    }

    @Test func duplicateOrEmptyIdsRefusedBeforeSending() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(202, "{}") }
        let client = makeClient(fake, time: time)
        await #expect(throws: BrazeAPIError.self) {
            try await client.createCatalogItems(catalog: "c", items: [BrazeCatalogItem(id: "a", values: [:]), BrazeCatalogItem(id: "a", values: [:])])
        }
        await #expect(throws: BrazeAPIError.self) { try await client.deleteCatalogItems(catalog: "c", ids: ["x", ""]) }
        #expect(fake.requests.isEmpty)
    }

    @Test func subscriptionStatesInFifties() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { request in
            if request.method == .get {
                let ids = request.query.filter { $0.0 == "external_id[]" }.map(\.1)
                let status = Dictionary(uniqueKeysWithValues: ids.dropLast().map { ($0, $0.hasSuffix("1") ? "Subscribed" : "Unsubscribed") })
                return jsonObject(["status": status, "message": "success"])
            }
            return json(201, #"{"message": "success"}"#)
        }
        let client = makeClient(fake, time: time)
        let ids = (0..<120).map { "user-\($0)" }
        let statuses = try await client.subscriptionStatuses(groupID: "g-1", externalIDs: ids + ["user-0"])
        #expect(statuses.count == 120)
        #expect(statuses["user-1"] == .subscribed)
        #expect(statuses["user-2"] == .unsubscribed)
        #expect(statuses["user-49"] == .unknown)   // left out of the answer
        let gets = fake.requests.filter { $0.method == .get }
        #expect(gets.map { $0.query.filter { $0.0 == "external_id[]" }.count } == [50, 50, 20])
        #expect(gets.allSatisfy { $0.queryValue("subscription_group_id") == "g-1" && $0.url.path == "/subscription/status/get" })

        try await client.setSubscriptionState(groupID: "g-1", state: .unsubscribed, externalIDs: ids)
        let sets = fake.requests.filter { $0.method == .post }
        #expect(sets.map { ($0.jsonBody["external_id"] as? [String])?.count ?? 0 } == [50, 50, 20])
        #expect(sets.allSatisfy { $0.jsonBody["subscription_state"] as? String == "unsubscribed" && $0.url.path == "/subscription/status/set" })
    }

    @Test func singleBatchCallsRefuseMoreThanFifty() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(201, "{}") }
        let client = makeClient(fake, time: time)
        let ids = (0..<51).map { "u\($0)" }
        await #expect(throws: BrazeAPIError.self) { _ = try await client.subscriptionStatusBatch(groupID: "g", externalIDs: ids) }
        await #expect(throws: BrazeAPIError.self) { try await client.setSubscriptionStateBatch(groupID: "g", state: .subscribed, externalIDs: ids) }
        #expect(fake.requests.isEmpty)
    }
}
