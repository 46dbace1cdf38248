import Foundation
import Manifest
import Testing

@Suite("Catalog items from JSON and JSONL")
struct JSONItemTests {
    static let hint = "write ISO-8601 with a time zone, such as 2022-11-01T09:03:19.967+00:00, or a date such as 2022-11-01"

    @Test func readsTypedValuesAndNestedContainers() {
        let json = """
        [
          {"id": "r1", "Name": "Caf\\u00e9 \\"A\\"", "Rating": 5, "Loyalty_Program": true, "Created_At": "2022-11-01T09:03:19.967+00:00",
           "Tags": ["a", 1, null], "Location": {"Longitude": -117.8711, "Latitude": 33.6112, "Nested": {"k": [true]}}},
          {"id": "r2", "Name": null, "Rating": 4.5e1, "Loyalty_Program": false, "Created_At": "2022-11-01T09:03:19.967Z",
           "Tags": [], "Location": {}}
        ]
        """
        let (items, diagnostics) = read(json, .json, fields: richFields)
        #expect(diagnostics.isEmpty)
        #expect(items.map(\.id) == ["r1", "r2"])
        let r1 = item(items, "r1")
        #expect(r1?.location?.description == "items.json:2:3")
        #expect(r1?.values["Name"] == .string("Café \"A\""))
        #expect(r1?.values["Rating"] == .number(5))
        #expect(r1?.values["Loyalty_Program"] == .boolean(true))
        #expect(r1?.values["Tags"] == .array([.string("a"), .number(1), .null]))
        // Keys keep the order they were written in.
        guard case .object(let pairs)? = r1?.values["Location"] else {
            Issue.record("Location is not an object")
            return
        }
        #expect(pairs.map(\.key) == ["Longitude", "Latitude", "Nested"])
        #expect(pairs[2].value == .object([("k", .array([.boolean(true)]))]))
        let r2 = item(items, "r2")
        #expect(r2?.location?.description == "items.json:4:3")
        #expect(r2?.values["Name"] == .null)
        #expect(r2?.values["Rating"] == .number(45))
        // Times compare by instant: `+00:00` and `Z` are the same time.
        #expect(r2?.values["Created_At"] == r1?.values["Created_At"])
        #expect(r2?.values["Created_At"] == .time(nov1.addingTimeInterval(0.967)))
    }

