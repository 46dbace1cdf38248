import BrazeAPI
import Foundation
import Testing
import VirtualTime

/// A server-side fixed window, in virtual time: answers 429 past the limit and
/// sends X-RateLimit-* headers on every response.
final class WindowedServer: Sendable {
    struct State: Sendable {
        var windowStart: Date?
        var used = 0
        var rejected = 0
    }
    let limit: Int
    let window: Double
    let time: any TimeSource
    let state = Box(State())

    init(limit: Int, window: Double, time: any TimeSource) {
        self.limit = limit; self.window = window; self.time = time
    }

    func answer(_ body: String, headers: Bool = true) -> TransportResponse {
        let now = time.now()
        return state.withLock { s in
            if let start = s.windowStart, now.timeIntervalSince(start) >= window { s.windowStart = nil }
            if s.windowStart == nil { s.windowStart = now; s.used = 0 }
            let reset = s.windowStart!.addingTimeInterval(window).timeIntervalSince1970
            let limitHeaders: [(String, String)] = headers
                ? [("X-RateLimit-Limit", "\(limit)"), ("X-RateLimit-Remaining", "\(max(0, limit - s.used - 1))"), ("X-RateLimit-Reset", "\(Int(reset.rounded(.up)))")]
                : []
            guard s.used < limit else {
                s.rejected += 1
                return json(429, #"{"message": "Too many requests"}"#, limitHeaders)
            }
            s.used += 1
            return json(200, body, limitHeaders)
        }
    }
}

@Suite("Rate limits")
struct RateLimitTests {
    @Test func itemWriteConcurrencyFollowsTheLimitTheHeadersReportAndTheLatency() async throws {
        let time = VirtualTimeSource()
        let limit = Box(16_000)
        let remaining = Box(15_000)
        let fake = FakeTransport(time: time) { _ in
            time.advance(by: 0.1)   // each call takes 100 ms
            let reset = Int(time.now().timeIntervalSince1970) + 60
            return json(202, "{}", [("X-RateLimit-Limit", "\(limit.withLock { $0 })"), ("X-RateLimit-Remaining", "\(remaining.withLock { $0 })"),
                                    ("X-RateLimit-Reset", "\(reset)")])
        }
        let client = makeClient(fake, time: time)
        // Nothing answered yet: the documented 100 a minute, no latency known: the floor.
        #expect(await client.concurrencyAllowance(.catalogItemsAsync, floor: 4, ceiling: 32) == 4)
        try await client.deleteCatalogItems(catalog: "c", ids: ["a"])
        // 16,000 a minute × 0.1 s × 1.25 = 34 under way would be worth it: the ceiling decides.
        #expect(await client.concurrencyAllowance(.catalogItemsAsync, floor: 4, ceiling: 32) == 32)
        #expect(await client.concurrencyAllowance(.catalogItemsAsync, floor: 4, ceiling: 8) == 8)
        // 3 left in the window: more under way would only wait for the next one.
        remaining.withLock { $0 = 3 }
        try await client.deleteCatalogItems(catalog: "c", ids: ["a"])
        #expect(await client.concurrencyAllowance(.catalogItemsAsync, floor: 4, ceiling: 32) == 3)
        remaining.withLock { $0 = 0 }
        try await client.deleteCatalogItems(catalog: "c", ids: ["a"])
        #expect(await client.concurrencyAllowance(.catalogItemsAsync, floor: 4, ceiling: 32) == 1, "budget spent: one at a time")
        // The seed text's 100 a minute: 100 / 60 × 0.1 s needs one under way; the floor stays.
        limit.withLock { $0 = 100 }; remaining.withLock { $0 = 90 }
        time.advance(by: 61)
        try await client.deleteCatalogItems(catalog: "c", ids: ["a"])
        #expect(await client.concurrencyAllowance(.catalogItemsAsync, floor: 4, ceiling: 32) == 4)
        // Other groups keep their own view.
        #expect(await client.concurrencyAllowance(.catalogManagement, floor: 4, ceiling: 32) == 4)
    }

