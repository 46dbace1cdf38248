import Testing
@testable import YAML

@Suite struct YAMLReaderTests {
    let reader = YAMLReader()

    @Test func everyNodeKnowsItsLineAndColumn() throws {
        let docs = try reader.read("kind: content_block\nname: footer\ntags:\n  - a\n  - b\n", file: "m.yaml")
        let root = try #require(docs.first?.root)
        #expect(root["kind"]?.text == "content_block")
        #expect(root["name"]?.location == SourceLocation(file: "m.yaml", line: 2, column: 7))
        let tags = try #require(root["tags"]?.sequence)
        #expect(tags.map(\.text) == ["a", "b"])
        #expect(tags[1].location.line == 5 && tags[1].location.column == 5)
    }

    @Test func scalarStylesAndTagsAreKept() throws {
        let root = try #require(try reader.read("a: 'x'\nb: \"y\"\nc: z\nd: !!str 12\ne: |\n  l1\n  l2\nf: >\n  f1\n  f2\n").first?.root)
        #expect(root["a"]?.scalar?.style == .singleQuoted)
        #expect(root["b"]?.scalar?.style == .doubleQuoted)
        #expect(root["c"]?.scalar?.style == .plain)
        #expect(root["d"]?.scalar?.tag == "tag:yaml.org,2002:str")
        #expect(root["d"]?.scalar?.isString == true)
        #expect(root["e"]?.text == "l1\nl2\n")
        #expect(root["e"]?.scalar?.style == .literal)
        #expect(root["f"]?.text == "f1 f2\n")
    }

    @Test func plainScalarsResolveLikeYAML11() throws {
        let root = try #require(try reader.read("t: yes\nf: off\nn: ~\ni: 0x1F\nd: 2.5e3\ns: '12'\nq: hello\n").first?.root)
        #expect(root["t"]?.scalar?.boolValue == true)
        #expect(root["f"]?.scalar?.boolValue == false)
        #expect(root["n"]?.scalar?.isNull == true)
        #expect(root["i"]?.scalar?.intValue == 31)
        #expect(root["d"]?.scalar?.doubleValue == 2500)
        #expect(root["s"]?.scalar?.doubleValue == nil)
        #expect(root["q"]?.scalar?.isString == true)
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let text = """
        base: &base {channel: email, state: active}
        copy: *base
        merged:
          <<: *base
          state: draft
        multi:
          <<: [{a: 1}, {a: 2, b: 3}]
        """
        let root = try #require(try reader.read(text).first?.root)
        #expect(root["copy"]?["channel"]?.text == "email")
        #expect(root["merged"]?["state"]?.text == "draft")
        #expect(root["merged"]?["channel"]?.text == "email")
        #expect(root["merged"]?.mapping?.count == 2)
        #expect(root["multi"]?["a"]?.text == "1")
        #expect(root["multi"]?["b"]?.text == "3")
    }

    @Test func multiDocumentStreams() throws {
        let docs = try reader.read("a: 1\n---\nb: 2\n---\n# only a comment\n", file: "f.yaml")
        #expect(docs.count == 3)
        #expect(docs[1].root?["b"]?.location.line == 3)
        #expect(docs[2].root == nil || docs[2].root?.scalar?.isNull == true)
    }

