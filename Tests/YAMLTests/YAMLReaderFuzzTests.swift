import Testing
import TestSupport
@testable import YAML


/// Feeds the reader random and mutated YAML: it must return documents or throw a
/// positioned `YAMLError`, never crash or hang.
@Suite struct YAMLReaderFuzzTests {
    static let corpus: [String] = [
        "kind: content_block\nname: footer\ncontent: {file: footer.html}\ntags: [a, b]\n",
        "a: &x {b: [1, 2, {c: d}]}\ne: *x\nf:\n  <<: *x\n  g: 'h'\n",
        "- |\n  literal\n  text\n- >\n  folded\n  text\n- \"dq \\u00e9 \\n\"\n- 'sq '' q'\n",
        "---\nx: 1\n...\n---\ny: [2]\n",
        "? complex key\n: value\n!!str 1: !!int 2\n%YAML 1.1\n",
        "fields:\n  - {name: id, type: string}\n  - {name: Rating, type: number}\nitems: [{id: a, Rating: 1}]\n",
    ]
    static let fragments: [String] = ["[", "]", "{", "}", ":", "- ", "&a ", "*a", "<<: ", "\n", "  ", "\t", "'", "\"", "|", ">", "#", "---\n", "!!", "%", "\u{FEFF}", "\r\n", "é", ",", "?", "@", "`", "\\"]

    static func mutate(_ text: String, using rng: inout SeededRandom) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !bytes.isEmpty && position < bytes.count:
                bytes.remove(at: position)
            case 1:
                bytes.insert(contentsOf: Array(fragments.randomElement(using: &rng)!.utf8), at: position)
            case 2 where position < bytes.count:
                bytes[position] = UInt8.random(in: 0...255, using: &rng)
            case 3:
                let other = Array(corpus.randomElement(using: &rng)!.utf8)
                bytes.insert(contentsOf: other.prefix(Int.random(in: 0...other.count, using: &rng)), at: position)
            default:
                if position < bytes.count { bytes = Array(bytes[..<position]) }
            }
        }
        return bytes
    }

    @Test(arguments: 0..<8)
    func mutatedYAMLNeverCrashes(batch: UInt64) throws {
        var rng = SeededRandom(seed: 0xB4A2E + batch)
        let reader = YAMLReader(maximumDepth: 64, maximumExpandedNodes: 100_000)
        for _ in 0..<400 {
            let input = Self.mutate(Self.corpus.randomElement(using: &rng)!, using: &rng)
            let lineCount = input.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
            do {
                _ = try reader.read(bytes: input, file: "fuzz.yaml")
            } catch let error as YAMLError {
                #expect(error.location.file == "fuzz.yaml")
                #expect(error.location.line >= 1 && error.location.line <= lineCount + 1)
                #expect(error.location.column >= 1)
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test func randomBytesNeverCrash() throws {
        var rng = SeededRandom(seed: 42)
        let reader = YAMLReader(maximumDepth: 64, maximumExpandedNodes: 100_000)
        var parsed = 0, refused = 0
        for _ in 0..<2_000 {
            let input = (0..<Int.random(in: 0...200, using: &rng)).map { _ in
                Bool.random(using: &rng) ? Array(Self.fragments.randomElement(using: &rng)!.utf8).first ?? 0 : UInt8.random(in: 0...127, using: &rng)
            }
            let lineCount = input.filter { $0 == 0x0A || $0 == 0x0D }.count + 1
            do {
                let documents = try reader.read(bytes: input, file: "random.yaml")
                parsed += 1
                for document in documents {
                    let location = document.root?.location ?? document.location
                    #expect(location.file == "random.yaml")
                    #expect(location.line >= 1 && location.line <= lineCount + 1)
                }
            } catch let error as YAMLError {
                refused += 1
                #expect(error.location.file == "random.yaml")
                #expect(error.location.line >= 1 && error.location.line <= lineCount + 1)
                #expect(error.location.column >= 1)
                #expect(!error.message.isEmpty)
            }
        }
        // Random bytes are mostly refused, but not all: both paths were exercised.
        #expect(parsed + refused == 2_000)
        #expect(parsed > 0 && refused > 0)
    }
}
