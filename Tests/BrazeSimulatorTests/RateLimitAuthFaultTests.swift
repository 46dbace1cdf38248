import BrazeCore
import Foundation
import Testing
import VirtualTime
@testable import BrazeSimulator

@Suite("Auth, rate limits, faults and the request log")
struct RateLimitAuthFaultTests {
    @Test func missingOrWrongKeyIs401AndTouchesNothing() async {
        let sim = makeSimulator()
        let none = await sim.call("POST", "/content_blocks/create", ["name": "a", "content": "x"], apiKey: nil)
        #expect(none.status == 401)
        #expect(none.message == "Invalid API key")
        let wrong = await sim.call("GET", "/catalogs", apiKey: "other")
        #expect(wrong.status == 401)
        #expect(!wrong.bodyText.contains("other"), "the key never appears in answers")
        let lowerCase = await sim.handle(SimulatedRequest(method: "GET", target: "/catalogs", headers: [("authorization", "bearer \(key)")]))
        #expect(lowerCase.status == 200)
        #expect(await sim.snapshot().contentBlocks.isEmpty)
    }

    @Test func catalogManagementAllowsFiveAMinuteThen429WithHeaders() async throws {
        let clock = VirtualTimeSource()  // starts on a minute boundary: 2026-01-01T00:00:00Z
        let sim = SimulatedWorkspace(timeSource: clock)  // Braze's seed limits
        for i in 0..<5 {
            let r = await sim.call("POST", "/catalogs", ["catalogs": [["name": .string("c\(i)"), "description": "", "fields": [["name": "id", "type": "string"]]]]])
            #expect(r.status == 201)
            #expect(r.header("X-RateLimit-Limit") == "5")
            #expect(r.header("X-RateLimit-Remaining") == String(4 - i))
            #expect(r.header("X-RateLimit-Reset") == "1767225660")
            clock.advance(by: 1)
        }
        // GET /catalogs shares the bucket.
        let sixth = await sim.call("GET", "/catalogs")
        #expect(sixth.status == 429)
        #expect(sixth.header("X-RateLimit-Remaining") == "0")
        #expect(sixth.header("X-RateLimit-Reset") == "1767225660")
        #expect(sixth.header("Retry-After") == "55")
        // Other groups are unaffected.
        #expect(await sim.call("GET", "/content_blocks/list").status == 200)
        clock.advance(by: 55)
        let fresh = await sim.call("GET", "/catalogs")
        #expect(fresh.status == 200)
        #expect(fresh.header("X-RateLimit-Remaining") == "4")
        #expect(fresh.header("X-RateLimit-Reset") == "1767225720")
        #expect(await sim.snapshot().catalogs.count == 5)
    }

    @Test func everyAnswerCarriesRateLimitHeaders() async {
        let sim = SimulatedWorkspace(timeSource: VirtualTimeSource())
        for (method, path) in [("GET", "/content_blocks/list"), ("GET", "/preference_center/v1/list"), ("GET", "/nowhere"), ("GET", "/catalogs/x/items")] {
            let r = await sim.call(method, path)
            #expect(r.header("x-ratelimit-limit") != nil, "\(path)")
            #expect(r.header("x-ratelimit-remaining") != nil, "\(path)")
            #expect(r.header("x-ratelimit-reset") != nil, "\(path)")
        }
        let pc = await sim.call("GET", "/preference_center/v1/list")
        #expect(pc.header("X-RateLimit-Limit") == "1000")
        let cb = await sim.call("GET", "/content_blocks/list")
        #expect(cb.header("X-RateLimit-Limit") == "250000")
    }

    @Test func limitsAreConfigurablePerGroup() async {
        let clock = VirtualTimeSource()
        let sim = SimulatedWorkspace(configuration: .init(rateLimits: [.preferenceCenterWrite: .perMinute(2)]), timeSource: clock)
        let body: JSONValue = ["name": "p", "preference_center_page_html": "x", "confirmation_page_html": "y"]
        #expect(await sim.call("POST", "/preference_center/v1", body).status == 201)
        #expect(await sim.call("PUT", "/preference_center/v1/nope", body).status == 404)
        #expect(await sim.call("POST", "/preference_center/v1", body).status == 429)
        // Unlimited group: no headers, never 429.
        #expect(await sim.call("GET", "/preference_center/v1/list").header("X-RateLimit-Limit") == nil)
    }

