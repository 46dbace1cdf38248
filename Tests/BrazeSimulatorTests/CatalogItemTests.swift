import BrazeCore
import Foundation
import Testing
import VirtualTime
@testable import BrazeSimulator

@Suite("Catalog items")
struct CatalogItemTests {
    static func items(_ range: Range<Int>) -> JSONValue {
        .array(range.map { ["id": .string(String(format: "r%03d", $0)), "Name": .string("R\($0)"), "Rating": .number(Double($0))] })
    }

    @Test func bulkWritesAre202AndInvisibleUntilTheDelayPasses() async throws {
        let clock = VirtualTimeSource()
        let sim = makeSimulator(clock: clock) { $0.catalogItemWriteDelay = 5 }
        await sim.createCatalog("restaurants")
        let post = await sim.call("POST", "/catalogs/restaurants/items", ["items": Self.items(0..<3)])
        #expect(post.status == 202)
        #expect(post.json == ["message": "success"])
        #expect(await sim.call("GET", "/catalogs/restaurants/items").json?["items"] == [])
        #expect(await sim.call("GET", "/catalogs/restaurants/items/r000").status == 404)
        #expect(await sim.call("GET", "/catalogs").json?["catalogs"]?.arrayValue?.first?["num_items"] == 0)
        clock.advance(by: 4.9)
        #expect(await sim.call("GET", "/catalogs/restaurants/items").json?["items"]?.arrayValue?.count == 0)
        clock.advance(by: 0.2)
        let items = try #require(await sim.call("GET", "/catalogs/restaurants/items").json?["items"]?.arrayValue)
        #expect(items.count == 3)
        #expect(items[0] == ["id": "r000", "Name": "R0", "Rating": 0])
        #expect(await sim.call("GET", "/catalogs").json?["catalogs"]?.arrayValue?.first?["num_items"] == 3)
    }

    @Test func bulkOperationsApplyInOrder() async {
        let clock = VirtualTimeSource()
        let sim = makeSimulator(clock: clock) { $0.catalogItemWriteDelay = 1 }
        await sim.createCatalog("c")
        _ = await sim.call("POST", "/catalogs/c/items", ["items": Self.items(0..<3)])
        _ = await sim.call("PATCH", "/catalogs/c/items", ["items": [["id": "r001", "Name": "patched"], ["id": "ghost", "Name": "x"]]])
        _ = await sim.call("PUT", "/catalogs/c/items", ["items": [["id": "r002", "Rating": 9], ["id": "r009", "Name": "new"]]])
        _ = await sim.call("DELETE", "/catalogs/c/items", ["items": [["id": "r000"], ["id": "missing"]]])
        // POST of an existing id does not overwrite it.
        _ = await sim.call("POST", "/catalogs/c/items", ["items": [["id": "r001", "Name": "overwritten?"]]])
        #expect(await sim.pendingItemWriteCount() == 5)
        clock.advance(by: 1)
        #expect(await sim.pendingItemWriteCount() == 0)
        let items = await sim.snapshot().catalogs[0].items
        #expect(items.keys.sorted() == ["r001", "r002", "r009"])
        #expect(items["r001"] == ["Name": "patched", "Rating": 1])
        #expect(items["r002"] == ["Rating": 9])
        #expect(items["r009"] == ["Name": "new"])
    }

    @Test func pendingWritesOfADeletedCatalogNeverLandInItsSuccessor() async {
        let clock = VirtualTimeSource()
        let sim = makeSimulator(clock: clock) { $0.catalogItemWriteDelay = 10 }
        await sim.createCatalog("c")
        _ = await sim.call("POST", "/catalogs/c/items", ["items": Self.items(0..<2)])
        _ = await sim.call("DELETE", "/catalogs/c")
        await sim.createCatalog("c")
        clock.advance(by: 11)
        #expect(await sim.snapshot().catalogs[0].items.isEmpty)
    }

