import BrazeCore
import Foundation
import Testing
@testable import BrazeSimulator

@Suite("JSON, time and Liquid helpers")
struct UnitTests {
    @Test func jsonParsesAndWritesDeterministically() throws {
        let value = try JSONValue.parse(#" {"b": [1, 2.5, -3e2, true, null], "a": "x\n\u00e9\ud83d\ude00"} "#)
        #expect(value["a"] == "x\né😀")
        #expect(value["b"] == [1, 2.5, -300, true, .null])
        #expect(value.serialized() == #"{"a":"x\né😀","b":[1,2.5,-300,true,null]}"#)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("{\"a\": }") }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("[1,]") }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("01") }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse("{} x") }
    }

    @Test func isoTimesParseInTheFormsBrazeUses() throws {
        let reference = Date(timeIntervalSince1970: 1_667_293_399.967)
        for text in ["2022-11-01T09:03:19.967+00:00", "2022-11-01T09:03:19.967Z", "2022-11-01T11:03:19.967+02:00", "2022-11-01T09:03:19.967000"] {
            let date = try #require(ISOTime.parse(text, style: .zoneOptional), "\(text)")
            #expect(abs(date.timeIntervalSince(reference)) < 0.0005, "\(text)")
        }
        #expect(ISOTime.parse("2022-02-30", style: .zoneOptional) == nil)
        #expect(ISOTime.parse("2022-11-01T25:00:00Z", style: .zoneOptional) == nil)
        #expect(ISOTime.parse("soon", style: .zoneOptional) == nil)
        #expect(ISOTime.format(reference, style: .zuluMillis) == "2022-11-01T09:03:19.967Z")
        #expect(ISOTime.format(Date(timeIntervalSince1970: 0), style: .offsetMillis) == "1970-01-01T00:00:00.000+00:00")
        #expect(ISOTime.format(Date(timeIntervalSince1970: 951_782_400), style: .zuluSeconds) == "2000-02-29T00:00:00Z")
    }

    @Test func liquidIncludesAreFoundInEveryForm() {
        let text = "{{content_blocks.${a}}} {{ content_blocks.${b} }} {{content_blocks.${c} | id: 'cb3'}} {{content_blocks.${a}}} {{ other }}"
        #expect(Liquid.includedContentBlocks(in: text) == ["a", "b", "c"])
        #expect(Liquid.includedContentBlocks(in: "{{content_blocks.${unclosed}") == [])
        #expect(Liquid.isWellFormed("{% if x %}{{y}}{% endif %} { css }"))
        #expect(!Liquid.isWellFormed("{% if x "))
        #expect(!Liquid.isWellFormed("{{ a {{ b }}"))
    }

    @Test func requestTargetIsSplitAndDecoded() {
        let request = SimulatedRequest(method: "get", target: "/catalogs/a%20b/items?cursor=c2tp%3D&x=1+2&flag", headers: [("X-Test", "v")])
        #expect(request.method == "GET")
        #expect(request.path == "/catalogs/a b/items")
        #expect(request.queryValue("cursor") == "c2tp=")
        #expect(request.queryValue("x") == "1 2")
        #expect(request.queryValue("flag") == "")
        #expect(request.header("x-test") == "v")
    }

    @Test func cursorsRoundTrip() {
        #expect(SimulatedWorkspace.encodeCursor(0) == "c2tpcDow")
        #expect(SimulatedWorkspace.decodeCursor("c2tpcDow") == 0)
        #expect(SimulatedWorkspace.decodeCursor(SimulatedWorkspace.encodeCursor(150)) == 150)
        #expect(SimulatedWorkspace.decodeCursor("bad-cursor") == nil)
    }
}
