import Engine
import Foundation
import Synchronization

/// Progress of a full item read on standard error: pages read of pages expected
/// (from `num_items`) and the time Braze's item rate limit leaves to wait. Said on the
/// first page of a read that must wait, then at most every 10 seconds.
final class ReadProgressView: Sendable {
    private struct State {
        var last: ContinuousClock.Instant?
        var latest: ItemReadProgress?
        var printed = false
    }

    private let state = Mutex(State())
    let color: Bool

    init(color: Bool) { self.color = color }

    func handle(_ progress: ItemReadProgress) {
        let now = ContinuousClock.now
        let line: String? = state.withLock { s in
            s.latest = progress
            let mustWait = progress.pagesExpected > progress.limit.requests
            guard mustWait, s.last.map({ now - $0 >= .seconds(10) }) ?? true else { return nil }
            s.last = now
            s.printed = true
            return Self.line(progress)
        }
        if let line { printError(line) }
    }

    /// The last word of a read that said anything on the way.
    func finish() {
        let line: String? = state.withLock { s in
            guard s.printed, let p = s.latest else { return nil }
            return "… read \(PlanReading.count(p.pagesRead)) of \(PlanReading.count(p.pagesExpected)) catalog item pages"
        }
        if let line { printError(line) }
    }

    static func line(_ p: ItemReadProgress) -> String {
        "… read \(PlanReading.count(p.pagesRead)) of \(PlanReading.count(p.pagesExpected)) catalog item pages; about \(PlanReading.duration(p.secondsLeft)) left at Braze's \(PlanReading.rate(p.limit)) (an item snapshot of an unchanged catalog needs none: see .brazeform/snapshots/)"
    }
}
