import Foundation
import Manifest
import Testing
import YAML

@Suite("Catalog items from YAML and inline lists")
struct YAMLItemTests {
    static let hint = "write ISO-8601 with a time zone, such as 2022-11-01T09:03:19.967+00:00, or a date such as 2022-11-01"

    @Test func readsTypedValues() {
        let yaml = """
        # restaurants
        - id: r1
          Name: Restaurant1
          Rating: 5
          Loyalty_Program: yes
          Created_At: 2022-11-01T09:03:19.967+00:00
          Tags: [vegan, 2, "3"]
          Location: {Latitude: 33.6, Longitude: -117.8}
        - id: 42
          Name: 007
          Rating: 4.5
          Loyalty_Program: false
          Created_At: 2022-11-01
          Tags: ~
          Location:
        """
        let (items, diagnostics) = read(yaml, .yaml, fields: richFields)
        #expect(diagnostics.isEmpty)
        #expect(items.map(\.id) == ["r1", "42"])
        let r1 = item(items, "r1")
        #expect(r1?.location?.description == "items.yaml:2:3")
        #expect(r1?.values["Rating"] == .number(5))
        #expect(r1?.values["Loyalty_Program"] == .boolean(true))
        #expect(r1?.values["Created_At"] == .time(nov1.addingTimeInterval(0.967)))
        #expect(r1?.values["Tags"] == .array([.string("vegan"), .number(2), .string("3")]))
        #expect(r1?.values["Location"] == .object([("Latitude", .number(33.6)), ("Longitude", .number(-117.8))]))
        let r42 = item(items, "42")
        // A plain scalar that YAML reads as a number keeps its text in a string field.
        #expect(r42?.values["Name"] == .string("007"))
        #expect(r42?.values["Created_At"] == .time(Date(timeIntervalSince1970: 1_667_260_800)))
        #expect(r42?.values["Tags"] == .null)
        #expect(r42?.values["Location"] == .null)
    }

    @Test func itemProblemsAreReportedAtTheirNodes() {
        let yaml = """
        - id: r1
          Name: [a]
          Rating: "5"
          Loyalty_Program: maybe
          Created_At: 2022-11-01T09:03:19
          Ratin: 3
        - id: r2
          Name: B
          Rating: 1
          Loyalty_Program: true
          Created_At: ~
          Tags: {a: 1}
          Location:
            a.b: 1
            $where: 2
            ok: {deep: [1]}
        - plain text
        """
        let (items, diagnostics) = read(yaml, .yaml, fields: richFields)
        #expect(items.isEmpty)
        #expect(rendered(diagnostics) == [
            "items.yaml:1:3: error: item 1 ('r1') lacks fields Tags, Location; Braze's bulk create needs every field of the catalog (write null for no value)",
            "items.yaml:2:9: error: item 1, field Name: expected text, found a list",
            "items.yaml:3:11: error: item 1, field Rating: expected a number, found the text '5' (write it without quotes)",
            "items.yaml:4:20: error: item 1, field Loyalty_Program: 'maybe' is not a boolean (write true or false)",
            "items.yaml:5:15: error: item 1, field Created_At: '2022-11-01T09:03:19' is not a time; \(Self.hint)",
            "items.yaml:6:3: error: item 1: the catalog has no field 'Ratin' (did you mean 'Rating'?)",
            "items.yaml:12:9: error: item 2, field Tags: expected a list, found an object",
            "items.yaml:14:5: error: item 2, field Location: key 'a.b' contains '.'; Braze refuses '.' and '$' in object keys",
            "items.yaml:15:5: error: item 2, field Location: key '$where' contains '$'; Braze refuses '.' and '$' in object keys",
            "items.yaml:17:3: error: item 3: expected an object of field values, found a string",
        ])
    }

    @Test func duplicateIDsAcrossItems() {
        let yaml = """
        - {id: r1, Name: A, Rating: 1, Loyalty_Program: true, Created_At: null}
        - {id: r1, Name: B, Rating: 2, Loyalty_Program: true, Created_At: null}
        """
        let (items, diagnostics) = read(yaml, .yaml)
        #expect(items.map(\.id) == ["r1"])
        #expect(rendered(diagnostics) == ["items.yaml:2:8: error: item 2: duplicate id 'r1', first used at items.yaml:1:8"])
    }

    @Test func fileMustHoldOneList() {
        let mapping = read("id: r1\nName: A\n", .yaml)
        #expect(rendered(mapping.diagnostics) == [
            "items.yaml:1:1: error: the file must be a list of items (mappings of field values), found a mapping",
        ])
        let empty = read("# nothing\n", .yaml)
        #expect(rendered(empty.diagnostics) == ["items.yaml:1:1: error: the YAML file is empty; write [] for a catalog with no items"])
        let none = read("[]\n", .yaml)
        #expect(none.items.isEmpty)
        #expect(none.diagnostics.isEmpty)
        let two = read("- {id: r1}\n---\n- {id: r2}\n", .yaml)
        #expect(rendered(two.diagnostics) == ["items.yaml:2:1: error: the file holds 2 YAML documents; an items file holds one list"])
        let broken = read("- id: [r1\n", .yaml)
        #expect(broken.items.isEmpty)
        #expect(broken.diagnostics.count == 1)
        #expect(broken.diagnostics.first?.location?.file == "items.yaml")
    }

    @Test func inlineItemsInAManifest() throws {
        let manifest = """
        kind: catalog
        name: restaurants
        fields: [{name: id, type: string}]
        items:
          - id: r1
            Name: A
            Rating: 1
            Loyalty_Program: true
            Created_At: 2022-11-01T09:03:19Z
          - {id: r2, Name: B, Rating: x, Loyalty_Program: true, Created_At: null}
        """
        let documents = try YAMLReader().read(manifest, file: "catalogs.yaml")
        let node = try #require(documents.first?.root?["items"])
        let (items, diagnostics) = CatalogItemReader(fields: restaurantFields).read(inline: node)
        #expect(items.map(\.id) == ["r1"])
        #expect(item(items, "r1")?.location?.description == "catalogs.yaml:5:5")
        #expect(item(items, "r1")?.values["Created_At"] == .time(nov1))
        #expect(rendered(diagnostics) == ["catalogs.yaml:10:31: error: item 2, field Rating: 'x' is not a number"])

        let scalar = try #require(try YAMLReader().read("items: restaurants.csv\n", file: "c.yaml").first?.root?["items"])
        #expect(rendered(CatalogItemReader(fields: restaurantFields).read(inline: scalar).diagnostics) == [
            "c.yaml:1:8: error: items must be a list of items (mappings of field values), found a scalar",
        ])
    }
}

