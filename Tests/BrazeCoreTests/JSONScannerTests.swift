import Testing
import BrazeCore

/// A builder that writes values back as compact text, with the line of each string.
struct EchoBuilder: JSONBuilder {
    func null(at _: JSONPosition) -> String { "null" }
    func bool(_ v: Bool, at _: JSONPosition) -> String { v ? "true" : "false" }
    func number(_ v: Double, at _: JSONPosition) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v) }
    func string(_ v: String, at p: JSONPosition) -> String { "\"\(v)\"@\(p.line):\(p.offset - p.lineStart + 1)" }
    func array(_ e: [String], at _: JSONPosition) -> String { "[" + e.joined(separator: ",") + "]" }
    func member(key: String, keyPosition _: JSONPosition, value: String) -> String { "\(key)=\(value)" }
    func object(_ m: [String], at _: JSONPosition) -> String { "{" + m.joined(separator: ",") + "}" }
}

@Suite struct JSONScannerTests {
    func parse(_ text: String) -> Result<String, JSONSyntaxError> {
        Array(text.utf8).withUnsafeBufferPointer { JSONScanner.parse($0, builder: EchoBuilder()) }
    }

    @Test func valuesKeyOrderAndPlaces() throws {
        let value = try parse(" {\"b\": [1, -2.5, 3e2, true, null],\n  \"a\": \"x\\n\\u00e9\\ud83d\\ude00\"} ").get()
        #expect(value == "{b=[1,-2.5,300,true,null],a=\"x\né😀\"@2:8}")
    }

    @Test func largeIntegersKeepTheirValue() throws {
        #expect(try parse("[123456789012345, -42, 0]").get() == "[123456789012345,-42,0]")
        #expect(try parse("12345678901234567890").get() == "1.2345678901234567e+19")
    }

    @Test(arguments: ["{\"a\": }", "[1,]", "01", "{} x", "\"open", "[\"a\nb\"]", "\"\\ud800\"", "tru", ""])
    func malformedInputIsAnErrorWithAPlace(text: String) {
        guard case .failure(let error) = parse(text) else { Issue.record("\(text) parsed"); return }
        #expect(error.position.line >= 1 && !error.message.isEmpty)
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000)
        guard case .failure(let error) = parse(deep) else { Issue.record("parsed"); return }
        #expect(error.message.contains("nested"))
    }
}
