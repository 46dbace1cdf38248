// Imports BrazeSimulator without BrazeAPI: both declare `RateLimitGroup` and `JSONValue`.
import BrazeSimulator
import VirtualTime

/// A simulator with the seed text's rate limits and asynchronous item writes.
struct BrazeSimulatorForTests: Sendable {
    let simulator: BrazeSimulator

    init(time: any TimeSource, itemWriteDelay: Double) {
        simulator = BrazeSimulator(configuration: SimulatorConfiguration(catalogItemWriteDelay: itemWriteDelay), timeSource: time)
    }

    func clearLog() async { await simulator.clearRequestLog() }

    /// `METHOD /path` of every answered write since the log was cleared.
    func writes() async -> [String] {
        await simulator.requestLog().filter { $0.isWrite && $0.status != 429 }.map { "\($0.method) \($0.path)" }
    }

    func rateLimitedCount() async -> Int {
        await simulator.requestLog().filter { $0.status == 429 }.count
    }
}