    @Test func paginationFollowsLinkCursorsOverMoreThanFiftyItems() async throws {
        let sim = makeSimulator { $0.catalogItemWriteDelay = 0 }
        await sim.createCatalog("big")
        for start in stride(from: 0, to: 120, by: 50) {
            let r = await sim.call("POST", "/catalogs/big/items", ["items": Self.items(start..<min(start + 50, 120))])
            #expect(r.status == 202)
        }
        await sim.flushPendingItemWrites()
        var ids: [String] = []
        var target: String? = "/catalogs/big/items"
        var pages = 0
        var sawPrev = false
        while let current = target {
            let response = await sim.handle(SimulatedRequest(method: "GET", target: current, headers: [("Authorization", "Bearer \(key)"), ("Host", "127.0.0.1:9")]))
            #expect(response.status == 200)
            ids += response.json?["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            pages += 1
            let link = response.header("link") ?? ""
            if pages == 1 { #expect(!link.contains("rel=\"prev\"")) } else { sawPrev = sawPrev || link.contains("rel=\"prev\"") }
            target = Self.nextTarget(link)
            #expect(pages < 10)
        }
        #expect(pages == 3)
        #expect(sawPrev)
        #expect(ids.count == 120)
        #expect(Set(ids).count == 120)
    }

    /// The path and query of the `rel="next"` URL of a Link header.
    static func nextTarget(_ link: String) -> String? {
        for part in link.split(separator: ",") where part.contains("rel=\"next\"") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">") else { return nil }
            let url = String(part[part.index(after: open)..<close])
            guard let components = URLComponents(string: url) else { return nil }
            return components.path + (components.query.map { "?\($0)" } ?? "")
        }
        return nil
    }

    @Test func noLinkHeaderAtFiftyItemsOrFewer() async {
        let sim = makeSimulator { $0.catalogItemWriteDelay = 0 }
        await sim.createCatalog("c")
        _ = await sim.call("POST", "/catalogs/c/items", ["items": Self.items(0..<50)])
        await sim.flushPendingItemWrites()
        let response = await sim.call("GET", "/catalogs/c/items")
        #expect(response.json?["items"]?.arrayValue?.count == 50)
        #expect(response.header("Link") == nil)
    }

