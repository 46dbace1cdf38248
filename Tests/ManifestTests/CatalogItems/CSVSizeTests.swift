import Foundation
import Manifest
import Testing

@Suite("Catalog items: large CSV files")
struct CSVSizeTests {
    static let fields: [CatalogField] = restaurantFields + [CatalogField(name: "City", type: .string)]

    /// 100,000 rows × 6 fields, with quoted cells every 7th row.
    static func generate(rows: Int) -> [UInt8] {
        var text = "id,Name,Rating,Loyalty_Program,Created_At,City\n"
        text.reserveCapacity(rows * 80)
        for i in 0..<rows {
            let name = i % 7 == 0 ? "\"Restaurant \"\"\(i)\"\", Inc\"" : "Restaurant \(i)"
            text += "r\(i),\(name),\(i % 10).5,\(i % 2 == 0 ? "true" : "false"),2022-11-01T09:03:19.967+00:00,New York\n"
        }
        return Array(text.utf8)
    }

    @Test func hundredThousandRows() {
        let bytes = Self.generate(rows: 100_000)
        let clock = ContinuousClock()
        var result: (items: [CatalogItem], diagnostics: [Diagnostic]) = ([], [])
        let elapsed = clock.measure {
            result = CatalogItemReader(fields: Self.fields).read(bytes: bytes, format: .csv, displayPath: "big.csv")
        }
        #expect(result.diagnostics.isEmpty)
        #expect(result.items.count == 100_000)
        let sample = result.items[70_000]
        #expect(sample.id == "r70000")
        #expect(sample.values["Name"] == .string("Restaurant \"70000\", Inc"))
        #expect(sample.values["Rating"] == .number(0.5))
        #expect(sample.values["Loyalty_Program"] == .boolean(true))
        #expect(sample.values["Created_At"] == .time(nov1.addingTimeInterval(0.967)))
        #expect(sample.values["City"] == .string("New York"))
        #expect(sample.location?.description == "big.csv:70002:1")
        #expect(result.items[99_999].values["Name"] == .string("Restaurant 99999"))
        // Generous for debug builds on a shared machine; release takes a fraction of this.
        #expect(elapsed < .seconds(20))
    }

    @Test func systematicErrorStaysReadable() {
        var text = "id,Name,Rating,Loyalty_Program,Created_At,City\n"
        for i in 0..<20_000 { text += "r\(i),A,high,true,2022-11-01,NY\n" }
        let (items, diagnostics) = CatalogItemReader(fields: Self.fields).read(bytes: Array(text.utf8), format: .csv, displayPath: "big.csv")
        #expect(items.isEmpty)
        #expect(diagnostics.count == 101)
        #expect(diagnostics.last?.message == "... and 19,900 more problems in this file")
    }
}
