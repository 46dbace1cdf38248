// The simulator's side of the benchmark. Imports SimulatedWorkspace alone: both it and
// BrazeAPI declare `RateLimitGroup`, `RateLimit` and `JSONValue`, and the actor
// `SimulatedWorkspace` shadows its module's name.
import BrazeSimulator
import Foundation
import VirtualTime

/// A simulator with no rate limits yet (so seeding costs no budget); call
/// `applySeedLimits()` before measuring.
func makeBenchmarkSimulator(time: VirtualTimeSource) -> SimulatedWorkspace {
    SimulatedWorkspace(configuration: SimulatorConfiguration(rateLimits: [:]), timeSource: time)
}

/// The seed text's limit of one group, as (requests, window seconds).
enum SeedLimit {
    static var contentBlocks: (Int, Double) { pair(.default) }
    static var catalogManagement: (Int, Double) { pair(.catalogManagement) }
    private static func pair(_ group: RateLimitGroup) -> (Int, Double) {
        let limit = SimulatorConfiguration.brazeSeedRateLimits[group]!
        return (limit.limit, limit.windowSeconds)
    }
}

extension SimulatedWorkspace {
    /// Switches to the seed text's real limits (catalog management 5/min, default 250,000/h...).
    func applySeedLimits() {
        updateConfiguration { $0.rateLimits = SimulatorConfiguration.brazeSeedRateLimits }
    }

    func seedContentBlocks(_ count: Int) async -> [String] {
        var ids: [String] = []
        for index in 0..<count {
            let answer = await handle(SimulatedRequest(
                method: "POST", target: "/content_blocks/create", apiKey: SimulatorConfiguration.defaultAPIKey,
                json: ["name": .string("bench_block_\(index)"), "content": .string("Block \(index)")]))
            precondition(answer.status == 201, "seeding: \(answer.status) \(answer.bodyText)")
            ids.append(answer.json?["content_block_id"]?.stringValue ?? "")
        }
        return ids
    }

    /// Requests and 429 answers logged since the last `clearRequestLog()` whose path starts with `prefix`.
    func tally(pathPrefix prefix: String, method: String? = nil) -> (requests: Int, rateLimited: Int) {
        let matching = requestLog().filter { $0.path.hasPrefix(prefix) && (method == nil || $0.method == method) }
        return (matching.count, matching.filter { $0.status == 429 }.count)
    }

    func catalogCount() -> Int { snapshot().catalogs.count }

    /// Answers a request given as method, request target, headers and body.
    func answer(method: String, target: String, headers: [(String, String)], body: Data) async
        -> (status: Int, headers: [(String, String)], body: Data, dropped: Bool) {
        let response = await handle(SimulatedRequest(method: method, target: target, headers: headers, body: body))
        return (response.status, response.headers, response.body, response.dropped)
    }
}
