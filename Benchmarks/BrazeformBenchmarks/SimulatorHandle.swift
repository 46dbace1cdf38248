// The simulator as the engine benchmark drives it. Imports BrazeSimulator without
// BrazeAPI: both declare `RateLimitGroup` and `JSONValue`.
import BrazeSimulator
import Engine
import Manifest
import VirtualTime

struct BrazeSimulatorHandle: Sendable {
    let actor: BrazeSimulator

    /// A workspace with the seed text's rate limits, and the subscription groups and
    /// tags the project names (dashboard actions the API cannot do).
    static func seeded(time: any TimeSource, itemWriteDelay: Double, project: Project) async -> BrazeSimulatorHandle {
        let simulator = BrazeSimulator(
            configuration: SimulatorConfiguration(rateLimits: SimulatorConfiguration.brazeSeedRateLimits, catalogItemWriteDelay: itemWriteDelay),
            timeSource: time)
        await SandboxSession.prepare(simulator, for: project)
        return BrazeSimulatorHandle(actor: simulator)
    }

    func clearLog() async { await actor.clearRequestLog() }

    /// Write requests that were answered (not 429), and 429 answers, since the log was cleared.
    func writesAndRateLimited() async -> (writes: Int, rateLimited: Int) {
        let log = await actor.requestLog()
        return (log.filter { $0.isWrite && $0.status != 429 }.count, log.filter { $0.status == 429 }.count)
    }
}
