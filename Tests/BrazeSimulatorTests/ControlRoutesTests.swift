import BrazeCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing
import VirtualTime
@testable import BrazeSimulator
import BrazeSimulatorServer

/// `sandbox serve --control` and `-v` (issue 13), over real loopback sockets.
@Suite("Control routes", .serialized)
struct ControlRoutesTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func faultsRequestLogAndRateLimitResetOverHTTP() async throws {
        let time = VirtualTimeSource()
        let sim = SimulatedWorkspace(timeSource: time)
        let lines = Lines()
        let server = SimulatorServer(simulator: sim, controlRoutes: true, requestLogger: { lines.append($0) })
        try await server.start()
        defer { Task { await server.stop() } }
        let base = try #require(server.baseURL)
        func send(_ base: String, _ method: String, _ path: String, _ json: JSONValue?, _ apiKey: String?) async throws -> (Int, HTTPURLResponse, JSONValue?) {
            try await HTTPServerTests.send(base, method, path, json: json, apiKey: apiKey)
        }

        let (armed, _, faults) = try await send(base, "POST", "/_brazeform/faults",
                                                ["action": "status", "status": 503, "method": "GET", "path": "/catalogs"], nil)
        #expect(armed == 201)
        #expect(faults?["faults"]?.arrayValue?.count == 1)
        #expect(try await send(base, "GET", "/catalogs", nil, key).0 == 503)
        #expect(try await send(base, "GET", "/catalogs", nil, key).0 == 200)

        _ = try await send(base, "POST", "/_brazeform/faults", ["action": "rate_limit", "retry_after": 30, "times": 1], nil)
        let (limited, response, _) = try await send(base, "GET", "/catalogs", nil, key)
        #expect(limited == 429)
        #expect(response.value(forHTTPHeaderField: "Retry-After") == "30")

        // Use up catalog management (5 a minute in the seed limits), then reset the window.
        for _ in 0..<5 { _ = try await send(base, "GET", "/catalogs", nil, key) }
        #expect(try await send(base, "GET", "/catalogs", nil, key).0 == 429)
        #expect(try await send(base, "POST", "/_brazeform/rate_limits/reset", nil, nil).0 == 200)
        #expect(try await send(base, "GET", "/catalogs", nil, key).0 == 200)

        let (_, _, log) = try await send(base, "GET", "/_brazeform/requests", nil, nil)
        let statuses = log?["requests"]?.arrayValue?.compactMap { $0["status"]?.numberValue.map(Int.init) } ?? []
        #expect(statuses.prefix(3) == [503, 200, 429])
        #expect(try await send(base, "DELETE", "/_brazeform/requests", nil, nil).0 == 200)
        #expect(await sim.requestLog().isEmpty)

        let (bad, _, problem) = try await send(base, "POST", "/_brazeform/faults", ["action": "explode"], nil)
        #expect(bad == 400)
        #expect(problem?["message"]?.stringValue?.contains("'action' must be one of") == true)

        // -v: a line per request, with its status and rate-limit headers.
        #expect(lines.all.contains { $0.hasPrefix("GET /catalogs -> 503 in ") && $0.contains("x-ratelimit-limit=5") })
        #expect(lines.all.contains { $0.hasPrefix("GET /catalogs -> 429 in ") && $0.contains("retry-after=30") })
    }

    @Test func controlRoutesAreOffUnlessAskedFor() async throws {
        let sim = SimulatedWorkspace(timeSource: VirtualTimeSource())
        let server = SimulatorServer(simulator: sim)
        try await server.start()
        let base = try #require(server.baseURL)
        let (status, _, _) = try await HTTPServerTests.send(base, "POST", "/_brazeform/faults", json: ["action": "status"], apiKey: key)
        #expect(status == 404)
        #expect(await sim.activeFaults().isEmpty)
        await server.stop()
    }
}

/// `sandbox serve --latency` (issue 13): every answer takes the configured time, on the simulator's clock.
@Suite struct SimulatedLatencyTests {
    @Test func everyAnswerTakesTheConfiguredLatency() async throws {
        let time = VirtualTimeSource()
        let sim = SimulatedWorkspace(configuration: SimulatorConfiguration(latency: 0.25), timeSource: time)
        let start = time.now()
        for _ in 0..<4 {
            let answer = await sim.handle(SimulatedRequest(method: "GET", target: "/catalogs", headers: [("Authorization", "Bearer \(key)")]))
            #expect(answer.status == 200)
        }
        #expect(abs(time.now().timeIntervalSince(start) - 1.0) < 0.001)
    }
}
