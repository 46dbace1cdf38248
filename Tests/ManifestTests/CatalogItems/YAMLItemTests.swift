import Foundation
@testable import Manifest
import Testing
import TestSupport
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

/// The streamed path (plain YAML lists, in batches of items from libyaml's events, on the
/// caller's thread or on one of their own) and the
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

    /// Seeded random files that mix items that fit (the stream adds them directly) with
    /// items that break each rule once (a missing, unknown or repeated key, a repeated or
    /// invalid id, a value of the wrong kind, text over 5,000 characters, a tagged or quoted
    /// scalar, nested values, keys that are not text), in flow and block style: both paths must
    /// give the same items, locations and messages for every one of them.
    @Test(.timeLimit(.minutes(2)), arguments: 0..<40)
    func randomFilesReadAlikeByBothPaths(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) &+ 1)
        let text = Self.randomFile(&random, items: 30, treeOnly: seed % 10 == 9)
        let reader = CatalogItemReader(fields: richFields)
        let streamed = reader.read(bytes: Array(text.utf8), format: .yaml, displayPath: "items.yaml")
        let parsed: Result<[YAMLDocument], YAMLError>
        do { parsed = .success(try YAMLReader().read(text, file: "items.yaml")) } catch let e as YAMLError { parsed = .failure(e) }
        let tree = reader.read(yaml: parsed, displayPath: "items.yaml")
        #expect(!streamed.items.isEmpty, "seed \(seed): no item read:\n\(rendered(streamed.diagnostics).prefix(3))\n\(text.prefix(600))")
        #expect(streamed.items == tree.items, "seed \(seed):\n\(text)")
        #expect(streamed.items.map(\.location) == tree.items.map(\.location), "seed \(seed)")
        #expect(rendered(streamed.diagnostics) == rendered(tree.diagnostics), "seed \(seed):\n\(text)")
        // Read on a thread of its own (as large files are), in batches of 1 to 7 items, then on the caller's in batches of 1 to 5.
        for reading in [CatalogItemReader.YAMLReading.pipelined(batchSize: 1 + seed % 7), .oneThread(batchSize: 1 + seed % 5)] {
            let other = reader.read(bytes: Array(text.utf8), format: .yaml, displayPath: "items.yaml", yamlReading: reading)
            #expect(other.items == tree.items, "seed \(seed), \(reading)")
            #expect(other.items.map(\.location) == tree.items.map(\.location), "seed \(seed), \(reading)")
            #expect(rendered(other.diagnostics) == rendered(tree.diagnostics), "seed \(seed), \(reading)")
        }
    }

    /// A large file is read on a thread of its own, in batches; what the stream cannot read
    /// (here an alias after 3,000 items, many batches in) still goes to the tree path whole,
    /// with nothing of the batches before it kept twice or lost.
    @Test(.timeLimit(.minutes(2)), arguments: [false, true])
    func aLargeFileReadOnItsOwnThreadGivesEveryItemOnceInOrder(withAlias: Bool) throws {
        var lines = (0..<5_000).map { "- {id: item-\($0), Name: \"Name \($0)\", Rating: \($0), Loyalty_Program: true, Created_At: 2022-11-01, Tags: [], Location: {}}" }
        if withAlias {
            lines[2_999] = "- &shared {id: item-2999, Name: x, Rating: 1, Loyalty_Program: true, Created_At: 2022-11-01, Tags: [], Location: {}}"
            lines[3_000] = "- {<<: *shared, id: item-3000}"
        }
        lines.append("- {id: item-7, Name: again, Rating: 1, Loyalty_Program: true, Created_At: 2022-11-01, Tags: [], Location: {}}")
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        // The size `.automatic` reads on a thread of its own, when the process may use two cores.
        #expect(YAMLItemPipeline.isWorthwhile(byteCount: bytes.count) == (YAMLItemPipeline.usableCores > 1))
        let reader = CatalogItemReader(fields: richFields)
        let readings: [CatalogItemReader.YAMLReading] = [.automatic, .pipelined(batchSize: 1), .pipelined(batchSize: 100),
                                                         .pipelined(batchSize: 1024), .oneThread(batchSize: 1), .oneThread(batchSize: 1024)]
        for reading in readings {
            let result = reader.read(bytes: bytes, format: .yaml, displayPath: "items.yaml", yamlReading: reading)
            #expect(result.items.map(\.id) == (0..<5_000).map { "item-\($0)" }, "\(reading)")
            try #require(result.items.count == 5_000, "\(reading)")
            #expect(result.items[4_999].location?.line == 5_000, "\(reading)")
            #expect(rendered(result.diagnostics) == ["items.yaml:5001:8: error: item 5001: duplicate id 'item-7', first used at items.yaml:8:8"], "\(reading)")
        }
    }

    /// Values for each field of `richFields`, most of them fitting, some not.
    static let candidates: [String: [String]] = [
        "id": ["a", "b", "c", "item-7", "x_1", "42", "true", "007", "\"q\"", "'sq'", "bad id", "~", "", "[l]", "{o: 1}", "!!str s", String(repeating: "z", count: 251)],
        "Name": ["Restaurant", "\"quoted\"", "'single'", "5", "4.5", "yes", "~", "null", "", "!!str 12", "[x]", "{k: v}", "\"" + String(repeating: "n", count: 5_001) + "\"", "0x1F", "1_000", "é ü", "|\n    block"],
        "Rating": ["5", "-3", "4.5", "+2", "1_000", "0x10", "0o7", "1e3", "12345678901234567890", "1.", ".5", "\"5\"", "five", "true", "~", "", "[1]", "!!float 3"],
        "Loyalty_Program": ["true", "false", "yes", "no", "on", "Off", "TRUE", "maybe", "\"true\"", "1", "~", "[true]"],
        "Created_At": ["2022-11-01", "2022-11-01T09:03:19.967+00:00", "\"2022-11-01\"", "yesterday", "2022", "~", "true", "[2022-11-01]"],
        "Tags": ["[]", "[a, 2, \"3\"]", "[[nested, {deep: ~}]]", "~", "x", "{k: v}"],
        "Location": ["{}", "{Latitude: 33.6, Longitude: -117.8}", "{a.b: 1}", "{k: 1, k: 2}", "~", "[]", "{$c: 2}"],
    ]

    /// `treeOnly` allows a key that is not a scalar, which sends the whole file to the tree path
    /// (other files stream, and the changes test the stream's own rules).
    static func randomFile(_ random: inout SeededRandom, items: Int, treeOnly: Bool) -> String {
        let names = richFields.map(\.name)  // `id` first
        var lines: [String] = []
        for index in 0..<items {
            // Each item starts as one that fits (the first two candidates of each field, an id
            // of its own), then most get one or two changes that may break a rule.
            var members: [(String, String)] = names.map { name in
                (name, name == "id" ? "fit-\(index)" : candidates[name]![random.next(2)])
            }
            for _ in 0..<(random.next(100) < 40 ? 0 : 1 + random.next(2)) {
                switch random.next(9) {
                case 0, 1, 2:  // any value for one field (the id included)
                    let i = random.next(members.count)
                    let options = candidates[members[i].0] ?? ["x"]
                    members[i].1 = options[random.next(options.count)]
                case 3: if !members.isEmpty { members.remove(at: random.next(members.count)) }  // a field missing
                case 4: members.append(("Nme", "x"))  // an unknown key
                case 5: if !members.isEmpty { members.append(members[random.next(members.count)]) }  // a key written twice
                case 6: members.shuffle(using: &random)
                case 7 where treeOnly: members.insert(("? [complex, key]", "1"), at: random.next(members.count + 1))  // the whole file to the tree path
                default: if index > 0, let i = members.firstIndex(where: { $0.0 == "id" }) { members[i].1 = "fit-\(random.next(index))" }  // an id used before
                }
            }
            if random.next(3) == 0, !members.contains(where: { $0.1.hasPrefix("|") }) {
                lines.append("- {" + members.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}")
            } else if members.isEmpty {
                lines.append("- {}")
            } else {
                for (i, member) in members.enumerated() {
                    lines.append((i == 0 ? "- " : "  ") + "\(member.0): \(member.1)")
                }
            }
            if random.next(20) == 0 { lines.append(["- plain", "- [a, list]", "- ~"][random.next(3)]) }
        }
        return lines.joined(separator: "\n") + "\n"
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


/// The streamed items' shortcuts must answer as the rules they stand for.
@Suite("Item rules: shortcuts agree with the rules")
struct ItemRuleShortcutTests {
    static let texts = ["", "~", "null", "Null", "NULL", "nul", "true", "yes", "Off", "maybe", "5", "-3.5", "1_000", "0x1F", "1e3",
                        "007", "Name 0", "item-0", "2022-11-01", "2022-11-01T09:03:19.967+00:00", "é", " ", "[a]"]

    /// For a string field, the text of any untagged scalar (null aside) without asking whether
    /// it reads as a number or a boolean; for the other types, the general answer.
    @Test func scalarCoercionOfAScalarIsTheRuleOfItsKind() {
        let styles: [ScalarStyle] = [.plain, .singleQuoted, .doubleQuoted, .literal, .folded]
        let tags: [String?] = [nil, "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:null"]
        for text in Self.texts {
            for style in styles {
                for tag in tags {
                    let scalar = Scalar(text: text, style: style, tag: tag)
                    for type in CatalogFieldType.allCases {
                        let shortcut = ItemCollector.scalarCoercion(scalar, to: type)
                        let rule = ItemCollector.scalarCoercion(RawValue.kind(of: scalar), to: type)
                        #expect(shortcut == rule, "'\(text)' \(style) \(tag ?? "untagged") as \(type)")
                    }
                }
            }
        }
    }

    /// `isValidID` is true exactly when `checkID` finds nothing to say.
    @Test func isValidIDAgreesWithCheckID() {
        var random = SeededRandom(seed: 11)
        let alphabet = Array("aZ09-_ .é$/\t")
        var ids = ["", "a", String(repeating: "a", count: 250), String(repeating: "a", count: 251), String(repeating: "é", count: 200)]
        for _ in 0..<2_000 { ids.append(String((0..<random.next(12)).map { _ in alphabet[random.next(alphabet.count)] })) }
        for id in ids {
            var collector = ItemCollector(fields: restaurantFields, source: nil, file: "items")
            let checked = collector.checkID(id, label: "item", at: .lineColumn(line: 1, column: 1))
            #expect(ItemCollector.isValidID(id) == checked, "'\(id)'")
            #expect(checked == (collector.problemCount == 0), "'\(id)'")
        }
    }
}
