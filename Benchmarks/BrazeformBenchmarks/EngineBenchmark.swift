// The engine's side of the benchmark: plan and apply of generated projects on
// the simulator with its real (seed text) rate limits, under virtual time.
import Workspace
import BrazeCore
import BrazeAPI
import Engine
import Foundation
import Logging
import Manifest
import VirtualTime

/// Warnings only: rate-limit waits are what the figures measure, not news.
let quietLogger: Logger = {
    var logger = Logger(label: "brazeform.benchmark")
    logger.logLevel = .warning
    return logger
}()

/// Figures of one plan-and-apply run.
struct EngineFigures {
    var label: String
    var plannedCalls: Int
    var writeCalls: Int
    var rateLimited: Int
    var applyVirtualSeconds: Double
    var lowerBound: Double
    var planWallSeconds: Double
    var applyWallSeconds: Double
    var secondPlanEmpty: Bool
    var peakMemoryMB: Double
    var note: String
}

/// The package's root, for scripts/generate-project.py.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func generateProject(resources: Int, items: Int) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("brazeform-bench-\(UUID().uuidString)").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", packageRoot.appendingPathComponent("scripts/generate-project.py").path, dir, "--resources", "\(resources)", "--items", "\(items)"]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchmarkError("generate-project.py failed") }
    return dir
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// CPU seconds this process has used (user + system): waits for the virtual clock are not counted.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// The rate-limit group each write goes through, as the seed text documents it.
func seedGroup(_ operation: APIOperation) -> (limit: Int, window: Double, name: String) {
    switch operation {
    case .createCatalog, .deleteCatalog: (5, 60, "catalog management")
    case .createCatalogFields, .deleteCatalogField: (50, 60, "catalog fields")
    case .createCatalogItems, .replaceCatalogItems, .deleteCatalogItems: (100, 60, "async catalog items")
    case .createPreferenceCenter, .updatePreferenceCenter: (10, 60, "preference center writes")
    case .setSubscriptionState: (5_000, 60, "subscription status")
    default: (250_000, 3_600, "default")
    }
}

/// The least virtual time the plan's writes can take: each rate-limit group's
/// windows (the first window's budget spent at once), the slowest group deciding;
/// plus, when items are written, the one catalog list that confirms them (catalog
/// management group) and the simulator's item-write delay.
func applyLowerBound(_ plan: Plan, itemWriteDelay: Double, startOffset: Double) -> (Double, String) {
    var counts: [String: (n: Int, limit: Int, window: Double)] = [:]
    for change in plan.changes {
        for call in change.calls {
            let g = seedGroup(call.operation)
            counts[g.name, default: (0, g.limit, g.window)].n += 1
        }
    }
    let writesItems = plan.changes.contains { $0.kind == .catalogItems }
    let writesFields = plan.changes.contains { $0.calls.contains { if case .createCatalogFields = $0.operation { true } else if case .deleteCatalogField = $0.operation { true } else { false } } }
    // One catalog list confirms the item writes, and one the field changes (both wait out the write delay).
    if writesItems { counts["catalog management", default: (0, 5, 60)].n += 1 }
    if writesFields { counts["catalog management", default: (0, 5, 60)].n += 1 }
    var best = (0.0, "none")
    for (name, c) in counts {
        let bound = lowerBound(calls: c.n, limit: c.limit, window: c.window, offset: startOffset)
        if bound > best.0 { best = (bound, "\(name): \(c.n) calls at \(c.limit)/\(Int(c.window)) s") }
    }
    return (best.0 + (writesItems ? itemWriteDelay : 0) + (writesFields ? itemWriteDelay : 0), best.1)
}

/// Plans and applies `project` against `simulator` from its current state.
/// A client on the in-process transport, on `time`.
func engineClient(_ simulator: BrazeSimulatorHandle, time: any TimeSource) throws -> BrazeClient {
    BrazeClient(endpoint: try BrazeEndpoint(url: "http://127.0.0.1"), apiKey: try BrazeAPIKey(secret: "brazeform-sandbox-key"),
                transport: SimulatorTransport(simulator.actor), timeSource: time, retryPolicy: RetryPolicy(jitter: { 0.5 }), maxConcurrentRequests: 8,
                logger: quietLogger)
}

