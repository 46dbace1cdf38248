// brazeform API benchmark: how close BrazeClient gets to the rate-limit lower
// bound against the simulator with its real (seed text) limits.
//
// Everything runs on one VirtualTimeSource shared by client and simulator: the
// "virtual" column is the time the run spent waiting for rate-limit windows,
// backoffs and 429s; requests themselves take no virtual time.
//
//   swift run -c release --scratch-path .build-bench BrazeformBenchmarks [--http]
//
// Transport: in-process by default (a ClosureTransport calling simulator.handle);
// `--http` also runs every scenario over loopback HTTP (AsyncHTTPClientTransport
// -> SimulatorServer).
import BrazeCore
import BrazeAPI
import BrazeSimulator
import BrazeSimulatorServer
import Foundation
import VirtualTime

struct Row {
    var scenario: String
    var transport: String
    var operations: Int
    var requests: Int
    var rateLimited: Int
    var virtualSeconds: Double
    var lowerBound: Double
    var wallSeconds: Double
}

/// The least time `n` calls can take under a fixed window of `limit` calls per
/// `window` seconds, windows aligned on the epoch (as the simulator's and Braze's
/// are), starting `offset` seconds into a window with the window's budget unspent:
/// the first `limit` go at once, call k (1-based) waits for the start of window
/// ceil(k / limit) - 1, so the last one goes at (ceil(n / limit) - 1) * window - offset.
func lowerBound(calls n: Int, limit: Int, window: Double, offset: Double) -> Double {
    guard n > limit else { return 0 }
    let windows = (n + limit - 1) / limit
    return Double(windows - 1) * window - offset
}

/// Sends the client's requests straight into the simulator, no socket.
func inProcessTransport(_ simulator: SimulatedWorkspace) -> ClosureTransport {
    ClosureTransport { request in
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        var target = components?.percentEncodedPath ?? "/"
        if let query = components?.percentEncodedQuery { target += "?" + query }
        let answer = await simulator.answer(method: request.method.rawValue, target: target,
                                            headers: request.headers.pairs, body: request.body ?? Data())
        if answer.dropped { throw TransportError(.responseLost, "the simulator dropped the answer") }
        return TransportResponse(status: answer.status, headers: HTTPFields(answer.headers), body: answer.body)
    }
}

/// A client on `transport` with the simulator's key, deterministic jitter.
func makeClient(_ transport: any HTTPTransport, endpoint: String, time: VirtualTimeSource) throws -> BrazeClient {
    BrazeClient(endpoint: try BrazeEndpoint(url: endpoint), apiKey: try BrazeAPIKey(secret: SimulatorConfiguration.defaultAPIKey),
                transport: transport, timeSource: time,
                retryPolicy: RetryPolicy(jitter: { 0.5 }), maxConcurrentRequests: 8)
}

/// Runs `body` with a client over the chosen transport; returns what it measured.
func withClient<T>(_ simulator: SimulatedWorkspace, time: VirtualTimeSource, http: Bool,
                   _ body: (BrazeClient) async throws -> T) async throws -> T {
    if !http {
        return try await body(try makeClient(inProcessTransport(simulator), endpoint: "http://127.0.0.1:9", time: time))
    }
    let server = SimulatorServer(simulator: simulator)
    let port = try await server.start()
    let transport = AsyncHTTPClientTransport()
    do {
        let result = try await body(try makeClient(transport, endpoint: "http://127.0.0.1:\(port)", time: time))
        try await transport.shutdown()
        await server.stop()
        return result
    } catch {
        try? await transport.shutdown()
        await server.stop()
        throw error
    }
}

