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

/// The rate-limit group each write goes through, as the seed text (or, `current`, Braze's
/// current documentation: catalog management 50/min, async item writes 16,000/min) gives it.
func seedGroup(_ operation: APIOperation, current: Bool = false) -> (limit: Int, window: Double, name: String) {
    switch operation {
    case .createCatalog, .deleteCatalog: (current ? 50 : 5, 60, "catalog management")
    case .createCatalogItems, .replaceCatalogItems, .deleteCatalogItems: (current ? 16_000 : 100, 60, "async catalog items")
    case .createPreferenceCenter, .updatePreferenceCenter: (10, 60, "preference center writes")
    case .setSubscriptionState: (5_000, 60, "subscription status")
    case .createCatalogFields, .deleteCatalogField: (50, 60, "catalog fields")
    default: (250_000, 3_600, "default")
    }
}

/// The least virtual time the plan's writes can take: each rate-limit group's
/// windows (the first window's budget spent at once), the slowest group deciding;
/// plus, when items are written, the one catalog list that confirms them (catalog
/// management group) and the simulator's item-write delay.
func applyLowerBound(_ plan: Plan, itemWriteDelay: Double, startOffset: Double, current: Bool = false) -> (Double, String) {
    var counts: [String: (n: Int, limit: Int, window: Double)] = [:]
    for change in plan.changes {
        for call in change.calls {
            let g = seedGroup(call.operation, current: current)
            counts[g.name, default: (0, g.limit, g.window)].n += 1
        }
    }
    let writesItems = plan.changes.contains { $0.kind == .catalogItems }
    // Field writes are asynchronous too: apply waits until the catalog list shows them.
    let writesFields = plan.changes.contains { $0.calls.contains { if case .createCatalogFields = $0.operation { true } else if case .deleteCatalogField = $0.operation { true } else { false } } }
    if writesItems || writesFields { counts["catalog management", default: (0, current ? 50 : 5, 60)].n += 1 }
    var best = (0.0, "none")
    for (name, c) in counts {
        let bound = lowerBound(calls: c.n, limit: c.limit, window: c.window, offset: startOffset)
        if bound > best.0 { best = (bound, "\(name): \(c.n) calls at \(c.limit)/\(Int(c.window)) s") }
    }
    // Items carrying a new field can only be written once the field shows: the two delays add up.
    let delays = (writesItems ? itemWriteDelay : 0) + (writesFields ? itemWriteDelay : 0)
    return (best.0 + delays, best.1)
}