    @Test func invalidCursorIsRefused() async {
        let sim = makeSimulator()
        await sim.createCatalog("c")
        let response = await sim.call("GET", "/catalogs/c/items?cursor=bad-cursor")
        #expect(response.status == 400)
        #expect(response.json == [
            "errors": [["id": "invalid-cursor", "message": "'cursor' is not valid", "parameters": ["cursor"], "parameter_values": ["bad-cursor"]]],
            "message": "Invalid Request",
        ])
    }

    @Test(arguments: [BodyCase](arrayLiteral:

        BodyCase(["items": [["Name": "x"]]], "items-missing-ids"),
        BodyCase(["items": [["id": 5]]], "ids-not-strings"),
        BodyCase(["items": [["id": "a"], ["id": "a"]]], "ids-not-unique"),
        BodyCase(["items": [["id": .string(String(repeating: "i", count: 251))]]], "ids-too-large"),
        BodyCase(["items": [["id": "has space"]]], "invalid-ids"),
        BodyCase(["items": [["id": "a", "Unknown": 1]]], "invalid-fields"),
        BodyCase(["items": [["id": "a", "Name": .string(String(repeating: "v", count: 5_001))]]], "items-too-large"),
        BodyCase(["items": [["id": "a", "Rating": "five"]]], "unable-to-coerce-value"),
        BodyCase(["items": [["id": "a", "Open": "maybe"]]], "unable-to-coerce-value"),
        BodyCase(["items": [["id": "a", "Created_At": "yesterday"]]], "unable-to-coerce-value"),
        BodyCase(["items": [["id": "a", "Name": 3]]], "unable-to-coerce-value"),
        BodyCase(["items": [["id": "a", "Meta": "not an object"]]], "unable-to-coerce-value"),
        BodyCase(["items": [["id": "a", "Meta": ["a.b": 1]]]], "invalid-keys-in-value-object"),
        BodyCase(["items": [["id": "a", "Meta": ["$x": 1]]]], "invalid-keys-in-value-object"),
        BodyCase(["items": [["id": "a", "Meta": deepObject(51)]]], "too-deep-nesting-in-value-object"),
        BodyCase(["items": "x"], "item-array-invalid"),
        BodyCase(["items": [1]], "item-array-invalid"),
        BodyCase(["items": CatalogItemTests.items(0..<51)], "request-includes-too-many-items")
    ))
    func bulkWriteRefusesInvalidItems(testCase: BodyCase) async {
        let sim = makeSimulator()
        await sim.createCatalog("c", fields: [("id", "string"), ("Name", "string"), ("Rating", "number"), ("Open", "boolean"), ("Created_At", "time"), ("Meta", "object")])
        let response = await sim.call("POST", "/catalogs/c/items", testCase.body)
        #expect(response.status == 400)
        #expect(response.errorIDs.contains(testCase.expected), "\(response.bodyText)")
        #expect(await sim.pendingItemWriteCount() == 0)
    }

    static func deepObject(_ depth: Int) -> JSONValue {
        var value: JSONValue = 1
        for _ in 0..<depth { value = ["k": value] }
        return value
    }

    @Test func fiftyLevelsOfNestingAndExactlyFiftyItemsAreAccepted() async {
        let sim = makeSimulator()
        await sim.createCatalog("c", fields: [("id", "string"), ("Meta", "object")])
        #expect(await sim.call("POST", "/catalogs/c/items", ["items": [["id": "a", "Meta": Self.deepObject(50)]]]).status == 202)
        let fifty: JSONValue = .array((0..<50).map { ["id": .string("i\($0)")] })
        #expect(await sim.call("PUT", "/catalogs/c/items", ["items": fifty]).status == 202)
    }

    @Test func missingIdsMessageCountsThem() async {
        let sim = makeSimulator()
        await sim.createCatalog("c")
        let response = await sim.call("DELETE", "/catalogs/c/items", ["items": [["x": 1], ["y": 2]]])
        #expect(response.json == [
            "errors": [["id": "items-missing-ids", "message": "There are 2 item(s) that do not have ids", "parameters": [], "parameter_values": []]],
            "message": "Invalid Request",
        ])
    }

    @Test func unknownCatalogIs404() async {
        let sim = makeSimulator()
        for (method, path) in [("GET", "/catalogs/nope/items"), ("POST", "/catalogs/nope/items"), ("GET", "/catalogs/nope/items/a")] {
            let response = await sim.call(method, path, ["items": [["id": "a"]]])
            #expect(response.status == 404)
            #expect(response.errorIDs == ["catalog-not-found"])
        }
    }

    @Test func valuesAreCoercedAndTimesNormalized() async throws {
        let sim = makeSimulator()
        await sim.createCatalog("c")
        let put = await sim.call("PUT", "/catalogs/c/items/x", ["items": [[
            "Name": "n", "Rating": "4.5", "Open": "true", "Created_At": "2022-11-01T09:03:19.967+00:00",
        ]]])
        #expect(put.status == 200)
        let item = try #require(await sim.call("GET", "/catalogs/c/items/x").json?["items"]?.arrayValue?.first)
        #expect(item == ["id": "x", "Name": "n", "Rating": 4.5, "Open": true, "Created_At": "2022-11-01T09:03:19.967Z"])
        _ = await sim.call("PATCH", "/catalogs/c/items/x", ["items": [["Created_At": "2022-11-01T11:03:19+02:00"]]])
        let patched = await sim.call("GET", "/catalogs/c/items/x").json?["items"]?.arrayValue?.first
        #expect(patched?["Created_At"] == "2022-11-01T09:03:19.000Z")
        #expect(patched?["Name"] == "n")
    }

    @Test func singleItemCallsAreSynchronousWithDocumentedStatuses() async {
        let sim = makeSimulator { $0.catalogItemWriteDelay = 1_000 }
        await sim.createCatalog("c")
        let created = await sim.call("POST", "/catalogs/c/items/a", ["items": [["Name": "A"]]])
        #expect(created.status == 201)
        #expect(await sim.call("GET", "/catalogs/c/items/a").json == ["items": [["id": "a", "Name": "A"]], "message": "success"])
        let again = await sim.call("POST", "/catalogs/c/items/a", ["items": [["Name": "A"]]])
        #expect(again.status == 400)
        #expect(again.errorIDs == ["item-already-exists"])
        #expect(await sim.call("PUT", "/catalogs/c/items/b", ["items": [["Name": "B"]]]).status == 200)
        #expect(await sim.call("PATCH", "/catalogs/c/items/a", ["items": [["Rating": 3]]]).status == 200)
        let missingPatch = await sim.call("PATCH", "/catalogs/c/items/zz", ["items": [["Rating": 3]]])
        #expect(missingPatch.status == 404)
        #expect(missingPatch.errorIDs == ["item-not-found"])
        let idInBody = await sim.call("PUT", "/catalogs/c/items/a", ["items": [["id": "a", "Name": "x"]]])
        #expect(idInBody.errorIDs == ["id-in-body"])
        let two = await sim.call("PUT", "/catalogs/c/items/a", ["items": [["Name": "x"], ["Name": "y"]]])
        #expect(two.errorIDs == ["request-includes-too-many-items"])
        #expect(await sim.call("DELETE", "/catalogs/c/items/a").status == 202)
        let gone = await sim.call("GET", "/catalogs/c/items/a")
        #expect(gone.status == 404)
        #expect(gone.json == [
            "errors": [["id": "item-not-found", "message": "Could not find item", "parameters": ["item_id"], "parameter_values": ["a"]]],
            "message": "Invalid Request",
        ])
        #expect(await sim.call("DELETE", "/catalogs/c/items/a").status == 404)
        let badID = await sim.call("PUT", "/catalogs/c/items/bad%20id", ["items": [["Name": "x"]]])
        #expect(badID.errorIDs == ["invalid-ids"])
        #expect(await sim.snapshot().catalogs[0].items.keys.sorted() == ["b"])
    }
}