    @Test func honoursRetryAfter() async throws {
        let time = VirtualTimeSource()
        let events = EventStore()
        let calls = Box(0)
        let fake = FakeTransport(time: time) { _ in
            let n = calls.withLock { $0 += 1; return $0 }
            return n == 1 ? json(429, #"{"message": "rate limited"}"#, [("Retry-After", "30")]) : json(200, #"{"catalogs": []}"#)
        }
        let start = time.now()
        _ = try await makeClient(fake, time: time, events: events).listCatalogs()
        #expect(fake.requests.count == 2)
        let gap = fake.sent[1].at.timeIntervalSince(fake.sent[0].at)
        #expect(gap >= 30 && gap < 31)
        #expect(elapsed(time, since: start) >= 30)
        #expect(events.all.contains(.rateLimited(bucket: .catalogManagement, method: .get, path: "/catalogs", seconds: 30)))
        #expect(events.all.contains { if case .waitingForRateLimit(.catalogManagement, let s) = $0 { return s >= 29.9 } else { return false } })
    }

    @Test func shortWaitsAreNotAnnounced() async throws {
        let time = VirtualTimeSource()
        let events = EventStore()
        let calls = Box(0)
        let fake = FakeTransport(time: time) { _ in
            calls.withLock { $0 += 1; return $0 } == 1 ? json(429, "{}", [("retry-after", "2")]) : json(200, "{}")
        }
        _ = try await makeClient(fake, time: time, events: events).listContentBlocks()
        #expect(events.all == [.rateLimited(bucket: .standard, method: .get, path: "/content_blocks/list", seconds: 2)])
        #expect(events.all[0].description == "Braze rate-limited GET /content_blocks/list (default); retrying in 2.0s")
    }

    @Test func honoursRateLimitResetOn429() async throws {
        let time = VirtualTimeSource()
        let reset = Int(time.now().timeIntervalSince1970) + 42
        let calls = Box(0)
        let fake = FakeTransport(time: time) { _ in
            let n = calls.withLock { $0 += 1; return $0 }
            return n == 1
                ? json(429, "{}", [("x-ratelimit-limit", "10"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "\(reset)")])
                : json(200, #"{"preference_centers": []}"#)
        }
        _ = try await makeClient(fake, time: time).listPreferenceCenters()
        #expect(fake.requests.count == 2)
        #expect(fake.sent[1].at.timeIntervalSince1970 >= Double(reset))
        #expect(fake.sent[1].at.timeIntervalSince1970 < Double(reset) + 1)
    }

    /// Issue 13: a 429 with `Retry-After: 1` whose window resets in 42 s must wait
    /// the 42 s: the larger of the two wins, whichever header says it.
    @Test(arguments: [("Retry-After", "1", 42.0), ("X-RateLimit-Retry-After", "1", 42.0),
                      ("Retry-After", "90", 90.0), ("x-ratelimit-retry-after", "90", 90.0)])
    func waitsForTheLargerOfRetryAfterAndReset(header: String, value: String, expected: Double) async throws {
        let time = VirtualTimeSource()
        let start = time.now()
        let reset = Int(start.timeIntervalSince1970) + 42
        let calls = Box(0)
        let fake = FakeTransport(time: time) { _ in
            let n = calls.withLock { $0 += 1; return $0 }
            return n == 1
                ? json(429, "{}", [(header, value), ("X-RateLimit-Limit", "10"), ("X-RateLimit-Remaining", "0"),
                                   ("X-RateLimit-Reset", "\(reset)")])
                : json(200, #"{"preference_centers": []}"#)
        }
        _ = try await makeClient(fake, time: time).listPreferenceCenters()
        #expect(fake.requests.count == 2)
        let gap = fake.sent[1].at.timeIntervalSince(fake.sent[0].at)
        #expect(gap >= expected - 1 && gap < expected + 1)
    }

    @Test func pacesFromHeadersWithoutA429() async throws {
        let time = VirtualTimeSource()
        let server = WindowedServer(limit: 3, window: 60, time: time)
        let fake = FakeTransport(time: time) { _ in server.answer(#"{"catalogs": []}"#) }
        // The client believes 100/min; the headers say 3/min.
        let client = makeClient(fake, time: time, rateLimits: [.catalogManagement: RateLimit(requests: 100, window: 60)])
        let start = time.now()
        for _ in 0..<7 { _ = try await client.listCatalogs() }
        #expect(server.state.value.rejected == 0)
        #expect(fake.requests.count == 7)
        // 3 in the first window, 3 in the second, 1 in the third.
        #expect(elapsed(time, since: start) >= 120)
        #expect(elapsed(time, since: start) < 125)
        let state = await client.rateLimitState(.catalogManagement)
        #expect(state.limit == 3)
    }

    @Test func remainingZeroWaitsUntilReset() async throws {
        let time = VirtualTimeSource()
        let reset = time.now().addingTimeInterval(60)
        let fake = FakeTransport(time: time) { _ in
            if time.now() < reset {
                // One call is allowed before the reset; a second one would be a 429.
                return json(200, #"{"preference_centers": []}"#,
                            [("X-RateLimit-Limit", "10"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "\(Int(reset.timeIntervalSince1970))")])
            }
            return json(200, #"{"preference_centers": []}"#)
        }
        let client = makeClient(fake, time: time)
        _ = try await client.listPreferenceCenters()
        _ = try await client.listPreferenceCenters()
        #expect(fake.requests.count == 2)
        #expect(fake.sent[1].at >= reset)
        #expect(fake.sent[1].at.timeIntervalSince(reset) < 1)
    }

    @Test func documentedLimitPacesWhenNoHeaders() async throws {
        let time = VirtualTimeSource()
        let server = WindowedServer(limit: 5, window: 60, time: time)
        let fake = FakeTransport(time: time) { _ in server.answer(#"{"catalogs": []}"#, headers: false) }
        let events = EventStore()
        let client = makeClient(fake, time: time, events: events)
        for _ in 0..<6 { _ = try await client.listCatalogs() }
        #expect(server.state.value.rejected == 0)
        #expect(fake.sent[5].at.timeIntervalSince(fake.sent[0].at) >= 60)
        #expect(events.all.contains { if case .waitingForRateLimit(.catalogManagement, _) = $0 { return true } else { return false } })
    }

    @Test func bucketsAreIndependentAndConcurrentCallersAreSafe() async throws {
        // Concurrent waits need a clock on which they overlap as in real time: on the
        // instant clock one group's wait moves time under another group's window.
        let time = ScheduledVirtualTimeSource()
        let catalogServer = WindowedServer(limit: 5, window: 60, time: time)
        let pcServer = WindowedServer(limit: 10, window: 60, time: time)
        let fake = FakeTransport(time: time) { request in
            switch request.url.path {
            case "/catalogs": return catalogServer.answer(#"{"catalogs": []}"#)
            case "/preference_center/v1": return pcServer.answer(#"{"preference_center_api_id": "p"}"#)
            default: return json(200, #"{"content_blocks": []}"#)
            }
        }
        let events = EventStore()
        let client = makeClient(fake, time: time, events: events)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 { group.addTask { _ = try await client.listCatalogs() } }
            for i in 0..<25 {
                group.addTask {
                    _ = try await client.updatePreferenceCenter(id: "p\(i)", PreferenceCenterDraft(name: "x", pageHTML: "a", confirmationPageHTML: "b"))
                }
            }
            for _ in 0..<40 { group.addTask { _ = try await client.listContentBlocks() } }
            try await group.waitForAll()
        }
        #expect(catalogServer.state.value.rejected == 0)
        #expect(pcServer.state.value.rejected == 0)
        #expect(fake.count(.get, "/catalogs") == 12)
        #expect(fake.requests.filter { $0.method == .put }.count == 25)
        #expect(fake.count(.get, "/content_blocks/list") == 40)
        // Only the two small buckets ever waited (in virtual time one bucket's wait
        // may also expire the other's window); the default bucket paced nothing.
        let waited = Set(events.all.compactMap { if case let .waitingForRateLimit(bucket, _) = $0 { return bucket } else { return nil } })
        #expect(!waited.isEmpty && waited.isSubset(of: [.catalogManagement, .preferenceCenterWrite]))
        let standard = await client.rateLimitState(.standard)
        #expect(standard.remaining == 250_000 - 40)
    }

    @Test func manyConcurrentCallersInOneBucketStayUnderTheLimit() async throws {
        let time = VirtualTimeSource()
        let server = WindowedServer(limit: 50, window: 60, time: time)
        let fake = FakeTransport(time: time) { _ in server.answer(#"{"message": "success"}"#) }
        let client = makeClient(fake, time: time)
        let start = time.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<130 {
                group.addTask { try await client.replaceCatalogItem(catalog: "c", item: BrazeCatalogItem(id: "i\(i)", values: ["n": .number(Double(i))])) }
            }
            try await group.waitForAll()
        }
        #expect(fake.requests.count == 130)
        #expect(server.state.value.rejected == 0)
        #expect(elapsed(time, since: start) >= 120)
        // No window of the server saw more than 50 calls.
        let windows = Dictionary(grouping: fake.sent) { Int($0.at.timeIntervalSince(start) / 60) }
        #expect(windows.values.allSatisfy { $0.count <= 50 })
    }

    @Test func givesUpWhen429sNeverEnd() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(429, "{}", [("Retry-After", "1")]) }
        let policy = RetryPolicy(maxAttempts: 3, maxRateLimitRetries: 4, jitter: { 1 })
        let client = makeClient(fake, time: time, policy: policy)
        await #expect {
            _ = try await client.listContentBlocks()
        } throws: { error in
            (error as? BrazeAPIError)?.category == .gaveUp
        }
        #expect(fake.requests.count == 5)
    }
}

@Suite("Retries")
struct RetryTests {
    @Test func serverErrorsRetriedThenSuccess() async throws {
        let time = VirtualTimeSource()
        let events = EventStore()
        let calls = Box(0)
        let fake = FakeTransport(time: time) { _ in
            let n = calls.withLock { $0 += 1; return $0 }
            switch n {
            case 1: return json(500, #"{"message": "Internal Server Error"}"#)
            case 2: throw TransportError(.responseLost, "timed out")
            case 3: return json(503, "")
            default: return json(200, #"{"catalogs": [{"name": "c", "fields": [{"name": "id", "type": "string"}], "num_items": "3"}]}"#)
            }
        }
        let start = time.now()
        let catalogs = try await makeClient(fake, time: time, policy: testPolicy(maxAttempts: 5), events: events).listCatalogs()
        #expect(catalogs.first?.numItems == 3)
        #expect(fake.requests.count == 4)
        // Backoff 1 + 2 + 4 seconds (jitter drawn as 1).
        #expect(abs(elapsed(time, since: start) - 7) < 0.01)
        let retries = events.all.compactMap { if case let .retrying(_, _, attempt, delay, _) = $0 { return (attempt, delay) } else { return nil } }
        #expect(retries.map(\.0) == [2, 3, 4])
        #expect(retries.map(\.1) == [1, 2, 4])
    }

    @Test func exhaustedRetriesGiveUp() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(502, #"{"message": "Bad Gateway"}"#) }
        do {
            _ = try await makeClient(fake, time: time, policy: testPolicy(maxAttempts: 4)).listContentBlocks()
            Issue.record("no error")
        } catch let error as BrazeAPIError {
            guard case let .gaveUp(method, path, attempts, _, last) = error else { Issue.record("\(error)"); return }
            #expect(method == .get && path == "/content_blocks/list" && attempts == 4)
            #expect(last.contains("502") && last.contains("Bad Gateway"))
            #expect(error.category == .gaveUp)
            #expect(error.description.hasPrefix("gave up on GET /content_blocks/list after 4 attempts"))
        }
        #expect(fake.requests.count == 4)
    }

    @Test func totalRetryTimeIsBounded() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(500, "{}") }
        let policy = RetryPolicy(maxAttempts: 100, initialBackoff: 10, maxBackoff: 10, maxRetryDuration: 35, jitter: { 1 })
        let client = makeClient(fake, time: time, policy: policy)
        await #expect(throws: BrazeAPIError.self) { _ = try await client.listContentBlocks() }
        #expect(fake.requests.count == 4)   // waits 10 + 10 + 10; a fourth wait would pass 35 s
    }

    @Test func jitterSpreadsBackoff() {
        let low = RetryPolicy(initialBackoff: 2, jitter: { 0 })
        let high = RetryPolicy(initialBackoff: 2, jitter: { 0.999 })
        #expect(low.backoff(afterFailure: 3) == 4)
        #expect(high.backoff(afterFailure: 3) > 7.9)
        #expect(RetryPolicy(initialBackoff: 1, maxBackoff: 30, jitter: { 1 }).backoff(afterFailure: 10) == 30)
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let time = VirtualTimeSource()
        let fake = FakeTransport(time: time) { _ in json(422, #"{"message": "nope"}"#) }
        await #expect(throws: BrazeAPIError.self) { _ = try await makeClient(fake, time: time).listContentBlocks() }
        #expect(fake.requests.count == 1)
    }
}

@Suite("Parallelism")
struct ParallelismTests {
    @Test func requestsOnTheWireAreBounded() async throws {
        let inFlight = Box((now: 0, peak: 0))
        let transport = ClosureTransport { _ in
            inFlight.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            try await Task.sleep(nanoseconds: 3_000_000)
            inFlight.withLock { $0.now -= 1 }
            return TransportResponse(status: 200, body: Data(#"{"content_blocks": []}"#.utf8))
        }
        let client = BrazeClient(endpoint: testEndpoint, apiKey: try BrazeAPIKey(secret: testSecret), transport: transport,
                                 timeSource: VirtualTimeSource(), maxConcurrentRequests: 3)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<30 { group.addTask { _ = try await client.listContentBlocks() } }
            try await group.waitForAll()
        }
        #expect(inFlight.value.peak <= 3)
        #expect(inFlight.value.peak >= 2)
        #expect(inFlight.value.now == 0)
    }
}
