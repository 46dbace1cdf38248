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
    static func seeded(time: any TimeSource, itemWriteDelay: Double, project: Project) async -> BrazeSimulatorHandle {
        let simulator = SimulatedWorkspace(
            configuration: SimulatorConfiguration(rateLimits: SimulatorConfiguration.brazeSeedRateLimits, catalogItemWriteDelay: itemWriteDelay),
            timeSource: time)
        await SandboxSession.prepare(simulator, for: project)
        return BrazeSimulatorHandle(actor: simulator)
    }

    func clearLog() async { await actor.clearRequestLog() }

    /// Real seconds the simulator takes to answer every item page of every catalog
    /// (its share of a read, which a real Braze does on its own machines).
    func timeToServeAllItemPages() async -> Double {
        let names = await actor.snapshot().catalogs.map(\.name)
        let limits = await actor.configuration.rateLimits
        await actor.updateConfiguration { $0.rateLimits = [:] }  // the pages, not the windows
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
        await actor.updateConfiguration { $0.rateLimits = limits }
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

    /// Write requests that were answered (not 429), and 429 answers, since the log was cleared.
    func writesAndRateLimited() async -> (writes: Int, rateLimited: Int) {
        let log = await actor.requestLog()
        return (log.filter { $0.isWrite && $0.status != 429 }.count, log.filter { $0.status == 429 }.count)
    }
}
