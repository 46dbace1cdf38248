import Foundation
import Synchronization

/// Where brazeform and its simulated Braze read the time and wait.
///
/// Everything that paces, retries or delays takes a `TimeSource`, so tests and
/// benchmarks can run minutes of rate-limit windows in virtual time without
/// waiting for them.
public protocol TimeSource: Sendable {
    /// The current instant.
    func now() -> Date
    /// Suspends the caller until `seconds` have passed on this time source.
    func sleep(seconds: Double) async throws
}

extension TimeSource {
    /// Suspends the caller until `instant` (returns at once when it has passed).
    public func sleep(until instant: Date) async throws {
        let remaining = instant.timeIntervalSince(now())
        if remaining > 0 { try await sleep(seconds: remaining) }
    }
}

/// The machine's wall clock; `sleep` really waits.
public struct SystemTimeSource: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}

/// A clock that only moves when somebody waits on it or a test advances it.
///
/// `sleep(seconds:)` returns at once and moves the clock to the sleeper's wake-up
/// instant (the clock never goes backwards: two tasks that both wait ten seconds
/// from the same instant end at the same instant). Requests themselves take no
/// virtual time, so the time a run reports is exactly the time it spent waiting
/// for rate-limit windows, backoffs and asynchronous writes. That is the figure
/// benchmarks compare with the rate-limit lower bound; it errs on the long side
/// when independent tasks wait at different moments.
public final class VirtualTimeSource: TimeSource {
    private let state: Mutex<Date>
    private let sleeps = Mutex<(count: Int, total: Double)>((0, 0))

    public init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        state = Mutex(start)
    }

    public func now() -> Date { state.withLock { $0 } }

    public func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        guard seconds > 0 else { return }
        sleeps.withLock { $0.count += 1; $0.total += seconds }
        // The wake-up instant is measured from the moment the caller started waiting.
        let start = now()
        let wake = start.addingTimeInterval(seconds)
        state.withLock { current in
            if wake > current { current = wake }
        }
        await Task.yield()
    }

    /// Moves the clock forward by `seconds` (a test standing in for time passing).
    public func advance(by seconds: Double) {
        state.withLock { $0 = $0.addingTimeInterval(max(0, seconds)) }
    }

    /// How many times callers waited, and for how long in total.
    public var sleepStatistics: (count: Int, totalSeconds: Double) {
        sleeps.withLock { ($0.count, $0.total) }
    }
}