func planAndApply(_ project: Project, simulator: BrazeSimulatorHandle, time: any TimeSource, parallelism: Int = 4) async throws -> (Plan, ApplyReport, Double, Double, Double) {
    let client = try engineClient(simulator, time: time)
    let cpuStart = cpuSeconds()
    let live = try await WorkspaceReader(client: client).read(for: project)
    let readCPU = cpuSeconds() - cpuStart
    let plan = try Planner(project: project, live: live, endpoint: "bench").plan()
    let diffCPU = cpuSeconds() - cpuStart - readCPU
    // The simulator answers in this process; a real Braze does that work on its own machines.
    let serving = await simulator.timeToServeAllItemPages()
    let planWall = max(0, readCPU - serving) + diffCPU
    print(String(format: "    local CPU: read %.3f s (after %.3f s of the in-process simulator's page serving is taken out), diff+plan %.3f s",
                 max(0, readCPU - serving), serving, diffCPU))
    await simulator.clearLog()
    let virtualStart = time.now()
    let applyStart = Date()
    let report = await Applier(client: client, parallelism: parallelism, timeSource: time, itemWriteTimeout: 3_600).apply(plan)
    return (plan, report, time.now().timeIntervalSince(virtualStart), planWall, Date().timeIntervalSince(applyStart))
}

func secondPlanIsEmpty(_ project: Project, simulator: BrazeSimulatorHandle, time: any TimeSource) async throws -> Bool {
    let client = try engineClient(simulator, time: time)
    let live = try await WorkspaceReader(client: client).read(for: project)
    return try Planner(project: project, live: live, endpoint: "bench").plan().isEmpty
}

func loadProject(_ dir: String) throws -> Project {
    let result = ProjectLoader(directory: dir).load()
    guard let project = result.project, !result.diagnostics.hasErrors else {
        throw BenchmarkError("generated project is invalid: \(result.diagnostics.sorted.prefix(3))")
    }
    return project
}

/// Issue 4: a generated project of `resources` resources across all kinds, from empty.
func engineBenchmark(resources: Int) async throws -> EngineFigures {
    let dir = try generateProject(resources: resources, items: 0)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let project = try loadProject(dir)
    let time = ScheduledVirtualTimeSource(quietPeriod: .milliseconds(10))
    let delay = 5.0
    let simulator = await BrazeSimulatorHandle.seeded(time: time, itemWriteDelay: delay, project: project)
    let offset = time.now().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
    let (plan, report, virtual, planWall, applyWall) = try await planAndApply(project, simulator: simulator, time: time)
    let (writes, limited) = await simulator.writesAndRateLimited()
    let (bound, bottleneck) = applyLowerBound(plan, itemWriteDelay: delay, startOffset: offset)
    let empty = try await secondPlanIsEmpty(project, simulator: simulator, time: time)
    return EngineFigures(label: "\(resources) resources from empty", plannedCalls: plan.callCount, writeCalls: writes, rateLimited: limited,
                         applyVirtualSeconds: virtual, lowerBound: bound, planWallSeconds: planWall, applyWallSeconds: applyWall,
                         secondPlanEmpty: empty && report.succeeded, peakMemoryMB: peakMemoryMB(), note: "bottleneck \(bottleneck)")
}

