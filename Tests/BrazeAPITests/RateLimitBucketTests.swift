import Foundation
import Testing
import VirtualTime
@testable import BrazeAPI

/// The bucket's reading of what Braze reports remaining while calls are still in flight.
@Suite("Rate limits: the budget left while calls are in flight")
struct RateLimitBucketTests {
    static func bucket() -> (RateLimitBucket, VirtualTimeSource) {
        let time = VirtualTimeSource()
        return (RateLimitBucket(group: .catalogItemsAsync, limit: RateLimit(requests: 100, window: 60), time: time,
                                announceThreshold: 1e9, announce: { _, _ in }), time)
    }

    static func headers(remaining: Int, reset: Date) -> HTTPFields {
        HTTPFields([("X-RateLimit-Limit", "100"), ("X-RateLimit-Remaining", "\(remaining)"),
                    ("X-RateLimit-Reset", "\(Int(reset.timeIntervalSince1970.rounded(.up)))")])
    }

    /// A bucket with four calls granted and none answered; the window's end.
    static func fourGranted() async throws -> (RateLimitBucket, tickets: [Int], reset: Date) {
        let (bucket, time) = Self.bucket()
        var tickets: [Int] = []
        for _ in 0..<4 { tickets.append(try await bucket.acquire()) }
        return (bucket, tickets, time.now().addingTimeInterval(60))
    }

    @Test func callsGrantedBeforeTheAnsweredOneAreNotCountedTwice() async throws {
        let (bucket, tickets, reset) = try await Self.fourGranted()
        // The server counted 1, 2, 3, 4 in that order; 2 is answered first (1 still in flight).
        await bucket.complete(tickets[1], Self.headers(remaining: 98, reset: reset))
        #expect(await bucket.remaining == 96, "98 left when 2 was counted, less 3 and 4 (granted after it); 1 was counted already")
        await bucket.complete(tickets[0], Self.headers(remaining: 99, reset: reset))
        await bucket.complete(tickets[2], Self.headers(remaining: 97, reset: reset))
        await bucket.complete(tickets[3], Self.headers(remaining: 96, reset: reset))
        #expect(await bucket.remaining == 96)
    }

    @Test func anAnswerCountedBeforeAnEarlierCallDoesNotRaiseTheBudgetPastTheLimit() async throws {
        let (bucket, tickets, reset) = try await Self.fourGranted()
        // The server counted 1, 3, 2, 4: 3's answer says 98 left, though 2 (granted before it)
        // was not in that count. 100 less the 4 granted is all there can be.
        await bucket.complete(tickets[2], Self.headers(remaining: 98, reset: reset))
        #expect(await bucket.remaining == 96)
    }

    @Test func anotherClientsSpendingLowersTheBudget() async throws {
        let (bucket, time) = Self.bucket()
        let reset = time.now().addingTimeInterval(60)
        let ticket = try await bucket.acquire()
        // Another client has spent 30 of this window: the server's count decides.
        await bucket.complete(ticket, Self.headers(remaining: 69, reset: reset))
        #expect(await bucket.remaining == 69)
        let next = try await bucket.acquire()
        await bucket.complete(next, Self.headers(remaining: 60, reset: reset))
        #expect(await bucket.remaining == 60, "and keeps lowering it within the window")
    }
}
