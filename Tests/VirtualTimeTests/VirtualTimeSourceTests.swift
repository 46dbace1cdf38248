import Foundation
import Testing
import VirtualTime

@Suite struct VirtualTimeSourceTests {
    @Test func sleepingMovesTheClockWithoutWaiting() async throws {
        let clock = VirtualTimeSource(start: Date(timeIntervalSince1970: 0))
        let started = Date()
        try await clock.sleep(seconds: 3600)
        #expect(clock.now() == Date(timeIntervalSince1970: 3600))
        #expect(Date().timeIntervalSince(started) < 90, "virtual waits never wait real time: a real wait would take an hour")
    }

    @Test func theClockNeverGoesBackwards() async throws {
        let clock = VirtualTimeSource(start: Date(timeIntervalSince1970: 0))
        clock.advance(by: 100)
        try await clock.sleep(until: Date(timeIntervalSince1970: 50))
        #expect(clock.now() == Date(timeIntervalSince1970: 100))
        clock.advance(by: -10)
        #expect(clock.now() == Date(timeIntervalSince1970: 100))
    }

    @Test func statisticsCountWaits() async throws {
        let clock = VirtualTimeSource()
        try await clock.sleep(seconds: 2)
        try await clock.sleep(seconds: 0)
        try await clock.sleep(seconds: 3)
        #expect(clock.sleepStatistics.count == 2)
        #expect(clock.sleepStatistics.totalSeconds == 5)
    }
}

@Suite struct ScheduledVirtualTimeSourceTests {
    @Test func parallelWaitsOverlapInsteadOfAdding() async throws {
        let clock = ScheduledVirtualTimeSource(start: Date(timeIntervalSince1970: 0))
        let started = Date()
        async let a: Void = clock.sleep(seconds: 60)
        async let b: Void = clock.sleep(seconds: 90)
        async let c: Void = { try await clock.sleep(seconds: 30); try await clock.sleep(seconds: 30) }()
        _ = try await (a, b, c)
        #expect(clock.now() == Date(timeIntervalSince1970: 90), "the longest chain decides: 90 s, not 210 s")
        #expect(Date().timeIntervalSince(started) < 90, "virtual waits never wait real time: a real wait would take at least 90 s (a loaded machine slows the quiet-period detection, not the clock)")
    }

    @Test func sleepersWakeInTimeOrder() async throws {
        let clock = ScheduledVirtualTimeSource(start: Date(timeIntervalSince1970: 0))
        actor Order { var seen: [Int] = []; func add(_ n: Int) { seen.append(n) } }
        let order = Order()
        await withTaskGroup(of: Void.self) { group in
            for seconds in [50, 10, 30] {
                group.addTask {
                    try? await clock.sleep(seconds: Double(seconds))
                    await order.add(seconds)
                }
            }
        }
        #expect(await order.seen == [10, 30, 50])
        #expect(clock.now() == Date(timeIntervalSince1970: 50))
    }
}
