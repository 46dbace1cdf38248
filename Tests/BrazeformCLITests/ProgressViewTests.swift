import BrazeAPI
@testable import Engine
import Foundation
import Synchronization
import Testing
@testable import brazeform

/// Apply's and plan's progress as a user sees it: redrawn in place on a terminal (one status
/// line, one owner), plain occasional lines in a log; ✓/✗ coloured only when colour is on.
/// The terminal, its width and the clock are injected.
@Suite struct ProgressViewTests {
    /// What was written to "standard error", write by write.
    final class Screen: Sendable {
        private let writes = Mutex<[String]>([])
        var all: [String] { writes.withLock { $0 } }
        var text: String { all.joined() }
        func write(_ s: String) { writes.withLock { $0.append(s) } }

        /// What a terminal would show at the end: each `\r\e[2K` wipes the current line.
        var visibleLines: [String] {
            var lines: [String] = [], current = ""
            var rest = Substring(text)
            while let c = rest.first {
                if rest.hasPrefix(StatusLine.clearLine) { current = ""; rest = rest.dropFirst(StatusLine.clearLine.count); continue }
                if c == "\n" { lines.append(current); current = "" } else { current.append(c) }
                rest = rest.dropFirst()
            }
            if !current.isEmpty { lines.append(current) }
            return lines
        }
    }

    final class FakeClock: Sendable {
        private let seconds = Mutex(0.0)
        func advance(_ s: Double) { seconds.withLock { $0 += s } }
        var now: SecondsClock { { self.seconds.withLock { $0 } } }
    }

    static func line(_ screen: Screen, terminal: Bool, width: Int = 200) -> StatusLine {
        StatusLine(terminal: .init(isTerminal: terminal, width: { width }), write: { screen.write($0) })
    }

    static func items(_ name: String, batches: Int) -> Change {
        Change(action: .update, kind: .catalogItems, name: name, fieldChanges: [], items: ItemCounts(create: batches * 50, update: 0, delete: 0, live: 0),
               members: nil, calls: Array(repeating: PlannedCall(.createCatalogItems(catalog: name, items: [])), count: batches),
               dependsOn: [], notes: [], liveDigest: nil)
    }

    static let block = Change(action: .create, kind: .contentBlock, name: "footer", fieldChanges: [], items: nil, members: nil,
                              calls: [PlannedCall(.createContentBlock(ContentBlockDraft(name: "footer", description: nil, content: "x", state: .active, tags: [])))],
                              dependsOn: [], notes: [], liveDigest: nil)

    /// Uploads `change`'s batches one a second; returns the status text after each.
    @discardableResult
    static func upload(_ change: Change, _ view: ApplyProgressView, _ clock: FakeClock, doneBefore: Int = 0, total: Int) -> [String] {
        view.handle(.changeStarted(change))
        var statuses: [String] = []
        for i in 0..<change.calls.count {
            clock.advance(1)
            view.handle(.callFinished(change: change, index: i, done: doneBefore + i + 1, total: total))
            statuses.append(view.statusText(at: clock.now()))
        }
        view.handle(.changeFinished(change))
        return statuses
    }

    // MARK: - On a terminal

