import Foundation
import Manifest
import Testing

@Suite("Catalog items from CSV")
struct CSVItemTests {
    static let header = "id,Name,Rating,Loyalty_Program,Created_At"

    @Test func readsTypedValues() {
        let csv = """
        id,Name,Rating,Loyalty_Program,Created_At
        r1,Restaurant1,5,true,2022-11-01T09:03:19.967+00:00
        r2,Bistro,-4.5,FALSE,2022-11-01T10:03:19+01:00
        r3,,,,

        """
        let (items, diagnostics) = read(csv, .csv)
        #expect(diagnostics.isEmpty)
        #expect(items.map(\.id) == ["r1", "r2", "r3"])
        let r1 = item(items, "r1")
        #expect(r1?.values["Name"] == .string("Restaurant1"))
        #expect(r1?.values["Rating"] == .number(5))
        #expect(r1?.values["Loyalty_Program"] == .boolean(true))
        #expect(r1?.values["Created_At"] == .time(nov1.addingTimeInterval(0.967)))
        #expect(r1?.values["id"] == nil)
        #expect(r1?.location?.description == "items.csv:2:1")
        let r2 = item(items, "r2")
        #expect(r2?.values["Rating"] == .number(-4.5))
        #expect(r2?.values["Loyalty_Program"] == .boolean(false))
        // Same instant written with another offset.
        #expect(r2?.values["Created_At"] == .time(nov1))
        // An empty cell: the empty string for a string field, null for the others.
        let r3 = item(items, "r3")
        #expect(r3?.values == ["Name": .string(""), "Rating": .null, "Loyalty_Program": .null, "Created_At": .null])
    }

    @Test func quotedCellsHoldCommasQuotesAndNewlines() {
        let csv = "id,Name,Rating,Loyalty_Program,Created_At\n"
            + "r1,\"Le Café, Paris\",1,true,2022-11-01\n"
            + "r2,\"The \"\"Best\"\" Diner\",2,false,2022-11-01\n"
            + "r3,\"Line one\nLine two\",3,true,2022-11-01\n"
            + "r4,\"\",4,true,\"2022-11-01\"\n"
            + "r5,x,abc,true,2022-11-01"   // no final newline; the error's line counts the embedded one
        let (items, diagnostics) = read(csv, .csv)
        #expect(item(items, "r1")?.values["Name"] == .string("Le Café, Paris"))
        #expect(item(items, "r2")?.values["Name"] == .string("The \"Best\" Diner"))
        #expect(item(items, "r3")?.values["Name"] == .string("Line one\nLine two"))
        #expect(item(items, "r4")?.values["Name"] == .string(""))
        // A date alone is midnight UTC.
        #expect(item(items, "r4")?.values["Created_At"] == .time(Date(timeIntervalSince1970: 1_667_260_800)))
        #expect(rendered(diagnostics) == ["items.csv:7:6: error: row 5 (line 7), field Rating: 'abc' is not a number"])
    }

