import Foundation
import Testing
import VirtualTime

@Suite struct VirtualTimeSourceTests {
    @Test func sleepingMovesTheClockWithoutWaiting() async throws {
        let clock = VirtualTimeSource(start: Date(timeIntervalSince1970: 0))
        let started = Date()
        try await clock.sleep(seconds: 3600)
        #expect(clock.now() == Date(timeIntervalSince1970: 3600))
        #expect(Date().timeIntervalSince(started) < 5)
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