/// (a) `contentBlockInfo` for `count` existing blocks, 8 at a time.
func contentBlockReads(count: Int, http: Bool) async throws -> Row {
    let time = VirtualTimeSource()
    let simulator = makeBenchmarkSimulator(time: time)
    let ids = await simulator.seedContentBlocks(count)
    await simulator.applySeedLimits()
    await simulator.clearRequestLog()
    let start = time.now()
    let wall = ContinuousClock.now
    let found = try await withClient(simulator, time: time, http: http) { client in
        try await withThrowingTaskGroup(of: Bool.self) { group in
            var next = 0
            var found = 0
            for _ in 0..<min(8, ids.count) { let id = ids[next]; next += 1; group.addTask { try await client.contentBlockInfo(id: id) != nil } }
            while let ok = try await group.next() {
                if ok { found += 1 }
                if next < ids.count { let id = ids[next]; next += 1; group.addTask { try await client.contentBlockInfo(id: id) != nil } }
            }
            return found
        }
    }
    precondition(found == count, "only \(found) of \(count) blocks read")
    let virtual = time.now().timeIntervalSince(start)
    let tally = await simulator.tally(pathPrefix: "/content_blocks/info")
    let (limit, window) = SeedLimit.contentBlocks
    let offset = start.timeIntervalSince1970.truncatingRemainder(dividingBy: window)
    return Row(scenario: "\(count) contentBlockInfo", transport: http ? "loopback HTTP" : "in-process",
               operations: count, requests: tally.requests, rateLimited: tally.rateLimited, virtualSeconds: virtual,
               lowerBound: lowerBound(calls: count, limit: limit, window: window, offset: offset),
               wallSeconds: (ContinuousClock.now - wall).seconds)
}

/// (b) `createCatalog` `count` times, `parallel` at once (1: one after the other).
func catalogCreations(count: Int, startOffset: Double, parallel: Int = 1, http: Bool) async throws -> Row {
    let time = VirtualTimeSource()
    time.advance(by: startOffset)
    let simulator = makeBenchmarkSimulator(time: time)
    await simulator.applySeedLimits()
    let start = time.now()
    let wall = ContinuousClock.now
    try await withClient(simulator, time: time, http: http) { client in
        @Sendable func create(_ n: Int) async throws {
            _ = try await client.createCatalog(CatalogDraft(
                name: "bench_catalog_\(n)", description: "benchmark",
                fields: [BrazeCatalogField(name: "id", type: "string"), BrazeCatalogField(name: "Name", type: "string")]))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            while next < min(parallel, count) { let n = next; next += 1; group.addTask { try await create(n) } }
            while try await group.next() != nil {
                if next < count { let n = next; next += 1; group.addTask { try await create(n) } }
            }
        }
    }
    let created = await simulator.catalogCount()
    precondition(created == count, "\(created) catalogs instead of \(count)")
    let virtual = time.now().timeIntervalSince(start)
    let tally = await simulator.tally(pathPrefix: "/catalogs")
    let (limit, window) = SeedLimit.catalogManagement
    let offset = start.timeIntervalSince1970.truncatingRemainder(dividingBy: window)
    var label = offset == 0 ? "" : " from :\(Int(offset))s"
    if parallel > 1 { label += " \(parallel) at once" }
    return Row(scenario: "\(count) createCatalog\(label)", transport: http ? "loopback HTTP" : "in-process",
               operations: count, requests: tally.requests, rateLimited: tally.rateLimited, virtualSeconds: virtual,
               lowerBound: lowerBound(calls: count, limit: limit, window: window, offset: offset),
               wallSeconds: (ContinuousClock.now - wall).seconds)
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let gap = String(repeating: " ", count: max(0, width - text.count))
    return right ? gap + text : text + gap
}

func printTable(_ rows: [Row]) {
    let header = [pad("scenario", 34), pad("transport", 14), pad("requests", 9, right: true), pad("429s", 5, right: true),
                  pad("virtual s", 10, right: true), pad("bound s", 8, right: true), pad("ratio", 6, right: true),
                  pad("wall s", 7, right: true)].joined(separator: "  ")
    print(header)
    print(String(repeating: "-", count: header.count))
    for row in rows {
        let ratio = row.lowerBound > 0 ? String(format: "%.3f", row.virtualSeconds / row.lowerBound) : (row.virtualSeconds == 0 ? "1.000" : "inf")
        print([pad(row.scenario, 34), pad(row.transport, 14), pad(String(row.requests), 9, right: true),
               pad(String(row.rateLimited), 5, right: true), pad(String(format: "%.1f", row.virtualSeconds), 10, right: true),
               pad(String(format: "%.1f", row.lowerBound), 8, right: true), pad(ratio, 6, right: true),
               pad(String(format: "%.2f", row.wallSeconds), 7, right: true)].joined(separator: "  "))
    }
}

