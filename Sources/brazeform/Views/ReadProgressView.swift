import Engine
import Foundation
import Synchronization

/// Progress of a full item read on standard error: pages read of pages expected
/// (from `num_items`) and the time Braze's item rate limit leaves to wait, for a read that
/// must wait. On a terminal, in place on the status line (redrawn at most every 0.1 s);
/// otherwise a line on the first page, then at most every 10 seconds.
final class ReadProgressView: Sendable {
    private struct State {
        var last: Double?
        var latest: ItemReadProgress?
        var printed = false
    }

    private let state = Mutex(State())
    private let output: StatusLine
    private let now: SecondsClock
    let color: Bool

    init(color: Bool, output: StatusLine = .standardError, now: @escaping SecondsClock = ProgressText.monotonic) {
        self.color = color
        self.output = output
        self.now = now
    }

    func handle(_ progress: ItemReadProgress) {
        let now = now()
        let interval = output.isTerminal ? 0.1 : 10
        let line: String? = state.withLock { s in
            s.latest = progress
            let mustWait = progress.pagesExpected > progress.limit.requests
            guard mustWait, s.last.map({ now - $0 >= interval }) ?? true else { return nil }
            s.last = now
            s.printed = true
            return Self.line(progress)
        }
        guard let line else { return }
        if output.isTerminal { output.setStatus(line) } else { output.printLine(line) }
    }

    /// The last word of a read that said anything on the way (in place of the status line on a terminal).
    func finish() {
        let line: String? = state.withLock { s in
            guard s.printed, let p = s.latest else { return nil }
            return "… read \(PlanReading.count(p.pagesRead)) of \(PlanReading.count(p.pagesExpected)) catalog item pages"
        }
        guard let line else { return }
        output.setStatus(nil)
        output.printLine(line)
    }

    static func line(_ p: ItemReadProgress) -> String {
        "… read \(PlanReading.count(p.pagesRead)) of \(PlanReading.count(p.pagesExpected)) catalog item pages; about \(PlanReading.duration(p.secondsLeft)) left at Braze's \(PlanReading.rate(p.limit)) (an item snapshot of an unchanged catalog needs none: see .brazeform/snapshots/)"
    }
}