    @Test func injectedServerErrorsHitOnlyMatchingRequestsThenStop() async {
        let sim = makeSimulator()
        await sim.inject(.serverError(503, method: "POST", path: "/content_blocks/create", times: 2))
        #expect(await sim.call("GET", "/content_blocks/list").status == 200)
        #expect(await sim.call("POST", "/content_blocks/create", ["name": "a", "content": "x"]).status == 503)
        #expect(await sim.call("POST", "/content_blocks/create", ["name": "a", "content": "x"]).status == 503)
        #expect(await sim.snapshot().contentBlocks.isEmpty, "a faulted request changes nothing")
        #expect(await sim.call("POST", "/content_blocks/create", ["name": "a", "content": "x"]).status == 201)
        #expect(await sim.activeFaults().isEmpty)
    }

    @Test func injected429BurstCarriesRetryAfter() async {
        let sim = makeSimulator()
        await sim.inject(.rateLimitBurst(path: "/catalogs*", times: 1, retryAfterSeconds: 7))
        let limited = await sim.call("GET", "/catalogs/x/items")
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "7")
        #expect(limited.header("X-RateLimit-Remaining") == "0")
        #expect(await sim.call("GET", "/catalogs").status == 200)
    }

    @Test func dropAfterCommitLandsTheWriteButLosesTheAnswer() async throws {
        let sim = makeSimulator()
        await sim.inject(.dropResponse(method: "POST", path: "/content_blocks/create"))
        let lost = await sim.call("POST", "/content_blocks/create", ["name": "landed", "content": "x"])
        #expect(lost.dropped)
        #expect(await sim.snapshot().contentBlocks.map(\.name) == ["landed"])
        // A blind retry now hits the uniqueness rule: the client must look the name up first.
        let retry = await sim.call("POST", "/content_blocks/create", ["name": "landed", "content": "x"])
        #expect(retry.message == "Content Block with this name already exists")
        let log = await sim.requestLog()
        #expect(log.map(\.dropped) == [true, false])
        #expect(throws: SimulatedConnectionError(method: "POST", path: "/content_blocks/create")) {
            try lost.deliver(method: "POST", path: "/content_blocks/create")
        }
        #expect(try retry.deliver(method: "POST", path: "/content_blocks/create").status == 400)
    }

    @Test func delayFaultHoldsTheAnswerInRealTime() async {
        let sim = makeSimulator()
        await sim.inject(.delay(0.3, path: "/catalogs"))
        let start = ContinuousClock.now
        #expect(await sim.call("GET", "/catalogs").status == 200)
        #expect(ContinuousClock.now - start >= .milliseconds(290))
    }

    @Test func requestLogRecordsEverythingAndCountsWrites() async {
        let clock = VirtualTimeSource()
        let sim = makeSimulator(clock: clock)
        _ = await sim.call("GET", "/content_blocks/list?limit=5")
        clock.advance(by: 2)
        _ = await sim.call("GET", "/catalogs")
        #expect(await sim.writeRequestCount() == 0)
        _ = await sim.call("POST", "/content_blocks/create", ["name": "", "content": "x"])
        _ = await sim.call("POST", "/content_blocks/create", ["name": "ok", "content": "x"])
        let log = await sim.requestLog()
        #expect(log.map(\.path) == ["/content_blocks/list", "/catalogs", "/content_blocks/create", "/content_blocks/create"])
        #expect(log.map(\.status) == [200, 200, 400, 201])
        #expect(log[0].query == "limit=5")
        #expect(log[1].time == clock.now())
        #expect(log[1].rateLimitGroup == .catalogManagement)
        #expect(await sim.writeRequestCount() == 2)
        #expect(await sim.writeRequestCount(successfulOnly: true) == 1)
    }
}