@Suite("Catalog item paging at scale")
struct CatalogItemScaleTests {
    @Test func pagingSeesChangesBetweenPagesAndScalesToThousands() async throws {
        let sim = makeSimulator { $0.catalogItemWriteDelay = 0 }
        await sim.createCatalog("big", fields: [("id", "string")])
        for start in stride(from: 0, to: 5_000, by: 50) {
            let items = JSONValue.array((start..<(start + 50)).map { .object(["id": .string(String(format: "i%05d", $0))]) })
            let r = await sim.call("POST", "/catalogs/big/items", ["items": items])
            #expect(r.status == 202)
        }
        await sim.flushPendingItemWrites()
        let first = await sim.call("GET", "/catalogs/big/items")
        #expect(first.json?["items"]?.arrayValue?.first?["id"] == "i00000")
        // Same count, different set: delete one, add one that sorts first.
        #expect(await sim.call("DELETE", "/catalogs/big/items/i00000").status == 202)
        let emptyItem: JSONValue = ["items": [.object([:])]]
        #expect(await sim.call("PUT", "/catalogs/big/items/a0", emptyItem).status == 200)
        let again = await sim.call("GET", "/catalogs/big/items")
        #expect(again.json?["items"]?.arrayValue?.prefix(2).compactMap { $0["id"]?.stringValue } == ["a0", "i00001"])
        // Walk every page.
        var count = 0
        var target: String? = "/catalogs/big/items"
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            while let current = target {
                let page = await sim.call("GET", current)
                count += page.json?["items"]?.arrayValue?.count ?? 0
                target = CatalogItemTests.nextTarget(page.header("Link") ?? "")
            }
        }
        #expect(count == 5_000)
        #expect(elapsed < .seconds(20))
    }
}