let arguments = CommandLine.arguments.dropFirst()
// `seed-sandbox DIR ENDPOINT` (for scripts/benchmark.sh memory): see seedSandbox.
if arguments.first == "seed-sandbox" {
    let rest = Array(arguments.dropFirst())
    try await seedSandbox(dir: rest[0], endpoint: rest[1])
    exit(0)
}
let selected = Set(arguments.filter { !$0.hasPrefix("--") })
func wants(_ name: String) -> Bool { selected.isEmpty || selected.contains(name) }

if wants("api") {
    let transports = arguments.contains("--http") ? [false, true] : [false]
    var rows: [Row] = []
    for http in transports {
        rows.append(try await contentBlockReads(count: 500, http: http))
        rows.append(try await catalogCreations(count: 20, startOffset: 0, http: http))
        rows.append(try await catalogCreations(count: 20, startOffset: 30, http: http))
        rows.append(try await catalogCreations(count: 20, startOffset: 0, parallel: 8, http: http))
    }
    print("== API: BrazeClient against SimulatedWorkspace with the seed rate limits")
    print("(default 250,000/h; catalog management 5/min, fixed windows aligned on the epoch), shared VirtualTimeSource.")
    print("virtual s: virtual time the run took; bound s: least time the limits allow; ratio: virtual / bound.")
    print("")
    printTable(rows)
    print("")
    print("Note: \"8 at once\" overstates the time. VirtualTimeSource.sleep returns at once and moves the clock to")
    print("the sleeper's wake-up instant, so a task waiting for the window after next drags the clock past requests")
    print("other tasks were paced into the next window; sequential rows are exact. The engine figures below use")
    print("ScheduledVirtualTimeSource, which wakes sleepers in time order.")
    print("")
}

if wants("engine") {
    print("== Engine: plan and apply of a generated project on the simulator (seed rate limits, item writes visible after 5 s),")
    print("   virtual time (ScheduledVirtualTimeSource), in-process transport, --parallelism 4")
    printEngineFigures([try await engineBenchmark(resources: 300)])
    print("")
}

if wants("scale") {
    let items = Int(arguments.first { $0.hasPrefix("--items=") }?.dropFirst(8) ?? "") ?? 100_000
    let latency = Double(arguments.first { $0.hasPrefix("--latency=") }?.dropFirst(10) ?? "") ?? 0.1
    let limitSets = (arguments.first { $0.hasPrefix("--limits=") }?.dropFirst(9)).map { $0.split(separator: ",").map(String.init) } ?? ["seed", "current"]
    for limits in limitSets {
        let current = limits == "current"
        print("== Scale: one catalog of \(items) items, step by step; `\(limits)` limits, \(Int(latency * 1000)) ms latency a request")
        print(current
              ? "   simulator: Braze's current documented limits (catalog management 50/min, async item writes 16,000/min, item reads 50/min),"
              : "   simulator: the seed text's limits (catalog management 5/min, async item writes 100/min, item reads 50/min),")
        print("   item writes visible after 5 s; in-process transport, ScheduledVirtualTimeSource (virtual = what the run waits for:")
        print("   rate-limit windows and the simulated latency). apply runs with default settings (--parallelism \(applyDefaultParallelism) as the ceiling).")
        print("   local CPU: this process's user+system seconds, less the in-process simulator's serving of item pages (measured")
        print("   apart); apply's figure still holds the simulator's handling of the writes.")
        print("   brazeform's peak memory: VmHWM during the step minus VmRSS before it (peak reset through /proc/self/clear_refs,")
        print("   freed memory returned with malloc_trim first); the simulator's copy of the workspace is resident before and excluded.")
        print("   (a lower estimate; `scripts/benchmark.sh memory` measures a brazeform process apart from the simulator.)")
        let started = Date()
        printStepFigures(try await catalogScaleBenchmark(ScaleSettings(items: items, current: current, latency: latency, fieldRows: true)))
        print(String(format: "   (this limit set took %.0f s of wall time)", Date().timeIntervalSince(started)))
        print("")
    }
}