/// Plans and applies `project` against `simulator` from its current state.
/// A client on the in-process transport, on `time`.
/// `maxConcurrentRequests`: the wire's ceiling (the CLI's apply uses its `--parallelism`, default 32).
func engineClient(_ simulator: BrazeSimulatorHandle, time: any TimeSource, maxConcurrentRequests: Int = 8) throws -> BrazeClient {
    BrazeClient(endpoint: try BrazeEndpoint(url: "http://127.0.0.1"), apiKey: try BrazeAPIKey(secret: "brazeform-sandbox-key"),
                transport: SimulatorTransport(simulator.actor), timeSource: time, retryPolicy: RetryPolicy(jitter: { 0.5 }),
                maxConcurrentRequests: maxConcurrentRequests, logger: quietLogger)
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

/// One measured step of the scale benchmark.
struct StepFigures {
    var label: String
    var apiCalls: Int
    /// What the step's calls cannot be fewer than, said in words ("item pages: 2,000 (⌈100,000 / 50⌉)").
    var minimum: String
    var itemPages: Int
    var rateLimited: Int
    var virtualSeconds: Double
    var bound: Double
    var boundFormula: String
    var cpuSeconds: Double
    var peakMB: Double
    var note: String
}

/// Linux: the resident set now and its peak since the last `resetPeakMemory()` (VmRSS, VmHWM), in MB.
func residentMB() -> (now: Double, peak: Double) {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Double {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return Double(line.split(separator: " ").dropFirst().first { Double($0) != nil } ?? "0").map { $0 / 1024 } ?? 0
    }
    return (field("VmRSS"), field("VmHWM"))
}

/// glibc's malloc_trim (not in the Glibc module's headers).
@_silgen_name("malloc_trim") func glibcMallocTrim(_ pad: Int) -> Int32

/// Returns freed memory to the system and restarts the peak (`5` to /proc/self/clear_refs resets VmHWM to VmRSS).
func resetPeakMemory() {
    _ = glibcMallocTrim(0)
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

/// The least time `pages` item-page reads take at `limit` per `window` s, windows aligned, `offset` s into one,
/// each page answered `latency` s after it is asked for (a catalog's pages follow one another: each names the next),
/// plus one round trip for the catalog list that comes first.
/// Without pages: the lists (one round trip), then the details they name (another, when there are any).
func readLowerBound(pages: Int, limit: Int, window: Double, offset: Double, latency: Double, details: Bool) -> (Double, String) {
    guard pages > 0 else {
        return details ? (2 * latency, String(format: "no item page: the lists, then the details they name: 2 round trips × %.1f s", latency))
                       : (latency, String(format: "no item page, no detail: the lists, 1 round trip × %.1f s", latency))
    }
    let rate = max(0, lowerBound(calls: pages, limit: limit, window: window, offset: offset))
    let sequential = Double(pages) * latency
    let bound = max(rate, sequential) + latency
    let rateText = pages <= limit ? "\(pages) item pages ≤ \(limit): one window, 0 s"
        : String(format: "(⌈%d pages / %d⌉ − 1) × %.0f s%@ = %.0f s", pages, limit, window, offset > 0 ? String(format: " − %.1f s into the window", offset) : "", rate)
    let formula = String(format: "max(%@, %d pages × %.1f s latency = %.1f s) + %.1f s for GET /catalogs first", rateText, pages, latency, sequential, latency)
    return (bound, formula)
}

/// apply's default ceiling of calls under way (for main.swift, which does not import Engine).
let applyDefaultParallelism = Applier.defaultParallelism

/// Settings of one run of the scale benchmark.
struct ScaleSettings {
    var items: Int
    /// Braze's current documented limits rather than the seed text's.
    var current: Bool
    /// Seconds each request takes (virtual).
    var latency: Double
    /// Also run issue 9's field rows.
    var fieldRows: Bool
    var limitsName: String { current ? "current" : "seed" }
}

/// Issue 10: one catalog of `items` items, step by step — plan from empty, apply, plan with the
/// item snapshot, plan with --refresh, then 1% changed and 1% removed: re-plan and apply.
func catalogScaleBenchmark(_ settings: ScaleSettings) async throws -> [StepFigures] {
    let items = settings.items
    let latency = settings.latency
    let dir = try generateProject(resources: 5, items: items)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var project = try loadProject(dir)
    let time = ScheduledVirtualTimeSource(quietPeriod: .milliseconds(10))
    let delay = 5.0
    let simulator = await BrazeSimulatorHandle.seeded(time: time, itemWriteDelay: delay, project: project,
                                                      currentLimits: settings.current, latency: latency)
    // As `brazeform apply` opens it: the wire's ceiling is --parallelism (default 32).
    let client = try engineClient(simulator, time: time, maxConcurrentRequests: Applier.defaultParallelism)
    let store = ItemSnapshotStore(projectDirectory: dir, workspace: project.workspace.name, endpoint: "bench")
    var figures: [StepFigures] = []

    /// Runs `body` with the log cleared and the clocks read around it.
    func step(_ label: String, _ body: () async throws -> (bound: Double, formula: String, note: String, readPages: Bool, minimum: String)) async throws {
        // Every step starts at a fresh rate-limit window (waiting for it is not measured): the
        // steps before it do not spend its budget, and the bound needs no offset.
        let offset = time.now().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
        if offset > 0 { try await time.sleep(seconds: 60 - offset) }
        await simulator.clearLog()
        resetPeakMemory()
        let before = residentMB().now
        let cpu0 = cpuSeconds()
        let v0 = time.now()
        let result = try await body()
        let virtual = time.now().timeIntervalSince(v0)
        var cpu = cpuSeconds() - cpu0
        let peak = residentMB().peak - before
        let log = await simulator.actor.requestLog()
        if result.readPages {
            // The simulator answers in this process; a real Braze does that work on its own machines.
            let c0 = cpuSeconds()
            _ = await simulator.timeToServeAllItemPages()
            cpu -= cpuSeconds() - c0
        }
        figures.append(StepFigures(label: label, apiCalls: log.count, minimum: result.minimum,
                                   itemPages: log.filter { $0.method == "GET" && $0.path.hasSuffix("/items") }.count,
                                   rateLimited: log.filter { $0.status == 429 }.count, virtualSeconds: virtual,
                                   bound: result.bound, boundFormula: result.formula, cpuSeconds: cpu, peakMB: peak, note: result.note))
    }

    /// What `brazeform plan [--refresh]` does: load the manifests, read through the snapshot, keep what was read, plan.
    func plan(refresh: Bool) async throws -> (Plan, LiveState, Double) {
        project = try loadProject(dir)
        let offset = time.now().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
        let known = refresh ? [:] : store.load()
        let live = try await WorkspaceReader(client: client, snapshots: known).read(for: project)
        if live.itemReading != nil || Set(known.keys) != Set(live.catalogItems.keys) { try store.save(ItemSnapshotStore.afterRead(live)) }
        return (try Planner(project: project, live: live, endpoint: "bench").plan(), live, offset)
    }

    func planStep(_ label: String, refresh: Bool) async throws -> (Plan, LiveState) {
        var out: (Plan, LiveState)?
        try await step(label) {
            let (p, live, offset) = try await plan(refresh: refresh)
            out = (p, live)
            let pages = live.itemReading?.pages ?? 0
            let details = await simulator.actor.requestLog().contains { $0.path.hasSuffix("/info") || $0.path.hasPrefix("/preference_center/v1/") && !$0.path.hasSuffix("/list") }
            let (bound, formula) = readLowerBound(pages: pages, limit: 50, window: 60, offset: offset, latency: latency, details: details)
            let counts = p.changes.first { $0.kind == .catalogItems }?.items
            let source = live.itemSources.values.first.map { if case .snapshot = $0 { "items from the snapshot" } else { "items read in full" } } ?? "catalog absent: nothing to read"
            let note = "\(source); plan: \(p.changes.count) changes, items +\(counts?.create ?? 0) ~\(counts?.update ?? 0) -\(counts?.delete ?? 0), \(p.callCount) write calls"
            let listed = live.catalogs["catalog_0"]?.numItems
            let minimum: String
            if case .snapshot? = live.itemSources["catalog_0"] {
                minimum = "item pages: 0 (the snapshot matches num_items and updated_at)"
            } else if let n = listed {
                minimum = "item pages: \(max(1, (n + 49) / 50)) (⌈\(n) items / 50⌉, a full read)"
            } else {
                minimum = "item pages: 0 (the catalog does not exist yet)"
            }
            return (bound, formula, note, pages > 0, minimum)
        }
        return out!
    }

    func applyStep(_ label: String, _ plan: Plan, _ live: LiveState) async throws {
        try await step(label) {
            let offset = time.now().timeIntervalSince1970.truncatingRemainder(dividingBy: 60)
            let report = await Applier(client: client, timeSource: time, itemWriteTimeout: 3_600).apply(plan)
            try store.save(ItemSnapshotStore.afterApply(ItemSnapshotStore.afterRead(live), plan: plan, report: report, project: project, now: time.now()))
            let (rateBound, bottleneck) = applyLowerBound(plan, itemWriteDelay: 0, startOffset: offset, current: settings.current)
            // Braze shows item (and field) writes `delay` s later; apply waits for them (for field changes before the items, too).
            let delays = applyLowerBound(plan, itemWriteDelay: delay, startOffset: offset, current: settings.current).0 - rateBound
            let ceiling = Double(Applier.defaultParallelism)
            let calls = plan.callCount
            let concurrencyBound = Double(calls) * latency / ceiling
            // The issue's criterion: the calls take no less than the limits allow, nor than calls × latency spread over 32 at once.
            let writeBound = max(rateBound, concurrencyBound, calls > 0 ? latency : 0)
            let (span, itemCalls) = await simulator.itemWriteSpan(latency: latency)
            // After the writes: Braze shows them `delay` s later, and apply confirms them (a catalog list, item reads).
            let bound = writeBound + delays
            let formula = String(format: "max(rate-limit bound %.1f s [%@], %d calls × %.1f s latency ÷ %d = %.2f s, one round trip) = %.2f s, + %.0f s until Braze shows the writes",
                                 rateBound, bottleneck, calls, latency, Applier.defaultParallelism, concurrencyBound, writeBound, delays)
            let writes = itemCalls == 0 ? "no item writes"
                : String(format: "item writes alone (first sent to last answered, %d calls): %.2f s vs max(...) %.2f s, ratio %.2f%@",
                         itemCalls, span, writeBound, writeBound > 0 ? span / writeBound : 0, label == "apply from empty" && settings.current ? " (done-when: ≤ 1.2)" : "")
            return (bound, formula,
                    "\(report.succeeded ? "succeeded" : "FAILED"), item writes confirmed: \(report.unconfirmedItemWrites.isEmpty ? "yes" : "NO"), default settings (--parallelism \(Applier.defaultParallelism)); \(writes)",
                    false, "write calls: \(calls) (the plan's calls: ⌈items / 50⌉ per kind of item write, the fewest Braze accepts); the rest confirm the writes")
        }
    }

    let (first, firstLive) = try await planStep("plan from empty", refresh: false)
    try await applyStep("apply from empty", first, firstLive)
    let (snapshotPlan, _) = try await planStep("plan with a snapshot", refresh: false)
    let (refreshPlan, _) = try await planStep("plan with --refresh", refresh: true)
    figures[figures.count - 1].note += "; same changes, digests and warnings as the plan from the snapshot: \(snapshotPlan.changes == refreshPlan.changes && snapshotPlan.warnings == refreshPlan.warnings && snapshotPlan.unmanaged == refreshPlan.unmanaged ? "yes" : "NO")"

    // Edit the CSV: 1% of prices change, the last 1% of items go.
    let csv = URL(fileURLWithPath: dir).appendingPathComponent("braze/catalogs/catalog_0.csv")
    let originalCSV = try String(contentsOf: csv, encoding: .utf8)
    var lines = originalCSV.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for i in stride(from: 2, to: lines.count - items / 100, by: 100) where !lines[i].isEmpty {
        var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if cells.count == 5 { cells[2] = "999.5"; lines[i] = cells.joined(separator: ",") }
    }
    lines.removeLast(items / 100 + 1)
    try (lines.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)

    let (changed, changedLive) = try await planStep("1%-changed re-plan (with the snapshot)", refresh: false)
    try await applyStep("1%-changed apply", changed, changedLive)
    let (after, _) = try await planStep("plan after it (with the snapshot)", refresh: false)
    figures[figures.count - 1].note += "; empty: \(after.isEmpty ? "yes" : "NO")"

    guard settings.fieldRows else { return figures }
    // Fields change in place (issue 9). Put back the items the 1% step removed (not measured),
    // then add one field with no column (no item writes), then one filled for every item.
    try originalCSV.write(to: csv, atomically: true, encoding: .utf8)
    let (restore, restoreLive, _) = try await plan(refresh: false)
    let restored = await Applier(client: client, timeSource: time, itemWriteTimeout: 3_600).apply(restore)
    try store.save(ItemSnapshotStore.afterApply(ItemSnapshotStore.afterRead(restoreLive), plan: restore, report: restored, project: project, now: time.now()))
    let manifestURL = URL(fileURLWithPath: dir).appendingPathComponent("braze/catalogs/catalogs.yaml")
    let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
    let anchor = "  - {name: Launched_At, type: time}\nitems: {file: catalog_0.csv}\n"
    guard manifest.contains(anchor) else { throw BenchmarkError("catalog_0's manifest is not the generated one") }
    for round in 0..<2 {
        let added = round == 0 ? "  - {name: Note, type: string}\n" : "  - {name: Note, type: string}\n  - {name: City, type: string}\n"
        try manifest.replacingOccurrences(of: anchor, with: "  - {name: Launched_At, type: time}\n" + added + "items: {file: catalog_0.csv}\n")
            .write(to: manifestURL, atomically: true, encoding: .utf8)
        if round == 1 {
            let rows = originalCSV.split(separator: "\n").enumerated().map { i, line in i == 0 ? line + ",City" : line + ",City \(i % 97)" }
            try (rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        }
        let label = round == 0 ? "one field added (no values)" : "one field added, a value for every item"
        let (fieldPlan, fieldLive) = try await planStep("plan: \(label)", refresh: false)
        try await applyStep("apply: \(label)", fieldPlan, fieldLive)
        let calls = await simulator.callsByKind()
        let kept = await simulator.itemCount("catalog_0")
        figures[figures.count - 1].note += "; field calls \(calls.fields), item calls \(calls.items), catalog deletes \(calls.catalogDeletes), items kept \(kept)"
        let (next, _) = try await planStep("plan after it (with the snapshot)", refresh: false)
        figures[figures.count - 1].note += "; empty: \(next.isEmpty ? "yes" : "NO")"
    }
    return figures
}

func printStepFigures(_ rows: [StepFigures]) {
    for r in rows {
        print("  \(r.label)")
        print("    API calls: \(r.apiCalls) (item pages read: \(r.itemPages)), 429s: \(r.rateLimited); minimum: \(r.minimum)")
        let ratio = r.bound > 0 ? String(format: ", ratio %.2f", r.virtualSeconds / r.bound) : ""
        print(String(format: "    virtual: %.1f s vs bound %.1f s", r.virtualSeconds, r.bound) + ratio + "  [bound: \(r.boundFormula)]")
        print(String(format: "    local CPU: %.2f s; brazeform's peak memory: +%.0f MB", r.cpuSeconds, r.peakMB))
        print("    \(r.note)")
    }
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

/// For `scripts/benchmark.sh memory`: applies the project in `dir` to its sandbox workspace in this
/// process and saves the sandbox state once, then keeps the item snapshot an apply through
/// `--endpoint endpoint` would have kept. (`sandbox serve` saves its whole state after every write:
/// loading 100,000 items through it takes over an hour and its requests time out.)
func seedSandbox(dir: String, endpoint: String) async throws {
    let project = try loadProject(dir)
    let time = ScheduledVirtualTimeSource(quietPeriod: .milliseconds(3))
    let (session, handle) = try BrazeSimulatorHandle.sandboxForSeeding(dir: dir, workspace: project.workspace.name, time: time)
    await session.prepare(for: project)
    let unlimited = Dictionary(uniqueKeysWithValues: BrazeAPI.RateLimitGroup.allCases.map { ($0, BrazeAPI.RateLimit(requests: 1_000_000, window: 60)) })
    let client = BrazeClient(endpoint: try BrazeEndpoint(url: "http://127.0.0.1"), apiKey: try BrazeAPIKey(secret: "brazeform-sandbox-key"),
                             transport: SimulatorTransport(handle.actor), timeSource: time, rateLimits: unlimited,
                             maxConcurrentRequests: 32, logger: quietLogger)
    let live = try await WorkspaceReader(client: client).read(for: project)
    let plan = try Planner(project: project, live: live, endpoint: "seed").plan()
    let report = await Applier(client: client, timeSource: time, itemWriteTimeout: 3_600).apply(plan)
    guard report.succeeded, report.unconfirmedItemWrites.isEmpty else { throw BenchmarkError("seeding the sandbox failed: \(String(describing: report.firstError))") }
    try await session.save()
    try await session.close()
    let store = ItemSnapshotStore(projectDirectory: dir, workspace: project.workspace.name, endpoint: try BrazeEndpoint(url: endpoint).description)
    try store.save(ItemSnapshotStore.afterApply(ItemSnapshotStore.afterRead(live), plan: plan, report: report, project: project, now: time.now()))
    print("seeded: \(plan.callCount) calls applied in-process; item snapshot kept for \(try BrazeEndpoint(url: endpoint).description)")
}
