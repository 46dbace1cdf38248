import Foundation
import Testing
@testable import Engine

/// The merge of Braze-assigned ids into what an update sends (issue 13).
/// Golden file: Render/Golden/id-carry-over.txt; re-record with
/// `BRAZEFORM_RECORD_GOLDEN=1 swift test --filter BrazeIDCarryOver`.
@Suite("BrazeIDCarryOver")
struct BrazeIDCarryOverTests {
    static let live = """
        <p><a href="https://example.com/unchanged?lid=aaa111">kept</a></p>
        <p><a href="https://example.com/old-target?lid=bbb222">retargeted</a></p>
        <p><a href="https://example.com/removed?lid=ccc333">removed</a></p>
        <p><a href="https://example.com/twice?lid=ddd444">first</a> <a href="https://example.com/twice?lid=eee555">second</a></p>
        <p><a href='https://example.com/q?utm_source=braze&lid=fff666&utm_medium=email#top'>query</a></p>
        <p><a href="https://example.com/u?id={{${user_id}}}&lid=ggg777">liquid</a></p>
        {{content_blocks.${header} | id: 'cb12'}}
        {{ content_blocks.${footer} | id: "cb7" }}
        """

    static let desired = """
        <p><a href="https://example.com/added-first">new before</a></p>
        <p><a href="https://example.com/unchanged">kept</a></p>
        <p><a href="https://example.com/new-target">retargeted</a></p>
        <p><a href="https://example.com/twice">first</a> <a href="https://example.com/twice">second</a> <a href="https://example.com/twice">third</a></p>
        <p><a href='https://example.com/q?utm_source=braze&utm_medium=email#top'>query</a></p>
        <p><a href="https://example.com/u?id={{ ${user_id} }}">liquid, reformatted</a></p>
        <p><a href="https://example.com/from-another-workspace?lid=zzz999">copied with a foreign id</a></p>
        {{content_blocks.${header}}}
        {{content_blocks.${added}}}
        {{ content_blocks.${footer} }}
        """

    @Test func mergeGolden() {
        let merged = BrazeIDCarryOver.carry(live: Self.live, into: Self.desired)
        Golden.check("live:\n\(Self.live)\n\ndesired:\n\(Self.desired)\n\nsent:\n\(merged)", "id-carry-over.txt")
        // What Braze compares is unchanged: the merge only moves ids.
        #expect(BrazeTextNormalizer.normalize(merged) == BrazeTextNormalizer.normalize(Self.desired))
    }

    @Test func unchangedBodyGetsTheLiveBytesBack() {
        let live = #"<a href="https://x.test/a?lid=k1">a</a><a href="https://x.test/b?c=1&lid=k2&d=2">b</a>{{content_blocks.${h} | id: 'cb3'}}"#
        let bare = #"<a href="https://x.test/a">a</a><a href="https://x.test/b?c=1&d=2">b</a>{{content_blocks.${h}}}"#
        #expect(BrazeIDCarryOver.carry(live: live, into: bare) == live)
        #expect(BrazeIDCarryOver.carry(live: live, into: live) == live)
    }

    @Test func noIdsNoChange() {
        let text = #"<a href="https://x.test/a?b=1">x</a> {{content_blocks.${b}}}"#
        #expect(BrazeIDCarryOver.carry(live: text, into: text) == text)
        #expect(BrazeIDCarryOver.carry(live: "", into: text) == text)
    }

    @Test func alignmentPairsInOrder() {
        #expect(BrazeIDCarryOver.align(["a", "b", "a"], ["x", "a", "a", "b"]) == [nil, 0, 2, nil] ||
                BrazeIDCarryOver.align(["a", "b", "a"], ["x", "a", "a", "b"]) == [nil, 0, nil, 1])
    }
}