/// Issue 5: one catalog of `items` items: load from empty, then change 1% and delete 1%, and plan/apply again.
func catalogScaleBenchmark(items: Int) async throws -> [EngineFigures] {
    let dir = try generateProject(resources: 5, items: items)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var project = try loadProject(dir)
    let time = ScheduledVirtualTimeSource(quietPeriod: .milliseconds(10))
    let delay = 5.0
    let simulator = await BrazeSimulatorHandle.seeded(time: time, itemWriteDelay: delay, project: project)
    var figures: [EngineFigures] = []
    let csvURL = URL(fileURLWithPath: dir).appendingPathComponent("braze/catalogs/catalog_0.csv")
    let originalCSV = try String(contentsOf: csvURL, encoding: .utf8)
    for round in 0..<2 {
        if round == 1 {
            // Edit the CSV: 1% of prices change, the last 1% of items go.
            let csv = URL(fileURLWithPath: dir).appendingPathComponent("braze/catalogs/catalog_0.csv")
            var lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let step = 100
            for i in stride(from: 2, to: lines.count - items / 100, by: step) where !lines[i].isEmpty {
                var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                if cells.count == 5 { cells[2] = "999.5"; lines[i] = cells.joined(separator: ",") }
            }
            lines.removeLast(items / 100 + 1)
            try (lines.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
            project = try loadProject(dir)
        }
        let offset = time.now().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
        let (plan, report, virtual, planWall, applyWall) = try await planAndApply(project, simulator: simulator, time: time)
        let (writes, limited) = await simulator.writesAndRateLimited()
        let (bound, bottleneck) = applyLowerBound(plan, itemWriteDelay: delay, startOffset: offset)
        let itemChange = plan.changes.first { $0.kind == .catalogItems }
        let counts = itemChange?.items
        let minimum = counts.map { c in [c.create, c.update, c.delete].reduce(0) { $0 + ($1 + 49) / 50 } } ?? 0
        let empty = try await secondPlanIsEmpty(project, simulator: simulator, time: time)
        let label = round == 0 ? "\(items) items from empty" : "\(items) live items, 1% changed, 1% removed"
        figures.append(EngineFigures(
            label: label, plannedCalls: plan.callCount, writeCalls: writes, rateLimited: limited,
            applyVirtualSeconds: virtual, lowerBound: bound, planWallSeconds: planWall, applyWallSeconds: applyWall,
            secondPlanEmpty: empty && report.succeeded, peakMemoryMB: peakMemoryMB(),
            note: "items +\(counts?.create ?? 0) ~\(counts?.update ?? 0) -\(counts?.delete ?? 0); item calls \(itemChange?.calls.count ?? 0) vs ceil(n/50) sum \(minimum); \(bottleneck)"))
    }
    // Issue 9: fields change in place. Put back the items round 1 removed (not measured),
    // then add one field with no column (no item writes), then one filled for every item.
    try originalCSV.write(to: csvURL, atomically: true, encoding: .utf8)
    project = try loadProject(dir)
    _ = try await planAndApply(project, simulator: simulator, time: time)
    let manifestURL = URL(fileURLWithPath: dir).appendingPathComponent("braze/catalogs/catalogs.yaml")
    let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
    let anchor = "  - {name: Launched_At, type: time}\nitems: {file: catalog_0.csv}\n"
    guard manifest.contains(anchor) else { throw BenchmarkError("catalog_0's manifest is not the generated one") }
    for round in 0..<2 {
        let added = round == 0 ? "  - {name: Note, type: string}\n" : "  - {name: Note, type: string}\n  - {name: City, type: string}\n"
        try manifest.replacingOccurrences(of: anchor, with: "  - {name: Launched_At, type: time}\n" + added + "items: {file: catalog_0.csv}\n")
            .write(to: manifestURL, atomically: true, encoding: .utf8)
        if round == 1 {
            let lines = originalCSV.split(separator: "\n").enumerated().map { i, line in i == 0 ? line + ",City" : line + ",City \(i % 97)" }
            try (lines.joined(separator: "\n") + "\n").write(to: csvURL, atomically: true, encoding: .utf8)
        }
        project = try loadProject(dir)
        let offset = time.now().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
        let (plan, report, virtual, planWall, applyWall) = try await planAndApply(project, simulator: simulator, time: time)
        let (writes, limited) = await simulator.writesAndRateLimited()
        let calls = await simulator.callsByKind()
        let (bound, bottleneck) = applyLowerBound(plan, itemWriteDelay: delay, startOffset: offset)
        let empty = try await secondPlanIsEmpty(project, simulator: simulator, time: time)
        let items = await simulator.itemCount("catalog_0")
        figures.append(EngineFigures(
            label: round == 0 ? "\(items) live items, one field added (no values)" : "\(items) live items, one field added with a value for every item",
            plannedCalls: plan.callCount, writeCalls: writes, rateLimited: limited,
            applyVirtualSeconds: virtual, lowerBound: bound, planWallSeconds: planWall, applyWallSeconds: applyWall,
            secondPlanEmpty: empty && report.succeeded, peakMemoryMB: peakMemoryMB(),
            note: "field calls \(calls.fields), item calls \(calls.items), catalog deletes \(calls.catalogDeletes); items kept: \(items); \(bottleneck)"))
    }
    return figures
}

func printEngineFigures(_ rows: [EngineFigures]) {
    for r in rows {
        print("  \(r.label)")
        print("    write calls: \(r.writeCalls) made, \(r.plannedCalls) planned (the minimum the change set needs), 429s: \(r.rateLimited)")
        print(String(format: "    apply: %.0f s virtual vs lower bound %.0f s (%+.1f%%)", r.applyVirtualSeconds, r.lowerBound,
                     r.lowerBound > 0 ? (r.applyVirtualSeconds / r.lowerBound - 1) * 100 : 0))
        print(String(format: "    local read+diff+plan: %.3f s CPU; apply: %.3f s wall; peak memory %.0f MB (simulator's copy included)", r.planWallSeconds, r.applyWallSeconds, r.peakMemoryMB))
        print("    next plan empty: \(r.secondPlanEmpty ? "yes" : "NO"); \(r.note)")
    }
}
