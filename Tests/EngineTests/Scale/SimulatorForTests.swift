import BrazeSimulator
import VirtualTime

/// A simulator with the seed text's rate limits and asynchronous item writes.
struct BrazeSimulatorForTests: Sendable {
    let simulator: SimulatedWorkspace

    /// - Parameter seedRateLimits: false lifts every limit (100,000 a minute), so waiting never hides what a test looks at.
    init(time: any TimeSource, itemWriteDelay: Double, seedRateLimits: Bool = true) {
        var configuration = SimulatorConfiguration(catalogItemWriteDelay: itemWriteDelay)
        if !seedRateLimits { configuration.rateLimits = configuration.rateLimits.mapValues { _ in .perMinute(100_000) } }
        simulator = SimulatedWorkspace(configuration: configuration, timeSource: time)
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
