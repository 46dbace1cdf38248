import Foundation
import Manifest
import Testing

@Suite("Catalog item values: times, numbers, sizes, nesting")
struct ItemValueRulesTests {
    /// Reads one CSV row whose Created_At is `time` and Rating is `rating`.
    private func row(time: String = "", rating: String = "") -> (value: [String: ItemValue]?, problems: [String]) {
        let csv = "id,Name,Rating,Loyalty_Program,Created_At\nr1,A,\(rating),true,\(time)\n"
        let (items, diagnostics) = read(csv, .csv)
        return (items.first?.values, diagnostics.map(\.message))
    }

    @Test(arguments: [
        ("2022-11-01T09:03:19.967+00:00", 1_667_293_399.967),
        ("2022-11-01T09:03:19.967Z", 1_667_293_399.967),
        ("2022-11-01T09:03:19.9670Z", 1_667_293_399.967),
        ("2022-11-01T09:03:19Z", 1_667_293_399),
        ("2022-11-01t09:03:19z", 1_667_293_399),
        ("2022-11-01 09:03:19+00:00", 1_667_293_399),
        ("2022-11-01T10:03:19+01:00", 1_667_293_399),
        ("2022-11-01T04:03:19-0500", 1_667_293_399),
        ("2022-11-01", 1_667_260_800),
        ("2024-02-29", 1_709_164_800),
        ("1969-12-31T23:59:59Z", -1),
    ])
    func timesAreInstants(text: String, seconds: Double) {
        let (values, problems) = row(time: text)
        #expect(problems.isEmpty)
        #expect(values?["Created_At"] == .time(Date(timeIntervalSince1970: seconds)))
    }

    @Test(arguments: [
        "2022-11-01T09:03:19", "2022-11-01 09:03:19", "2023-02-29", "2022-11-31", "2022-11-01T24:00:00Z",
        "2022-11-01T09:03Z", "2022-11-01T09:03:19.Z", "2022-11-01T09:03:19+25:00", "1667293399", "yesterday",
    ])
    func malformedTimesAreRefused(text: String) {
        let (values, problems) = row(time: text)
        #expect(values == nil)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("row 1 (line 2), field Created_At: '\(text)' is not a time;") == true)
    }

    @Test(arguments: [("5", 5.0), ("-3.25", -3.25), ("+7", 7), ("1e3", 1000), ("2.5E-1", 0.25), ("0", 0)])
    func numbers(text: String, value: Double) {
        let (values, problems) = row(rating: text)
        #expect(problems.isEmpty)
        #expect(values?["Rating"] == .number(value))
    }

    @Test(arguments: ["NaN", "inf", "-Infinity", "1e999", "0x10", "1,5", "1.", ".5", "5 stars", "--1"])
    func notNumbers(text: String) {
        let (values, problems) = row(rating: text.contains(",") ? "\"\(text)\"" : text)
        #expect(values == nil)
        #expect(problems == ["row 1 (line 2), field Rating: '\(text)' is not a number"])
    }

    @Test func nestingIsLimitedToFiftyLevels() {
        func document(levels: Int) -> (text: String, deepest: Int) {
            let prefix = #"[{"id": "r1", "Name": "A", "Rating": 1, "Loyalty_Program": true, "Created_At": null, "Tags": null, "Location": "#
            let open = String(repeating: #"{"a":"#, count: levels)
            let close = String(repeating: "}", count: levels)
            // Column of the innermost object's brace.
            return (prefix + open + "1" + close + "}]", prefix.count + 5 * (levels - 1) + 1)
        }
        let fifty = read(document(levels: 50).text, .json, fields: richFields)
        #expect(fifty.diagnostics.isEmpty)
        #expect(fifty.items.count == 1)
        let (text, column) = document(levels: 51)
        let deep = read(text, .json, fields: richFields)
        #expect(deep.items.isEmpty)
        #expect(rendered(deep.diagnostics) == [
            "items.json:1:\(column): error: item 1, field Location: value nested more than 50 levels deep; Braze allows at most 50",
        ])
    }

    @Test func arrayAndObjectSizeIsTheirJSONText() {
        let tags = Array(repeating: "\"abcd\"", count: 1_000).joined(separator: ",")
        let json = #"[{"id": "r1", "Name": "A", "Rating": 1, "Loyalty_Program": true, "Created_At": null, "Location": null, "Tags": ["# + tags + "]}]"
        let (items, diagnostics) = read(json, .json, fields: richFields)
        #expect(items.isEmpty)
        // 1,000 × `"abcd"` + 999 commas + brackets.
        #expect(rendered(diagnostics) == [
            "items.json:1:112: error: item 1, field Tags: value (as JSON) is 7,001 characters long; Braze allows at most 5,000",
        ])
    }

    @Test func catalogWithoutAnExplicitIDFieldStillKeysByID() {
        let fields = [CatalogField(name: "Name", type: .string)]
        let (items, diagnostics) = read("id,Name\nx,A\n", .csv, fields: fields)
        #expect(diagnostics.isEmpty)
        #expect(items == [CatalogItem(id: "x", values: ["Name": .string("A")])])
    }
}