    @Test func crlfLineEndingsAndByteOrderMark() {
        let csv = "\u{FEFF}id,Name,Rating,Loyalty_Program,Created_At\r\n"
            + "r1,A,1,true,2022-11-01T09:03:19Z\r\n"
            + "r2,\"two\r\nlines\",2,TRUE,2022-11-01T09:03:19Z\r\n"
            + "r3,B,3,maybe,2022-11-01T09:03:19Z\r\n"
            + "\r\n"
        let (items, diagnostics) = read(csv, .csv)
        #expect(items.map(\.id) == ["r1", "r2"])
        #expect(item(items, "r1")?.values["Name"] == .string("A"))
        #expect(item(items, "r1")?.values["Created_At"] == .time(nov1))
        #expect(item(items, "r2")?.values["Name"] == .string("two\r\nlines"))
        #expect(rendered(diagnostics) == [
            "items.csv:5:8: error: row 3 (line 5), field Loyalty_Program: 'maybe' is not a boolean (write true or false)",
        ])
    }

    /// A header of many unknown columns: the first 100 are explained (with "did you mean"),
    /// the rest counted, and the rows' problems after them counted too.
    @Test func manyUnknownColumnsAreExplainedUpToTheCapAndCounted() {
        let unknown = (0..<300).map { "Ratng\($0)" }
        let csv = Self.header + "," + unknown.joined(separator: ",") + "\nr1,x,5,true,2022-11-01" + String(repeating: ",", count: 300) + "\n"
        let (items, diagnostics) = read(csv, .csv)
        #expect(items.isEmpty)
        #expect(diagnostics.count == 101)
        #expect(diagnostics[0].message == "unknown column 'Ratng0': the catalog has no field 'Ratng0' (did you mean 'Rating'?)")
        #expect(diagnostics[99].message == "unknown column 'Ratng99': the catalog has no field 'Ratng99'")
        #expect(diagnostics[0..<100].allSatisfy { $0.message.contains(": the catalog has no field") })
        #expect(diagnostics[100].message == "... and 200 more problems in this file")
        #expect(diagnostics[100].location?.line == 1)
    }

    @Test func byteOrderMarkIsNotPartOfTheFirstHeader() {
        let csv = "\u{FEFF}Id,Name,Rating,Loyalty_Program,Created_At\n"
        let (_, diagnostics) = read(csv, .csv)
        #expect(rendered(diagnostics) == [
            "items.csv:1:1: error: unknown column 'Id': the catalog has no field 'Id' (did you mean 'id'?)",
            "items.csv:1:1: error: the header has no 'id' column; every item needs an id",
        ])
    }

    @Test func unterminatedQuoteIsReportedWhereItOpens() {
        let csv = """
        id,Name,Rating,Loyalty_Program,Created_At
        r1,A,1,true,2022-11-01
        r2,"Open, 2,true,2022-11-01
        r3,C,3,true,2022-11-01
        """
        let (items, diagnostics) = read(csv, .csv)
        #expect(items.map(\.id) == ["r1"])
        #expect(rendered(diagnostics) == [
            "items.csv:3:4: error: unterminated quoted cell: the quote opened here is never closed",
        ])
    }

    @Test func quoteInsideAnUnquotedCellAndTextAfterAClosingQuote() {
        let bare = read("\(Self.header)\nr1,5\" screen,1,true,2022-11-01\n", .csv)
        #expect(rendered(bare.diagnostics) == [
            "items.csv:2:5: error: quote inside an unquoted cell: quote the whole cell and double the quote (\"5\"\" screen\")",
        ])
        let after = read("\(Self.header)\nr1,\"A\"B,1,true,2022-11-01\n", .csv)
        #expect(rendered(after.diagnostics) == [
            "items.csv:2:7: error: unexpected text after the closing quote of a cell (a quote inside a quoted cell is written \"\")",
        ])
    }

    @Test func wrongCellCountNamesTheRowAndLine() {
        let csv = """
        id,Name,Rating,Loyalty_Program,Created_At
        r1,A,1,true,2022-11-01
        r2,B,2
        r3,C,3,true,2022-11-01,extra
        r4,D,4,true,2022-11-01
        """
        let (items, diagnostics) = read(csv, .csv)
        #expect(items.map(\.id) == ["r1", "r4"])
        #expect(rendered(diagnostics) == [
            "items.csv:3:1: error: row 2 (line 3) has 3 cells; the header has 5",
            "items.csv:4:1: error: row 3 (line 4) has 6 cells; the header has 5",
        ])
    }

    @Test func blankLinesAreSkipped() {
        let csv = "\(Self.header)\n\nr1,A,1,true,2022-11-01\n\n\nr2,B,2,true,2022-11-01\n\n"
        let (items, diagnostics) = read(csv, .csv)
        #expect(diagnostics.isEmpty)
        #expect(items.map(\.id) == ["r1", "r2"])
        #expect(item(items, "r2")?.location?.line == 6)
    }

    @Test func unknownHeaderSuggestsTheClosestField() {
        let csv = "id,Name,Ratng,Loyalty_Program,created_at,Colour\n"
        let (_, diagnostics) = read(csv, .csv)
        #expect(rendered(diagnostics) == [
            "items.csv:1:9: error: unknown column 'Ratng': the catalog has no field 'Ratng' (did you mean 'Rating'?)",
            "items.csv:1:31: error: unknown column 'created_at': the catalog has no field 'created_at' (did you mean 'Created_At'?)",
            "items.csv:1:42: error: unknown column 'Colour': the catalog has no field 'Colour'",
        ])
    }

    @Test func missingFieldColumnMeansNoValue() {
        // A field added to the manifest before the file has its column: no value in any item,
        // and the key is absent (not a written null), so the planner can tell the two apart.
        let csv = "id,Name,Loyalty_Program,Created_At\nr1,A,true,2022-11-01\n"
        let (items, diagnostics) = read(csv, .csv)
        #expect(diagnostics.isEmpty)
        #expect(items.map(\.id) == ["r1"])
        #expect(item(items, "r1")?.values["Rating"] == nil)
        #expect(item(items, "r1")?.values["Name"] == .string("A"))
    }

    @Test func duplicateHeader() {
        let csv = "id,Name,Rating,Name,Loyalty_Program,Created_At\n"
        let (_, diagnostics) = read(csv, .csv)
        #expect(rendered(diagnostics) == [
            "items.csv:1:16: error: column 'Name' appears twice in the header (first at items.csv:1:4)",
        ])
    }

    @Test func emptyHeaderName() {
        let (_, diagnostics) = read("id,Name,Rating,Loyalty_Program,Created_At,\n", .csv)
        #expect(rendered(diagnostics) == ["items.csv:1:43: error: the header has an empty column name (a stray comma?)"])
    }

        @Test func headerOnlyIsAnEmptySetAndAnEmptyFileIsAnError() {
        let headerOnly = read("\(Self.header)\n", .csv)
        #expect(headerOnly.items.isEmpty)
        #expect(headerOnly.diagnostics.isEmpty)
        let empty = read("", .csv)
        #expect(rendered(empty.diagnostics) == [
            "items.csv:1:1: error: the CSV file is empty; it needs a header row naming the catalog's fields (id first)",
        ])
    }

    @Test func duplicateIDNamesBothPlaces() {
        let csv = """
        id,Name,Rating,Loyalty_Program,Created_At
        r1,A,1,true,2022-11-01
        r2,B,2,true,2022-11-01
        r1,C,3,true,2022-11-01
        """
        let (items, diagnostics) = read(csv, .csv)
        #expect(items.map(\.id) == ["r1", "r2"])
        #expect(item(items, "r1")?.values["Name"] == .string("A"))
        #expect(rendered(diagnostics) == [
            "items.csv:4:1: error: row 3 (line 4): duplicate id 'r1', first used at items.csv:2:1",
        ])
    }

    @Test func idRules() {
        let long = String(repeating: "a", count: 251)
        let ok250 = String(repeating: "b", count: 250)
        let csv = """
        Name,id,Rating,Loyalty_Program,Created_At
        A,r 1,1,true,2022-11-01
        B,\(long),2,true,2022-11-01
        C,,3,true,2022-11-01
        D,r.4,4,true,2022-11-01
        E,\(ok250),5,true,2022-11-01
        F,Good-id_6,6,true,2022-11-01
        """
        let (items, diagnostics) = read(csv, .csv)
        #expect(items.map(\.id) == [ok250, "Good-id_6"])
        #expect(rendered(diagnostics) == [
            "items.csv:2:3: error: row 1 (line 2): id 'r 1' contains a space; ids may hold only letters, digits, '-' and '_'",
            "items.csv:3:3: error: row 2 (line 3): id is 251 characters long; Braze allows at most 250",
            "items.csv:4:3: error: row 3 (line 4) has an empty id",
            "items.csv:5:3: error: row 4 (line 5): id 'r.4' contains '.'; ids may hold only letters, digits, '-' and '_'",
        ])
    }

    @Test func valueOverFiveThousandCharacters() {
        let big = String(repeating: "é", count: 5_001)
        let fits = String(repeating: "é", count: 5_000)
        let csv = "\(Self.header)\nr1,\(big),1,true,2022-11-01\nr2,\(fits),1,true,2022-11-01\n"
        let (items, diagnostics) = read(csv, .csv)
        #expect(items.map(\.id) == ["r2"])
        #expect(rendered(diagnostics) == [
            "items.csv:2:4: error: row 1 (line 2), field Name: value is 5,001 characters long; Braze allows at most 5,000",
        ])
    }

    @Test func uncoercibleValuesWithCharacterColumns() {
        let csv = """
        id,Name,Rating,Loyalty_Program,Created_At
        r1,Café Noël,abc,yes,2022-11-01T09:03:19
        r2,B,NaN,true,2022-13-01
        r3,C,inf,true,2022-02-30T00:00:00Z
        r4,D, 7 ,  True ,2022-11-01T09:03:19.5-05:00
        """
        let (items, diagnostics) = read(csv, .csv)
        #expect(items.map(\.id) == ["r4"])
        #expect(item(items, "r4")?.values["Rating"] == .number(7))
        #expect(item(items, "r4")?.values["Loyalty_Program"] == .boolean(true))
        #expect(item(items, "r4")?.values["Created_At"] == .time(nov1.addingTimeInterval(5 * 3600 + 0.5)))
        let hint = "write ISO-8601 with a time zone, such as 2022-11-01T09:03:19.967+00:00, or a date such as 2022-11-01"
        #expect(rendered(diagnostics) == [
            "items.csv:2:14: error: row 1 (line 2), field Rating: 'abc' is not a number",
            "items.csv:2:18: error: row 1 (line 2), field Loyalty_Program: 'yes' is not a boolean (write true or false)",
            "items.csv:2:22: error: row 1 (line 2), field Created_At: '2022-11-01T09:03:19' is not a time; \(hint)",
            "items.csv:3:6: error: row 2 (line 3), field Rating: 'NaN' is not a number",
            "items.csv:3:15: error: row 2 (line 3), field Created_At: '2022-13-01' is not a time; \(hint)",
            "items.csv:4:6: error: row 3 (line 4), field Rating: 'inf' is not a number",
            "items.csv:4:15: error: row 3 (line 4), field Created_At: '2022-02-30T00:00:00Z' is not a time; \(hint)",
        ])
    }

    @Test func arrayAndObjectCellsHoldJSON() {
        let csv = """
        id,Name,Rating,Loyalty_Program,Created_At,Tags,Location
        r1,A,1,true,2022-11-01,"[""vegan"", ""late""]","{""Latitude"": 33.6, ""Longitude"": -117.8}"
        r2,B,2,true,2022-11-01,,
        r3,C,3,true,2022-11-01,[1,{}
        r4,D,4,true,2022-11-01,{},"{""a.b"": 1}"
        """
        let (items, diagnostics) = read(csv, .csv, fields: richFields)
        #expect(items.map(\.id) == ["r1", "r2"])
        #expect(item(items, "r1")?.values["Tags"] == .array([.string("vegan"), .string("late")]))
        #expect(item(items, "r1")?.values["Location"] == .object([("Latitude", .number(33.6)), ("Longitude", .number(-117.8))]))
        #expect(item(items, "r2")?.values["Tags"] == .null)
        #expect(item(items, "r2")?.values["Location"] == .null)
        #expect(rendered(diagnostics) == [
            // `[1` then `{}`: an unquoted comma splits the JSON into two cells.
            "items.csv:4:24: error: row 3 (line 4), field Tags: '[1' is not valid JSON (unterminated array: expected ',' or ']', found end of input); an array field's cell holds JSON text",
            "items.csv:5:24: error: row 4 (line 5), field Tags: expected a list, found an object",
            "items.csv:5:27: error: row 4 (line 5), field Location: key 'a.b' contains '.'; Braze refuses '.' and '$' in object keys",
        ])
    }

    @Test func invalidUTF8IsReportedWithItsLine() {
        var bytes = Array("\(Self.header)\nr1,A,1,true,2022-11-01\nr2,B".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(",2,true,2022-11-01\n".utf8)
        let (items, diagnostics) = CatalogItemReader(fields: restaurantFields).read(bytes: bytes, format: .csv, displayPath: "items.csv")
        #expect(items.isEmpty)
        #expect(rendered(diagnostics) == ["items.csv:3:5: error: the file is not valid UTF-8 text (save it as UTF-8)"])
    }

    @Test func problemsAreCappedPerFile() {
        var csv = "\(Self.header)\n"
        for i in 1...150 { csv += "r\(i),A,x\(i),true,2022-11-01\n" }
        let (items, diagnostics) = read(csv, .csv)
        #expect(items.isEmpty)
        #expect(diagnostics.count == 101)
        #expect(diagnostics[99].description == "items.csv:101:8: error: row 100 (line 101), field Rating: 'x100' is not a number")
        #expect(diagnostics[100].description == "items.csv:102:8: error: ... and 50 more problems in this file")
    }

    @Test func readsFromAFileAndRefusesUnknownExtensions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("items-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csvURL = dir.appendingPathComponent("restaurants.CSV")
        try Data("\(Self.header)\nr1,A,1,true,2022-11-01\n".utf8).write(to: csvURL)
        let reader = CatalogItemReader(fields: restaurantFields)
        let ok = reader.read(fileAt: csvURL.path, displayPath: "catalogs/restaurants.CSV")
        #expect(ok.diagnostics.isEmpty)
        #expect(ok.items.first?.location?.description == "catalogs/restaurants.CSV:2:1")

        let txt = reader.read(fileAt: dir.appendingPathComponent("items.txt").path, displayPath: "items.txt")
        #expect(rendered(txt.diagnostics) == [
            "items.txt:1:1: error: items file 'items.txt' has an unsupported extension; use .csv, .json, .jsonl, .yaml or .yml",
        ])
        let missing = reader.read(fileAt: dir.appendingPathComponent("nope.json").path, displayPath: "nope.json")
        #expect(rendered(missing.diagnostics) == ["nope.json:1:1: error: cannot read items file 'nope.json': no such file (or a broken symbolic link)"])
    }
}
