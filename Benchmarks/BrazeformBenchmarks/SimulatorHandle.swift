// The simulator as the engine benchmark drives it. Imports SimulatedWorkspace without
// BrazeAPI: both declare `RateLimitGroup` and `JSONValue`.
import Workspace
import BrazeSimulator
import Foundation
import Engine
import Manifest
import VirtualTime

struct BrazeSimulatorHandle: Sendable {
    let actor: SimulatedWorkspace

    /// A workspace with the seed text's rate limits, and the subscription groups and
    /// tags its workspace declares (dashboard actions the API cannot do).
    /// - Parameters:
    ///   - currentLimits: Braze's current documented limits (catalog management 50/min, async item
    ///     writes 16,000/min) instead of the seed text's.
    ///   - latency: seconds each request takes before it is answered, on `time`.
    static func seeded(time: any TimeSource, itemWriteDelay: Double, project: Project, currentLimits: Bool = false,
                       latency: Double = 0) async -> BrazeSimulatorHandle {
        let simulator = SimulatedWorkspace(
            configuration: SimulatorConfiguration(
                rateLimits: currentLimits ? SimulatorConfiguration.brazeCurrentRateLimits : SimulatorConfiguration.brazeSeedRateLimits,
                catalogItemWriteDelay: itemWriteDelay, latency: latency),
            timeSource: time)
        await SandboxSession.prepare(simulator, for: project)
        return BrazeSimulatorHandle(actor: simulator)
    }

    /// The sandbox workspace of the project in `dir`, unlimited, on `time`, with no save per write (see `seedSandbox`).
    static func sandboxForSeeding(dir: String, workspace: String, time: any TimeSource) throws -> (SandboxSession, BrazeSimulatorHandle) {
        let session = try SandboxSession(projectDirectory: dir, workspace: workspace, timeSource: time,
                                         configuration: SimulatorConfiguration(rateLimits: [:], catalogItemWriteDelay: 1))
        return (session, BrazeSimulatorHandle(actor: session.simulator))
    }

    func clearLog() async { await actor.clearRequestLog() }

    /// Real seconds the simulator takes to answer every item page of every catalog
    /// (its share of a read, which a real Braze does on its own machines).
    func timeToServeAllItemPages() async -> Double {
        let names = await actor.snapshot().catalogs.map(\.name)
        let (limits, latency) = await (actor.configuration.rateLimits, actor.configuration.latency)
        await actor.updateConfiguration { $0.rateLimits = [:]; $0.latency = 0 }  // the pages, not the windows or the network
        let start = Date()
        for name in names {
            var target: String? = "/catalogs/\(name)/items"
            while let next = target {
                let response = await actor.handle(SimulatedRequest(method: "GET", target: next, headers: [("Authorization", "Bearer \(SimulatorConfiguration.defaultAPIKey)")]))
                target = response.header("Link").flatMap { link in
                    link.split(separator: ",").first { $0.contains("rel=\"next\"") }.flatMap { part in
                        part.split(separator: ";").first.map { String($0.trimmingCharacters(in: .whitespaces).dropFirst().dropLast()) }
                    }
                }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        await actor.updateConfiguration { $0.rateLimits = limits; $0.latency = latency }
        return seconds
    }

    /// Answered writes since the log was cleared: to catalog field endpoints, to item
    /// endpoints, and catalog deletes.
    func callsByKind() async -> (fields: Int, items: Int, catalogDeletes: Int) {
        let log = await actor.requestLog().filter { $0.isWrite && $0.status != 429 }
        let parts = log.map { $0.path.split(separator: "/").map(String.init) }
        return (parts.filter { $0.count >= 3 && $0[0] == "catalogs" && $0[2] == "fields" }.count,
                parts.filter { $0.count >= 3 && $0[0] == "catalogs" && $0[2] == "items" }.count,
                zip(log, parts).filter { $0.0.method == "DELETE" && $0.1.count == 2 && $0.1[0] == "catalogs" }.count)
    }

    /// Items the simulator holds for a catalog.
    func itemCount(_ catalog: String) async -> Int {
        await actor.snapshot().catalogs.first { $0.name == catalog }?.items.count ?? 0
    }

    /// Virtual seconds from the first item write the log holds to the answer of the last (each
    /// answered `latency` after it arrived), and how many there were.
    func itemWriteSpan(latency: Double) async -> (seconds: Double, calls: Int) {
        let writes = await actor.requestLog().filter { $0.isWrite && $0.path.hasSuffix("/items") }
        guard let first = writes.first, let last = writes.last else { return (0, 0) }
        return (last.time.timeIntervalSince(first.time) + latency, writes.count)
    }

    /// Write requests that were answered (not 429), and 429 answers, since the log was cleared.
    func writesAndRateLimited() async -> (writes: Int, rateLimited: Int) {
        let log = await actor.requestLog()
        return (log.filter { $0.isWrite && $0.status != 429 }.count, log.filter { $0.status == 429 }.count)
    }
}
