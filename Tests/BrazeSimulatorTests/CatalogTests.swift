import BrazeCore
import Foundation
import Testing
import VirtualTime
@testable import BrazeSimulator

@Suite("Catalogs")
struct CatalogTests {
    static func spec(name: JSONValue = "restaurants", description: JSONValue = "My Restaurants", fields: JSONValue? = nil) -> JSONValue {
        ["catalogs": [[
            "name": name, "description": description,
            "fields": fields ?? [["name": "id", "type": "string"], ["name": "Rating", "type": "number"]],
        ]]]
    }

    @Test func createListDelete() async throws {
        let sim = makeSimulator()
        let created = await sim.call("POST", "/catalogs", Self.spec())
        #expect(created.status == 201)
        #expect(created.json?["catalogs"]?.arrayValue?.first?["num_items"] == 0)
        #expect(created.json?["catalogs"]?.arrayValue?.first?["updated_at"] == "2026-01-01T00:00:00.000+00:00")
        let list = await sim.call("GET", "/catalogs")
        let catalogs = try #require(list.json?["catalogs"]?.arrayValue)
        #expect(catalogs.count == 1)
        #expect(catalogs[0]["fields"] == [["name": "id", "type": "string"], ["name": "Rating", "type": "number"]])
        #expect(await sim.call("DELETE", "/catalogs/restaurants").status == 200)
        let missing = await sim.call("DELETE", "/catalogs/restaurants")
        #expect(missing.status == 404)
        #expect(missing.json == [
            "errors": [["id": "catalog-not-found", "message": "Could not find catalog", "parameters": ["catalog_name"], "parameter_values": ["restaurants"]]],
            "message": "Invalid Request",
        ])
        // A deleted catalog's name can be used again.
        #expect(await sim.call("POST", "/catalogs", Self.spec()).status == 201)
    }

    @Test func duplicateNameIsRefusedWithDocumentedBody() async {
        let sim = makeSimulator()
        _ = await sim.call("POST", "/catalogs", Self.spec())
        let again = await sim.call("POST", "/catalogs", Self.spec())
        #expect(again.status == 400)
        #expect(again.json == [
            "errors": [["id": "catalog-name-already-exists", "message": "A catalog with that name already exists", "parameters": ["name"], "parameter_values": ["restaurants"]]],
            "message": "Invalid Request",
        ])
    }

    static let idField: JSONValue = ["name": "id", "type": "string"]

    @Test(arguments: [BodyCase](arrayLiteral:

        BodyCase(spec(name: .string(String(repeating: "c", count: 251))), "catalog-name-too-large"),
        BodyCase(spec(name: "bad name"), "invalid_catalog_name"),
        BodyCase(spec(description: .string(String(repeating: "d", count: 251))), "description-too-long"),
        BodyCase(spec(fields: [idField, ["name": "a", "type": "string"], ["name": "a", "type": "number"]]), "field-names-not-unique"),
        BodyCase(spec(fields: [idField, ["name": .string(String(repeating: "f", count: 251)), "type": "string"]]), "field-names-too-large"),
        BodyCase(spec(fields: [["name": "Name", "type": "string"], idField]), "id-not-first-column"),
        BodyCase(spec(fields: [["name": "id", "type": "number"]]), "id-not-first-column"),
        BodyCase(spec(fields: [idField, ["name": "bad.name", "type": "string"]]), "invalid-field-names"),
        BodyCase(spec(fields: [idField, ["name": "x", "type": "date"]]), "invalid-field-types"),
        BodyCase(spec(fields: "nope"), "invalid-fields"),
        BodyCase(spec(fields: [idField, ["name": "x"]]), "invalid-fields"),
        BodyCase(["catalogs": "x"], "catalog-array-invalid"),
        BodyCase(["catalogs": [["name": "a", "description": "", "fields": [idField]], ["name": "b", "description": "", "fields": [idField]]]], "too-many-catalog-atoms")
    ))
    func createRefusesInvalidSpec(testCase: BodyCase) async {
        let sim = makeSimulator()
        let response = await sim.call("POST", "/catalogs", testCase.body)
        #expect(response.status == 400)
        #expect(response.errorIDs.contains(testCase.expected), "\(response.bodyText)")
        #expect(response.message == "Invalid Request")
        #expect(await sim.snapshot().catalogs.isEmpty)
    }

    @Test func fieldLimitIsConfigurableAndArrayObjectTypesAccepted() async {
        let fields: [JSONValue] = [["name": "id", "type": "string"]] + (1..<31).map { ["name": .string("f\($0)"), "type": "string"] }
        let seed = makeSimulator()
        let refused = await seed.call("POST", "/catalogs", Self.spec(fields: .array(fields)))
        #expect(refused.errorIDs == ["too-many-fields"])
        let current = makeSimulator { $0.maxCatalogFields = 500 }
        #expect(await current.call("POST", "/catalogs", Self.spec(fields: .array(fields))).status == 201)
        let typed = await current.call("POST", "/catalogs", Self.spec(name: "typed", fields: [
            ["name": "id", "type": "string"], ["name": "tags", "type": "array"], ["name": "meta", "type": "object"],
        ]))
        #expect(typed.status == 201)
        let strict = makeSimulator { $0.allowsArrayAndObjectFieldTypes = false }
        let refusedTypes = await strict.call("POST", "/catalogs", Self.spec(fields: [["name": "id", "type": "string"], ["name": "tags", "type": "array"]]))
        #expect(refusedTypes.errorIDs == ["invalid-field-types"])
    }
}

@Suite("Catalog fields (current API, beyond the seed)")
struct CatalogFieldTests {
    @Test func fieldsAreAddedAndRemovedAsynchronously() async {
        let clock = VirtualTimeSource()
        let sim = makeSimulator(clock: clock) { $0.catalogItemWriteDelay = 2 }
        await sim.createCatalog("c", fields: [("id", "string"), ("Name", "string")])
        _ = await sim.call("PUT", "/catalogs/c/items/a", ["items": [["Name": "A"]]])
        let add = await sim.call("POST", "/catalogs/c/fields", ["fields": [["name": "Rating", "type": "number"]]])
        #expect(add.status == 202)
        // Not there yet: items using it are refused.
        #expect(await sim.call("PATCH", "/catalogs/c/items/a", ["items": [["Rating": 1]]]).errorIDs == ["invalid-fields"])
        clock.advance(by: 2)
        #expect(await sim.call("PATCH", "/catalogs/c/items/a", ["items": [["Rating": 1]]]).status == 200)
        #expect(await sim.call("POST", "/catalogs/c/fields", ["fields": [["name": "Name", "type": "string"]]]).errorIDs == ["field-names-not-unique"])
        #expect(await sim.call("DELETE", "/catalogs/c/fields/id").status == 400)
        #expect(await sim.call("DELETE", "/catalogs/c/fields/Nope").status == 404)
        #expect(await sim.call("DELETE", "/catalogs/c/fields/Name").status == 202)
        clock.advance(by: 2)
        let snapshot = await sim.snapshot()
        #expect(snapshot.catalogs[0].fields.map(\.name) == ["id", "Rating"])
        #expect(snapshot.catalogs[0].items["a"] == ["Rating": 1])
    }
}
