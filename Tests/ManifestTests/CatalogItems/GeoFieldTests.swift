import Foundation
import Manifest
import Testing

/// The geolocation field type, `geo`: `[longitude, latitude]` (issue 13).
@Suite struct GeoFieldTests {
    static let fields = [CatalogField(name: "id", type: .string), CatalogField(name: "Where", type: .geo)]

    @Test func csvCellsHoldLongitudeThenLatitude() {
        let csv = """
        id,Where
        berlin,"[13.405, 52.52]"
        none,
        east,"[180.5, 0]"
        north,"[0, -91]"
        three,"[1, 2, 3]"
        text,"[""13"", 52]"
        word,here
        """
        let (items, diagnostics) = read(csv, .csv, fields: Self.fields)
        #expect(items.map(\.id) == ["berlin", "none"])
        #expect(item(items, "berlin")?.values["Where"] == .array([.number(13.405), .number(52.52)]))
        #expect(item(items, "none")?.values["Where"] == .null)
        let messages = rendered(diagnostics)
        #expect(messages.count == 5)
        #expect(messages[0].contains("longitude 180.5 is outside -180...180"))
        #expect(messages[1].contains("latitude -91 is outside -90...90"))
        #expect(messages[2].contains("a geolocation holds two numbers, found 3 values"), "\(messages[2])")
        #expect(messages[3].contains("a geolocation holds two numbers"))
        #expect(messages[4].contains("'here' is not a geolocation; write [longitude, latitude]"))
    }

    @Test func yamlTakesAListOfTwoNumbers() {
        let yaml = """
        - {id: a, Where: [-122.42, 37.77]}
        - {id: b, Where: {lon: 1, lat: 2}}
        """
        let (items, diagnostics) = read(yaml, .yaml, fields: Self.fields)
        #expect(items.map(\.id) == ["a"])
        #expect(item(items, "a")?.values["Where"] == .array([.number(-122.42), .number(37.77)]))
        #expect(rendered(diagnostics).count == 1)
    }

    @Test func theManifestTypeIsGeo() {
        #expect(CatalogFieldType(rawValue: "geo") == .geo)
    }
}