    @Test func onATerminalTheBarIsRedrawnInPlaceWithElapsedTimeAndETA() {
        let (screen, clock) = (Screen(), FakeClock())
        let view = ApplyProgressView(total: 100, color: false, output: Self.line(screen, terminal: true), now: clock.now)
        let statuses = Self.upload(Self.items("menu", batches: 100), view, clock, total: 100)
        #expect(statuses[24] == "[#####---------------] 25/100 calls · elapsed 0:25, ETA 1:15 · items menu 25/100")
        // Every redraw replaces the line before it: the only newline is the ✓ line's.
        #expect(screen.text.filter { $0 == "\n" }.count == 1, "\(screen.all.prefix(5))")
        #expect(screen.all.count > 50, "a redraw a batch (one a second is slower than the redraw interval)")
        for write in screen.all.dropFirst() { #expect(write.hasPrefix(StatusLine.clearLine), "\(write.debugDescription)") }
        view.finish()
        #expect(screen.all.last == StatusLine.clearLine, "the bar is cleared before apply's report")
        #expect(screen.visibleLines == ["✓ catalog_items.menu"])
    }

    @Test func onATerminalRedrawsAreThrottledButTheLastIsAlwaysDrawn() {
        let (screen, clock) = (Screen(), FakeClock())
        let view = ApplyProgressView(total: 1_000, color: false, output: Self.line(screen, terminal: true), now: clock.now)
        let change = Self.items("big", batches: 1_000)
        view.handle(.changeStarted(change))
        for i in 0..<1_000 {
            clock.advance(0.001)  // a thousand batches in one second
            view.handle(.callFinished(change: change, index: i, done: i + 1, total: 1_000))
        }
        #expect(screen.all.count <= 12, "\(screen.all.count) redraws for one second")
        #expect(screen.visibleLines.last?.hasPrefix("[####################] 1000/1000 calls · elapsed 0:01") == true, "\(screen.visibleLines)")
    }

    @Test func parallelUploadsShareOneStatusLineAndMessagesGoAboveIt() {
        let (screen, clock) = (Screen(), FakeClock())
        let output = Self.line(screen, terminal: true)
        let view = ApplyProgressView(total: 15, color: false, output: output, now: clock.now)
        let (menu, shops) = (Self.items("menu", batches: 10), Self.items("shops", batches: 5))
        view.handle(.changeStarted(menu))
        view.handle(.changeStarted(shops))
        clock.advance(1)
        view.handle(.callFinished(change: menu, index: 0, done: 1, total: 15))
        clock.advance(0.5)
        view.handle(.callFinished(change: shops, index: 0, done: 2, total: 15))
        clock.advance(0.5)
        view.handle(.callFinished(change: menu, index: 1, done: 3, total: 15))
        output.printLine("… waiting 12 s for Braze's rate limit")
        #expect(screen.visibleLines == ["… waiting 12 s for Braze's rate limit",
                                        "[####----------------] 3/15 calls · elapsed 0:02, ETA 0:08 · items menu 2/10, shops 1/5"])
        // One line on the screen at a time for all uploads: no second bar, nothing interleaved.
        #expect(!screen.text.contains("items menu ["))
    }

    @Test func aNarrowTerminalCutsTheStatusLineSoItNeverWraps() {
        let (screen, clock) = (Screen(), FakeClock())
        let view = ApplyProgressView(total: 10, color: false, output: Self.line(screen, terminal: true, width: 40), now: clock.now)
        let change = Self.items("a_catalog_with_a_long_name", batches: 10)
        view.handle(.changeStarted(change))
        clock.advance(1)
        view.handle(.callFinished(change: change, index: 0, done: 1, total: 10))
        let shown = screen.visibleLines.last ?? ""
        #expect(shown.count == 39, "\(shown)")
        #expect(shown.hasPrefix("[##------------------] 1/10 calls · el") && shown.hasSuffix("…"), "\(shown)")
    }

    // MARK: - Not a terminal

    @Test func offATerminalItemProgressIsAPlainLineEveryTenthWithElapsedTimeAndETA() {
        let (screen, clock) = (Screen(), FakeClock())
        let view = ApplyProgressView(total: 101, color: false, output: Self.line(screen, terminal: false), now: clock.now)
        view.handle(.changeStarted(Self.block))
        view.handle(.callFinished(change: Self.block, index: 0, done: 1, total: 101))
        view.handle(.changeFinished(Self.block))
        Self.upload(Self.items("menu", batches: 100), view, clock, doneBefore: 1, total: 101)
        view.finish()
        #expect(!screen.text.contains("\r") && !screen.text.contains("\u{1B}"), "no redraw and no escape code in a log")
        let lines = screen.text.split(separator: "\n").map(String.init)
        let itemLines = lines.filter { $0.hasPrefix("  items menu ") }
        #expect(itemLines.count == 10, "\(itemLines)")
        #expect(itemLines[4] == "  items menu [###############---------------] 50/100 batches  (51/101 calls), elapsed 0:50, ETA 0:50")
        #expect(itemLines.last == "  items menu [##############################] 100/100 batches  (101/101 calls), elapsed 1:40")
        #expect(lines.prefix(3) == ["+ content_block.footer: 1 call…", "  [1/101] content_block.footer", "✓ content_block.footer"])
        #expect(lines.last == "✓ catalog_items.menu")
    }

    @Test(arguments: [(3, [1, 2, 3]), (25, [3, 5, 8, 10, 13, 15, 18, 20, 23, 25])])
    func plainItemLinesComeAtEveryTenthAndTheLast(total: Int, expected: [Int]) {
        #expect((1...total).filter { ApplyProgressView.isStep($0, of: total) } == expected)
    }

    // MARK: - Colour

    @Test func withColourChangesThatLandedAreGreenAndFailuresRedEachResetBeforeItsNewline() {
        let screen = Screen()
        let view = ApplyProgressView(total: 2, color: true, output: Self.line(screen, terminal: false), now: FakeClock().now)
        view.handle(.changeFinished(Self.block))
        view.handle(.changeFailed(Self.items("menu", batches: 1), BrazeAPIError.rejected(status: 400, method: .post, path: "/catalogs/menu/items",
                                                                                        body: BrazeErrorBody(message: "bad\nrequest"))))
        let text = screen.text
        #expect(text.hasPrefix("\u{1B}[32m✓ content_block.footer\u{1B}[0m\n"), "\(text.debugDescription)")
        #expect(text.contains("\u{1B}[31m✗ catalog_items.menu: "), "\(text.debugDescription)")
        for line in text.split(separator: "\n") {
            #expect(!line.hasPrefix("\u{1B}[0m"), "a reset after a newline: \(text.debugDescription)")
            #expect(line.hasSuffix("\u{1B}[0m"), "a line whose colour runs past its end: \(line.debugDescription)")
        }
    }

    @Test func withoutColourNoEscapeCode() {
        let screen = Screen()
        let view = ApplyProgressView(total: 1, color: false, output: Self.line(screen, terminal: false), now: FakeClock().now)
        view.handle(.changeFinished(Self.block))
        #expect(screen.text == "✓ content_block.footer\n")
    }

    @Test func noColorCountsOnlyWhenNotEmptyAndNoColorAlwaysWins() {
        #expect(ProjectOptions.colorAllowed(noColor: false, environment: [:]))
        #expect(ProjectOptions.colorAllowed(noColor: false, environment: ["NO_COLOR": ""]), "an empty NO_COLOR does not turn colour off (no-color.org)")
        #expect(!ProjectOptions.colorAllowed(noColor: false, environment: ["NO_COLOR": "1"]))
        #expect(!ProjectOptions.colorAllowed(noColor: true, environment: [:]))
    }

    // MARK: - Plan's item read

    static func reading(_ read: Int, of expected: Int) -> ItemReadProgress {
        ItemReadProgress(pagesRead: read, pagesExpected: expected, secondsLeft: Double(expected - read) * 1.2, limit: RateLimit(requests: 50, window: 60))
    }

    @Test func planReadProgressIsInPlaceOnATerminalAndEveryTenSecondsOtherwise() {
        for terminal in [true, false] {
            let (screen, clock) = (Screen(), FakeClock())
            let view = ReadProgressView(color: false, output: Self.line(screen, terminal: terminal), now: clock.now)
            for page in 1...200 {
                clock.advance(1.2)
                view.handle(Self.reading(page, of: 200))
            }
            view.finish()
            if terminal {
                #expect(screen.all.count > 150, "redrawn on (nearly) every page")
                #expect(screen.visibleLines == ["… read 200 of 200 catalog item pages"], "the bar gave way to the last word")
            } else {
                #expect(!screen.text.contains("\r"))
                let lines = screen.visibleLines
                // A page every 1.2 s: a line on pages 1, 10, 19, … 199 (10.8 s apart), then the last word.
                #expect(lines.count == 24, "\(lines)")
                #expect(lines[1].hasPrefix("… read 10 of 200 catalog item pages; about 3m"), "\(lines)")
                #expect(lines.last == "… read 200 of 200 catalog item pages")
            }
        }
    }
}
