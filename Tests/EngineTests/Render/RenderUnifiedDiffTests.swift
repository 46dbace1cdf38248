import Foundation
import Testing
import TestSupport
@testable import Engine

@Suite("Render: unified diff")
struct RenderUnifiedDiffTests {
    private func diff(_ old: String, _ new: String, context: Int = 3) -> [String] {
        UnifiedDiff.render(UnifiedDiff.hunks(old: old, new: new, context: context))
    }

    private func numbered(_ range: ClosedRange<Int>) -> [String] { range.map(String.init) }

    private func text(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }

    @Test func splitsLines() {
        #expect(UnifiedDiff.lines("") == [])
        #expect(UnifiedDiff.lines("a") == ["a"])
        #expect(UnifiedDiff.lines("a\n") == ["a"])
        #expect(UnifiedDiff.lines("\n") == [""])
        #expect(UnifiedDiff.lines("a\n\nb") == ["a", "", "b"])
        #expect(UnifiedDiff.lines("a\r\nb\r\n") == ["a", "b"])
    }

    @Test func equalTextsHaveNoHunks() {
        #expect(diff("", "") == [])
        #expect(diff("a\nb\n", "a\nb\n") == [])
        #expect(diff("a\nb", "a\nb\n") == [])
    }

    @Test func insert() {
        #expect(diff("a\nb\nc\n", "a\nb\nx\nc\n") == ["@@ -1,3 +1,4 @@", " a", " b", "+x", " c"])
    }

    @Test func delete() {
        #expect(diff("a\nb\nc\nd\n", "a\nc\nd\n") == ["@@ -1,4 +1,3 @@", " a", "-b", " c", " d"])
    }

    @Test func changeWithThreeLinesOfContext() {
        var new = numbered(1...10)
        new[4] = "five"
        #expect(diff(text(numbered(1...10)), text(new)) == ["@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8"])
    }

    @Test func singleLineCountsAreLeftOut() {
        #expect(diff("a", "b") == ["@@ -1 +1 @@", "-a", "+b"])
    }

    @Test func removedLinesComeBeforeAddedOnes() {
        #expect(diff("a\nb\nc\nd\n", "a\nx\ny\nd\n") == ["@@ -1,4 +1,4 @@", " a", "-b", "-c", "+x", "+y", " d"])
    }

    @Test func nearbyChangesShareAHunk() {
        // Changes at 5 and 12: six unchanged lines between them, which both contexts cover.
        var new = numbered(1...20)
        new[4] = "five"; new[11] = "twelve"
        #expect(diff(text(numbered(1...20)), text(new)) == [
            "@@ -2,14 +2,14 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8", " 9", " 10", " 11", "-12", "+twelve", " 13", " 14", " 15",
        ])
    }

    @Test func distantChangesGetTheirOwnHunks() {
        // Changes at 5 and 13: seven unchanged lines between them.
        var new = numbered(1...20)
        new[4] = "five"; new[12] = "thirteen"
        #expect(diff(text(numbered(1...20)), text(new)) == [
            "@@ -2,7 +2,7 @@", " 2", " 3", " 4", "-5", "+five", " 6", " 7", " 8",
            "@@ -10,7 +10,7 @@", " 10", " 11", " 12", "-13", "+thirteen", " 14", " 15", " 16",
        ])
    }

    @Test func hunkLineNumbersFollowEarlierInsertions() {
        var new = numbered(1...20)
        new.insert("new", at: 1)
        new[15] = "fifteen" // was 15
        #expect(diff(text(numbered(1...20)), text(new)) == [
            "@@ -1,4 +1,5 @@", " 1", "+new", " 2", " 3", " 4",
            "@@ -12,7 +13,7 @@", " 12", " 13", " 14", "-15", "+fifteen", " 16", " 17", " 18",
        ])
    }

    @Test func emptySides() {
        #expect(diff("", "a\nb\n") == ["@@ -0,0 +1,2 @@", "+a", "+b"])
        #expect(diff("a\nb\n", "") == ["@@ -1,2 +0,0 @@", "-a", "-b"])
    }

    @Test func insertionWithoutContextNamesTheLineBefore() {
        #expect(diff("a\nb\n", "a\nx\nb\n", context: 0) == ["@@ -1,0 +2 @@", "+x"])
        #expect(diff("a\nx\nb\n", "a\nb\n", context: 0) == ["@@ -2 +1,0 @@", "-x"])
    }

    @Test func carriageReturnsNeitherDifferNorShow() {
        #expect(diff("a\r\nb\r\n", "a\nb\n") == [])
        let lines = diff("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n")
        #expect(lines == ["@@ -1,3 +1,3 @@", " a", "-b", "+B", " c"])
        #expect(!lines.joined().contains("\r"))
    }

    /// The script is a shortest one: its length matches the longest common subsequence.
    @Test func shortestOnRandomInputs() {
        var random = SeededRandom(seed: 42)
        for round in 0..<330 {
            // Many short inputs, then a few long ones that recurse deeper.
            let length = round < 300 ? 14 : 200
            let alphabet = round < 300 ? "abcd" : "abcdef"
            let a = (0..<Int.random(in: 0...length, using: &random)).map { _ in String(alphabet.randomElement(using: &random)!) }
            let b = (0..<Int.random(in: 0...length, using: &random)).map { _ in String(alphabet.randomElement(using: &random)!) }
            let script = UnifiedDiff.editScript(a, b)
            // Replaying the script gives back both sides.
            var old: [String] = [], new: [String] = []
            for edit in script {
                switch edit {
                case .equal(let o, let n): #expect(a[o] == b[n]); old.append(a[o]); new.append(b[n])
                case .delete(let o): old.append(a[o])
                case .insert(let n): new.append(b[n])
                }
            }
            #expect(old == a && new == b)
            let edits = script.filter { if case .equal = $0 { false } else { true } }.count
            #expect(edits == a.count + b.count - 2 * lcs(a, b), "\(a) -> \(b)")
        }
    }

    private func lcs(_ a: [String], _ b: [String]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 1...a.count {
            for j in 1...b.count {
                table[i][j] = a[i - 1] == b[j - 1] ? table[i - 1][j - 1] + 1 : max(table[i - 1][j], table[i][j - 1])
            }
        }
        return table[a.count][b.count]
    }

    @Test func fiftyKilobyteTextsDiffQuickly() {
        let old = (0..<2_000).map { "<p>paragraph number \($0) of the body</p>" }
        var edited = old
        for i in stride(from: 7, to: edited.count, by: 40) { edited[i] = "<p>edited paragraph \(i)</p>" }
        edited.insert(contentsOf: ["<div>", "</div>"], at: 1_000)
        let rewritten = old.map { $0.uppercased() + " (rewritten)" }
        let shuffled = old.enumerated().map { $0.offset % 3 == 0 ? $0.element : "changed \($0.offset)" }.reversed()
        #expect(text(old).utf8.count > 50_000)

        let clock = ContinuousClock()
        let elapsed = clock.measure {
            let hunks = UnifiedDiff.hunks(oldLines: old, newLines: edited)
            #expect(hunks.reduce(0) { $0 + $1.lines.count(where: { if case .insert = $0 { true } else { false } }) } == 52)
            let all = UnifiedDiff.hunks(oldLines: old, newLines: rewritten)
            #expect(all.count == 1 && all[0].oldCount == 2_000 && all[0].newCount == 2_000)
            #expect(!UnifiedDiff.hunks(oldLines: old, newLines: Array(shuffled)).isEmpty)
        }
        #expect(elapsed < .seconds(20), "took \(elapsed)")
    }
}