    @Test func itemProblemsAreReportedAtTheirValues() {
        let json = """
        [
          {"id": "r1", "Name": 5, "Rating": "5", "Loyalty_Program": "true", "Created_At": 1667293399},
          {"id": 7, "Name": "B", "Rating": 1, "Loyalty_Program": true, "Created_At": null},
          {"Name": "C", "Rating": 1, "Loyalty_Program": true, "Created_At": null},
          {"id": "r4", "Name": "D", "Ratin": 1, "Loyalty_Program": true},
          "r5",
          {"id": "r6", "Name": "F", "Rating": 1, "Loyalty_Program": true, "Created_At": null, "Name": "G"}
        ]
        """
        let (items, diagnostics) = read(json, .json)
        #expect(items.isEmpty)
        #expect(rendered(diagnostics) == [
            "items.json:2:24: error: item 1, field Name: expected text, found the number 5 (write it in quotes)",
            "items.json:2:37: error: item 1, field Rating: expected a number, found the text '5' (write it without quotes)",
            "items.json:2:61: error: item 1, field Loyalty_Program: expected a boolean, found the text 'true' (write it without quotes)",
            "items.json:2:83: error: item 1, field Created_At: expected a time as text, found a number; \(Self.hint)",
            "items.json:3:10: error: item 2: id must be text, found a number",
            "items.json:4:3: error: item 3 has no id",
            "items.json:5:3: error: item 4 ('r4') lacks fields Rating, Created_At; Braze's bulk create needs every field of the catalog (write null for no value)",
            "items.json:5:29: error: item 4: the catalog has no field 'Ratin' (did you mean 'Rating'?)",
            "items.json:6:3: error: item 5: expected an object of field values, found a string",
            "items.json:7:87: error: item 6: field 'Name' is written twice (first at items.json:7:16)",
        ])
    }

    @Test func minifiedJSONHasCharacterColumns() throws {
        let first = #"{"id": "a", "Name": "Crème brûlée ☕", "Rating": 1, "Loyalty_Program": true, "Created_At": null}"#
        let second = #"{"id": "b", "Name": "B", "Rating": "x", "Loyalty_Program": true, "Created_At": null}"#
        let third = first.replacingOccurrences(of: #""a""#, with: #""c""#)
        let json = "[" + first + "," + second + "," + third + "]"
        let (items, diagnostics) = read(json, .json)
        #expect(items.map(\.id) == ["a", "c"])
        #expect(items.first?.location?.description == "items.json:1:2")
        #expect(items.last?.location?.description == "items.json:1:\(first.count + second.count + 4)")
        // Columns count characters, not bytes.
        let secondColumn = first.count + 3
        let rating = try #require(second.range(of: #""x""#))
        let ratingColumn = secondColumn + second.distance(from: second.startIndex, to: rating.lowerBound)
        #expect(rendered(diagnostics) == ["items.json:1:\(ratingColumn): error: item 2, field Rating: 'x' is not a number"])
    }

        @Test func topLevelMustBeAnArray() {
        let (items, diagnostics) = read("\n  {\"id\": \"r1\"}\n", .json)
        #expect(items.isEmpty)
        #expect(rendered(diagnostics) == ["items.json:2:3: error: expected a JSON array of item objects, found an object"])
    }

    @Test func syntaxErrorsHaveTheirPosition() {
        let trailingComma = read("[\n  {\"id\": \"r1\",}\n]", .json)
        #expect(rendered(trailingComma.diagnostics) == [
            "items.json:2:15: error: invalid JSON: expected a quoted object key, found '}'",
        ])
        let unterminated = read("[\n  {\"id\": \"r1\n\"}]", .json)
        #expect(rendered(unterminated.diagnostics) == [
            "items.json:2:10: error: invalid JSON: unterminated string (a newline inside a string must be written \\n)",
        ])
        let empty = read("", .json)
        #expect(rendered(empty.diagnostics) == ["items.json:1:1: error: the JSON file is empty; write [] for a catalog with no items"])
        let trailing = read("[] []", .json)
        #expect(rendered(trailing.diagnostics) == ["items.json:1:4: error: invalid JSON: unexpected '[' after the JSON value"])
    }

    @Test func jsonLinesReportEachBadLineAndGoOn() {
        let jsonl = """
        {"id": "r1", "Name": "A", "Rating": 1, "Loyalty_Program": true, "Created_At": "2022-11-01"}
        {"id": "r2", "Name": }

        {"id": "r3", "Name": "C", "Rating": "x", "Loyalty_Program": true, "Created_At": "2022-11-01"}
        [1]
        {"id": "r1", "Name": "D", "Rating": 4, "Loyalty_Program": true, "Created_At": "2022-11-01"}\r
        {"id": "r7", "Name": "G", "Rating": 7, "Loyalty_Program": false, "Created_At": null}
        """
        let (items, diagnostics) = read(jsonl, .jsonl)
        #expect(items.map(\.id) == ["r1", "r7"])
        #expect(item(items, "r7")?.location?.description == "items.jsonl:7:1")
        #expect(rendered(diagnostics) == [
            "items.jsonl:2:22: error: line 2: invalid JSON: expected a JSON value, found '}'",
            "items.jsonl:4:37: error: item 3 (line 4), field Rating: 'x' is not a number",
            "items.jsonl:5:1: error: item 4 (line 5): expected an object of field values, found a list",
            "items.jsonl:6:8: error: item 5 (line 6): duplicate id 'r1', first used at items.jsonl:1:8",
        ])
    }

    @Test func emptyJSONLinesFileIsAnEmptySet() {
        let (items, diagnostics) = read("\n\n", .jsonl)
        #expect(items.isEmpty)
        #expect(diagnostics.isEmpty)
    }
}
