import Testing
@testable import YAML

/// The writer and the reader share `ScalarRules`: whatever export writes, the
/// reader reads back as the very same string, in block and in flow context.
@Suite struct YAMLTextRoundTripTests {
    static let awkward: [String] = [
        "null", "Null", "NULL", "nUlL", "~", "", " ", "true", "True", "yes", "NO", "off", "On", "y", "N",
        "1", "-2", "0x1F", "0o17", "1_000", "1e3", ".5", "+3", "inf", ".inf", "nan",
        "a: b", "a:b", "http://x.example/a?b=c#d", "#x", "a #b", "a#b", "[x]", "{x}", "x, y", "'q'", "it's", "\"dq\"",
        "tab\there", "ünïcødé", "emoji 😀", "line\u{2028}sep", "\u{FEFF}bom", "trailing ", " leading", "two  spaces", "- dash", "? q", "& a", "* b", "!tag", "%pct", "@at", "`tick`",
    ]

    @Test(arguments: [false, true])
    func whatTheWriterWritesReadsBackTheSame(flow: Bool) throws {
        var rng = SeededGenerator(state: 7)
        let alphabet = Array("abcXYZ019 :#,'\"-?[]{}&*!|>%@`\\\t~.")
        var samples = Self.awkward
        for _ in 0..<500 { samples.append(String((0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })) }
        let reader = YAMLReader(maximumDepth: 8, maximumExpandedNodes: 100)
        for text in samples {
            let written = YAMLText.scalar(text, flow: flow)
            let document = flow ? "k: [\(written)]\n" : "k: \(written)\n"
            let root = try #require(try reader.read(document, file: "t.yaml").first?.root, "\(document)")
            let node = flow ? root["k"]?.sequence?.first : root["k"]
            let scalar = try #require(node?.scalar, "\(document)")
            #expect(scalar.text == text, "\(text.debugDescription) was written \(written) and read back \(scalar.text.debugDescription)")
            #expect(scalar.isString, "\(text.debugDescription) written \(written) is read as another type")
        }
    }
}