    @Test func crlfAndByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\r\nb: |\r\n  x\r\n  y\r\n".utf8)
        let root = try #require(try reader.read(bytes: bytes, file: "w.yaml").first?.root)
        #expect(root["a"]?.text == "1")
        #expect(root["b"]?.text == "x\ny\n")
        #expect(root["b"]?.location.line == 2)
    }

    @Test func unicodeColumnsCountCharacters() throws {
        let root = try #require(try reader.read("é€: 🎉\nnext: x\n").first?.root)
        #expect(root["é€"]?.location.column == 5)
    }

    @Test func duplicateKeysAreRecordedWithBothPlaces() throws {
        let doc = try #require(try reader.read("name: a\nother: 1\nname: b\n", file: "d.yaml").first)
        let dup = try #require(doc.duplicateKeys.first)
        #expect(dup.key == "name")
        #expect(dup.first.line == 1)
        #expect(dup.second.line == 3)
    }

    @Test func syntaxErrorsCarryAPosition() throws {
        let error = try #require(throws: YAMLError.self) {
            try reader.read("a: 1\nb: [1, 2\nc: 3\n", file: "bad.yaml")
        }
        #expect(error.location.file == "bad.yaml")
        #expect(error.location.line >= 2)
        #expect(error.description.hasPrefix("bad.yaml:"))
    }

    @Test func tabsAndBadIndentationAreErrors() throws {
        #expect(throws: YAMLError.self) { try reader.read("a:\n\t- b\n") }
        #expect(throws: YAMLError.self) { try reader.read("a: 1\n b: 2\n") }
    }

    /// libyaml's texts in the words of the mistake: "tab", which indentation, which quote
    /// or bracket is open; libyaml's own text follows in parentheses.
    @Test(arguments: [
        ("kind: catalog\nfields:\n\t- a\n", 3, 1, "a tab character: YAML indents with spaces only"),
        ("kind: catalog\nname: x\n\tdescription: y\n", 3, 1, "a tab character: YAML indents with spaces only"),
        ("kind: catalog\nfields:\n  a: 1\n b: 2\n", 4, 2, "this line's indentation (1 space) matches no mapping above it, while the lines above it start at 0 or 2 spaces"),
        ("kind: catalog\n name: x\n", 2, 6, "unexpected ':' — either this line is indented deeper than the key above it"),
        ("kind: catalog\nname: a: b\n", 2, 8, "or an unquoted value contains ': ' (put the value in quotes)"),
        ("kind: catalog\nname: \"x\n", 3, 1, "the quoted value that starts at line 2, column 7 is never closed: add the closing quote"),
        ("kind: catalog\nname x\nother: 1\n", 3, 1, "line 2 holds a key without ':'"),
        ("kind: catalog\nname: @x\n", 2, 7, "'@' cannot start an unquoted value (YAML reserves it); put the value in quotes"),
        ("kind: catalog\nname: [a, b\n", 3, 1, "the list in brackets that starts at line 2, column 7 is never closed"),
        ("kind: catalog\nname: x\n- a\n", 3, 1, "a list item ('- ') where a key was expected"),
    ])
    func syntaxErrorsSayWhatIsWrong(text: String, line: Int, column: Int, words: String) throws {
        let error = try #require(throws: YAMLError.self) { try reader.read(text, file: "m.yaml") }
        #expect(error.message.contains(words), "\(error)")
        #expect(error.message.contains("(YAML: "), "libyaml's own text is kept: \(error)")
        #expect(error.location.line == line && error.location.column == column, "\(error)")
    }

    @Test func invalidUTF8IsAnErrorWithALine() throws {
        let error = try #require(throws: YAMLError.self) {
            try reader.read(bytes: Array("a: 1\nb: ".utf8) + [0xFF, 0xFE, 0x41] + Array("\n".utf8), file: "u.yaml")
        }
        #expect(error.location.line == 2)
    }

    @Test func unknownAliasIsAnError() throws {
        let error = try #require(throws: YAMLError.self) { try reader.read("a: *nope\n") }
        #expect(error.message.contains("nope"))
    }

    @Test func aliasBombsAreRefused() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let error = try #require(throws: YAMLError.self) { try reader.read(text) }
        #expect(error.message.contains("aliases"))
    }

    @Test func deepNestingIsRefused() throws {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = try #require(throws: YAMLError.self) { try reader.read(text) }
        #expect(error.message.contains("nesting"))
    }

    @Test func mergeKeyMustMergeMappings() throws {
        let error = try #require(throws: YAMLError.self) { try reader.read("a:\n  <<: 3\n") }
        #expect(error.location.line == 2)
    }
}

/// libyaml reads the text through a handler, a chunk (16 KB) at a time: positions, friendly
/// hints and invalid bytes far past the first chunk must be reported as in a small file.
@Suite struct YAMLChunkedInputTests {
    @Test func anErrorFarPastTheFirstChunkHasItsLineAndHint() throws {
        let head = String(repeating: "- just a line of text to fill the chunks\n", count: 5_000)  // ~205 KB
        let text = head + "- \"never closed\n"
        #expect(throws: YAMLError.self) { try YAMLReader().read(text, file: "big.yaml") }
        do {
            _ = try YAMLReader().read(text, file: "big.yaml")
        } catch let error as YAMLError {
            #expect(error.location.line >= 5_001, "\(error)")
            #expect(error.message.contains("never closed"), "\(error)")
        }
    }

    @Test func invalidBytesFarPastTheFirstChunkAreFoundAtTheirLine() {
        var bytes = Array(String(repeating: "- line\n", count: 10_000).utf8)  // 70 KB
        bytes += [UInt8(ascii: "-"), UInt8(ascii: " "), 0xFF, 0x0A]
        do {
            _ = try YAMLReader().read(bytes: bytes, file: "bad.yaml")
            Issue.record("invalid UTF-8 was read")
        } catch let error as YAMLError {
            #expect(error.location.line == 10_001, "\(error)")
            #expect(error.message.hasPrefix("invalid text"), "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }
}
