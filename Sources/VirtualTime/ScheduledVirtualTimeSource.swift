import Foundation
import Synchronization

/// A virtual clock for benchmarks of concurrent work: sleepers wait in a queue,
/// and the clock jumps to the earliest wake-up only once every task has gone
/// quiet (no call to `now()` or `sleep` for `quietPeriod` of real time).
///
/// Unlike `VirtualTimeSource`, whose sleeps return at once, tasks here wake in
/// time order, so independent waits overlap as they would in real time: two
/// tasks that each wait for a different rate-limit window cost the later window,
/// not the sum. It suits in-process work (requests take microseconds); the quiet
/// period is a heuristic, so a starved machine can advance the clock early,
/// which errs on the long side.
public final class ScheduledVirtualTimeSource: TimeSource {
    private struct Sleeper {
        var wake: Date
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now: Date
        var sleepers: [Sleeper] = []
        var lastActivity = ContinuousClock.now
        var driving = false
    }

    private let state: Mutex<State>
    private let quietPeriod: Duration

    public init(start: Date = Date(timeIntervalSince1970: 1_767_225_600), quietPeriod: Duration = .milliseconds(3)) {
        state = Mutex(State(now: start))
        self.quietPeriod = quietPeriod
    }

    public func now() -> Date {
        state.withLock { s in
            s.lastActivity = ContinuousClock.now
            return s.now
        }
    }

    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        guard seconds > 0 else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let startDriver = state.withLock { s -> Bool in
                s.sleepers.append(Sleeper(wake: s.now.addingTimeInterval(seconds), continuation: continuation))
                s.lastActivity = ContinuousClock.now
                defer { s.driving = true }
                return !s.driving
            }
            if startDriver {
                Task.detached { [self] in await self.drive() }
            }
        }
    }

    /// Wakes sleepers in time order whenever everything else has gone quiet.
    private func drive() async {
        while true {
            try? await Task.sleep(for: quietPeriod)
            let woken = state.withLock { s -> [Sleeper]? in
                if s.sleepers.isEmpty {
                    s.driving = false
                    return nil
                }
                guard ContinuousClock.now - s.lastActivity >= quietPeriod else { return [] }
                let earliest = s.sleepers.map(\.wake).min()!
                if earliest > s.now { s.now = earliest }
                let due = s.sleepers.filter { $0.wake <= s.now }
                s.sleepers.removeAll { $0.wake <= s.now }
                s.lastActivity = ContinuousClock.now
                return due
            }
            guard let woken else { return }
            for sleeper in woken { sleeper.continuation.resume() }
        }
    }
}
