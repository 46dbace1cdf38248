import Testing
import TestSupport
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
        var rng = SeededRandom(seed: 7)
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

/// `ScalarRules.double` answers short integers and decimals from their bytes, and texts that
/// cannot start a number at once: the answers must be the general rule's, for every text.
@Suite struct ScalarRulesShortcutTests {
    static let texts: [String] = [
        "0", "5", "-3", "+2", "007", "-0", "12", "4.5", "-3.25", "+0.5", "0.0", "1.", ".5", "-.5", "1..2", "1.2.3",
        "123456789012345678", "1234567890123456789", "99999999999999999999", "-9223372036854775808",
        "1_000", "_5", "5_", "0x1F", "0o17", "0b101", "1e3", "1E-2", "-1.5e+10", "1e999", "inf", ".inf", "nan",
        "", "-", "+", ".", "abc", "Name 0", "item-0", "5 apples", " 5", "5 ", "٣", "５", "1,5", "true", "~",
    ]

    @Test func theShortcutsAnswerAsTheGeneralRule() {
        var random = SeededRandom(seed: 7)
        let alphabet = Array("0123456789-+._eExo a")
        var texts = Self.texts
        for _ in 0..<5_000 {
            texts.append(String((0..<(1 + random.next(8))).map { _ in alphabet[random.next(alphabet.count)] }))
        }
        for text in texts {
            let fast = ScalarRules.double(plain: text), general = ScalarRules.generalDouble(plain: text)
            #expect(fast == general || (fast?.isNaN == true && general?.isNaN == true), "'\(text)': \(String(describing: fast)) vs \(String(describing: general))")
        }
    }
}