/// The streamed path (plain YAML lists, item by item from libyaml's events) and the
/// tree path (anchors, merge keys, several documents) must read every file alike:
/// the same items, values, locations and messages.
@Suite("YAML items: streamed and tree paths agree")
struct YAMLItemStreamTests {
    static let texts = [
        """
        - id: r1
          Name: Restaurant1
          Rating: 5
          Loyalty_Program: yes
          Created_At: 2022-11-01T09:03:19.967+00:00
          Tags: [vegan, 2, "3", [nested, {deep: ~}]]
          Location: {Latitude: 33.6, Longitude: -117.8}
        - {id: 42, Name: 007, Rating: 4.5, Loyalty_Program: false, Created_At: 2022-11-01, Tags: ~, Location: }
        - {id: "q", Name: 'quoted', Rating: 1_000, Loyalty_Program: off, Created_At: !!str 2022-11-01, Tags: [], Location: {}}
        """,
        // Problems of every kind: wrong types, a missing field, an unknown one, a duplicate id and key, bad object keys.
        """
        - {id: a, Name: 5, Rating: "5", Loyalty_Program: maybe, Created_At: yesterday, Tags: x, Location: []}
        - {id: a, Name: x, Rating: 1, Loyalty_Program: true, Created_At: 2022-11-01, Tags: [], Location: {a.b: 1, $c: 2}}
        - {id: bad id!, Nme: x, Rating: 1, Loyalty_Program: true, Created_At: 2022-11-01, Tags: [], Location: {}}
        - {id: c, Name: x, Name: y, Rating: 1, Loyalty_Program: true, Created_At: 2022-11-01, Tags: [], Location: {k: 1, k: 2}}
        - [not, a, mapping]
        - plain
        - {Name: no id, Rating: 1, Loyalty_Program: true, Created_At: 2022-11-01, Tags: [], Location: {}}
        """,
        "[]\n",
        "- {id: x, ? [complex, key] : 1}\n",
    ]

    @Test(arguments: texts.indices)
    func bothPathsGiveTheSameItemsAndMessages(index: Int) throws {
        let text = Self.texts[index]
        let reader = CatalogItemReader(fields: richFields)
        let streamed = reader.read(bytes: Array(text.utf8), format: .yaml, displayPath: "items.yaml")
        let tree = reader.read(yaml: .success(try YAMLReader().read(text, file: "items.yaml")), displayPath: "items.yaml")
        #expect(streamed.items == tree.items)
        #expect(streamed.items.map(\.location) == tree.items.map(\.location))
        #expect(rendered(streamed.diagnostics) == rendered(tree.diagnostics))
        if index == 1 { #expect(streamed.diagnostics.count >= 8, "\(rendered(streamed.diagnostics))") }
    }

    /// Anchors and merge keys are not streamed: the tree path reads them, with the same result as writing them out.
    @Test func anchorsAndMergeKeysFallBackToTheTreePath() {
        let withAnchors = """
        - &base {id: a, Name: x, Rating: 1, Loyalty_Program: true, Created_At: 2022-11-01}
        - {<<: *base, id: b}
        """
        let written = """
        - {id: a, Name: x, Rating: 1, Loyalty_Program: true, Created_At: 2022-11-01}
        - {id: b, Name: x, Rating: 1, Loyalty_Program: true, Created_At: 2022-11-01}
        """
        let a = read(withAnchors, .yaml), b = read(written, .yaml)
        #expect(a.diagnostics.isEmpty && b.diagnostics.isEmpty, "\(rendered(a.diagnostics))")
        #expect(a.items.map(\.id) == ["a", "b"])
        #expect(a.items.map(\.values) == b.items.map(\.values))
    }

    /// A syntax error part-way gives the one error the tree path gives, no items read before it.
    @Test func aSyntaxErrorPartWayGivesOneErrorAndNoItems() {
        let text = "- {id: a, Name: x, Rating: 1, Loyalty_Program: true, Created_At: 2022-11-01}\n- {id: b, Name: \"x}\n"
        let result = read(text, .yaml)
        #expect(result.items.isEmpty)
        #expect(rendered(result.diagnostics).count == 1, "\(rendered(result.diagnostics))")
        #expect(rendered(result.diagnostics).first?.contains("never closed") == true, "\(rendered(result.diagnostics))")
    }
}
