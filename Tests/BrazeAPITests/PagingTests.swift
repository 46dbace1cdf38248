import BrazeAPI
import Foundation
import Testing
import VirtualTime

@Suite("Paging")
struct PagingTests {
    /// Serves `total` content blocks by limit/offset, refusing offset=0 like Braze.
    static func contentBlockServer(total: Int) -> FakeTransport.Handler {
        { request in
            guard request.url.path == "/content_blocks/list" else { return json(404, "{}") }
            if request.queryValue("offset") == "0" { return json(400, #"{"message": "Offset must be greater than 0"}"#) }
            let limit = Int(request.queryValue("limit") ?? "100") ?? 100
            let offset = Int(request.queryValue("offset") ?? "0") ?? 0
            let blocks = (offset..<min(offset + limit, total)).map { i in
                ["content_block_id": "id-\(i)", "name": "block_\(i)", "content_type": "html", "liquid_tag": "{{content_blocks.${block_\(i)}}}",
                 "inclusion_count": "\(i % 3)", "created_at": "2024-01-01T00:00:00Z", "last_edited": "2024-01-02T00:00:00Z", "tags": ["t"]] as [String: Any]
            }
            return jsonObject(["count": "\(blocks.count)", "content_blocks": blocks, "message": "success"])
        }
    }

    @Test func contentBlocksAcrossOffsetPages() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time, Self.contentBlockServer(total: 2_345))
        let blocks = try await makeClient(fake, time: time).listContentBlocks()

        #expect(blocks.count == 2_345)
        #expect(Set(blocks.map(\.id)).count == 2_345)
        #expect(blocks[1_500].name == "block_1500")
        #expect(blocks[4].inclusionCount == 1)   // "1" as a string
        let requests = fake.requests
        #expect(requests.count == 3)
        #expect(requests[0].queryValue("offset") == nil)
        #expect(requests[0].queryValue("limit") == "1000")
        #expect(requests.dropFirst().map { $0.queryValue("offset") } == ["1000", "2000"])
    }

    @Test func exactMultipleEndsOnAnEmptyPage() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time, Self.contentBlockServer(total: 2_000))
        let blocks = try await makeClient(fake, time: time).listContentBlocks()
        #expect(blocks.count == 2_000)
        #expect(fake.requests.count == 3)
    }

    @Test func serverIgnoringOffsetIsAnErrorNotALoop() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { request in
            var copy = request
            copy.url = URL(string: "https://rest.iad-03.braze.com/content_blocks/list?limit=3")!
            return try PagingTests.contentBlockServer(total: 10)(copy)
        }
        await #expect(throws: BrazeAPIError.self) { try await makeClient(fake, time: time).listContentBlocks(pageSize: 3) }
        #expect(fake.requests.count == 2)
    }

    @Test func emailTemplatesAcrossPages() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { request in
            let offset = Int(request.queryValue("offset") ?? "0") ?? 0
            let templates = (offset..<min(offset + 1_000, 1_001)).map {
                ["email_template_id": "t\($0)", "template_name": "tpl_\($0)", "tags": ["a", "b"]] as [String: Any]
            }
            return jsonObject(["count": templates.count, "templates": templates])
        }
        let templates = try await makeClient(fake, time: time).listEmailTemplates()
        #expect(templates.count == 1_001)
        #expect(templates.last?.name == "tpl_1000")
        #expect(fake.requests.map { $0.queryValue("offset") } == [nil, "1000"])
    }

    /// Items in pages of 50 with Link cursors, like Braze.
    static func itemServer(total: Int, linkFor: @escaping @Sendable (Int) -> String? = { "https://rest.iad-03.braze.com/catalogs/restaurants/items?cursor=c\($0)" })
        -> FakeTransport.Handler {
        { request in
            let start = request.queryValue("cursor").flatMap { Int($0.dropFirst()) } ?? 0
            let items = (start..<min(start + 50, total)).map { ["id": "r\($0)", "Name": "Restaurant \($0)", "Rating": $0 % 5] as [String: Any] }
            var headers: [(String, String)] = []
            if start + 50 < total, let next = linkFor(start + 50) {
                headers.append(("link", "<https://rest.iad-03.braze.com/catalogs/restaurants/items?cursor=c\(max(0, start - 50))>; rel=\"prev\", <\(next)>; rel=\"next\""))
            }
            return jsonObject(["items": items, "message": "success"], headers)
        }
    }

    @Test func catalogItemsFollowLinkCursors() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time, Self.itemServer(total: 120))
        let items = try await makeClient(fake, time: time).listCatalogItems(catalog: "restaurants")
        #expect(items.count == 120)
        #expect(items[119].id == "r119")
        #expect(items[3].values["Rating"] == .number(3))
        #expect(items[3].values["id"] == nil)
        #expect(fake.requests.map { $0.queryValue("cursor") } == [nil, "c50", "c100"])
    }

    @Test func relativeNextLinksResolveAgainstTheEndpoint() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time, Self.itemServer(total: 75, linkFor: { "/catalogs/restaurants/items?cursor=c\($0)" }))
        let items = try await makeClient(fake, time: time).listCatalogItems(catalog: "restaurants")
        #expect(items.count == 75)
    }

    @Test func foreignOriginNextLinkIsRefused() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time, Self.itemServer(total: 120, linkFor: { "https://evil.example.com/catalogs/restaurants/items?cursor=c\($0)" }))
        do {
            _ = try await makeClient(fake, time: time).listCatalogItems(catalog: "restaurants")
            Issue.record("followed a foreign link")
        } catch let error as BrazeAPIError {
            guard case .pagination = error else { Issue.record("wrong error \(error)"); return }
            #expect(error.description.contains("another origin"))
        }
        #expect(fake.requests.count == 1)
        #expect(fake.requests.allSatisfy { $0.url.host == "rest.iad-03.braze.com" })
    }

    @Test func downgradedSchemeIsAnotherOrigin() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time, Self.itemServer(total: 120, linkFor: { "http://rest.iad-03.braze.com/catalogs/restaurants/items?cursor=c\($0)" }))
        await #expect(throws: BrazeAPIError.self) { try await makeClient(fake, time: time).listCatalogItems(catalog: "restaurants") }
        #expect(fake.requests.count == 1)
    }

    @Test func repeatedCursorStops() async throws {
        let time = VirtualTimeSource()
        // Every page points to cursor c50 again.
        let fake = FakeTransport(time: time, Self.itemServer(total: 500, linkFor: { _ in "https://rest.iad-03.braze.com/catalogs/restaurants/items?cursor=c50" }))
        do {
            _ = try await makeClient(fake, time: time).listCatalogItems(catalog: "restaurants")
            Issue.record("no error")
        } catch let error as BrazeAPIError {
            #expect(error.description.contains("repeated"))
        }
        #expect(fake.requests.count == 2)
    }

    @Test func linkHeaderWithSeveralRelations() async throws {
        let time = VirtualTimeSource()
        let served = Box(0)
        let fake = FakeTransport(time: time) { request in
            let page = served.withLock { $0 += 1; return $0 }
            let headers: [(String, String)] = page == 1
                ? [("Link", #"<https://rest.iad-03.braze.com/catalogs/c/items?cursor=x>; rel="next last"; title="a, b""#)] : []
            return jsonObject(["items": [["id": "i\(page)"]]], headers)
        }
        let items = try await makeClient(fake, time: time).listCatalogItems(catalog: "c")
        #expect(items.map(\.id) == ["i1", "i2"])
    }
}
