import BrazeCore
import BrazeAPI
import Foundation
import Synchronization
import VirtualTime

/// What happened to one call of a plan.
public enum CallOutcome: Sendable {
    case landed
    /// The call failed; it may or may not have taken effect (`error` says what Braze answered).
    case failed(any Error)
    case notAttempted
}

/// The outcome of applying a plan: per change, per call.
public struct ApplyReport: Sendable {
    public struct ChangeOutcome: Sendable {
        public var change: Change
        public var calls: [CallOutcome]

        public var landedCount: Int { calls.filter { if case .landed = $0 { true } else { false } }.count }
        public var failure: (any Error)? {
            for call in calls { if case .failed(let e) = call { return e } }
            return nil
        }
        public var isComplete: Bool { landedCount == calls.count }
        public var wasAttempted: Bool { calls.contains { if case .notAttempted = $0 { false } else { true } } }
    }

    public var outcomes: [ChangeOutcome]
    /// Catalog item writes Braze accepted but had not yet shown when brazeform stopped waiting.
    public var unconfirmedItemWrites: [String]

    public var succeeded: Bool { outcomes.allSatisfy(\.isComplete) }
    public var firstError: (any Error)? { outcomes.lazy.compactMap(\.failure).first }
}

/// Progress while applying, for the terminal.
public enum ApplyEvent: Sendable {
    case changeStarted(Change)
    case callFinished(change: Change, index: Int, done: Int, total: Int)
    case changeFinished(Change)
    case changeFailed(Change, any Error)
    case waitingForItems(catalog: String, expected: Int, seen: Int?)
}

/// Performs a plan's calls in dependency order, independent changes in parallel.
///
/// Braze has no transactions: on the first failure no new call is started, the
/// calls in flight finish, and the report says what landed, what failed (and may
/// or may not have landed) and what was not attempted.
public struct Applier: Sendable {
    public var client: BrazeClient
    /// Changes (and item batches within a change) in flight at once.
    public var parallelism: Int
    public var timeSource: any TimeSource
    /// How long to wait for asynchronous catalog item writes to show, in seconds.
    public var itemWriteTimeout: Double
    public var onEvent: @Sendable (ApplyEvent) -> Void

    public init(client: BrazeClient, parallelism: Int = 4, timeSource: any TimeSource = SystemTimeSource(),
                itemWriteTimeout: Double = 300, onEvent: @escaping @Sendable (ApplyEvent) -> Void = { _ in }) {
        self.client = client
        self.parallelism = max(1, parallelism)
        self.timeSource = timeSource
        self.itemWriteTimeout = itemWriteTimeout
        self.onEvent = onEvent
    }

    public func apply(_ plan: Plan) async -> ApplyReport {
        let state = RunState(plan: plan)
        let total = plan.callCount
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            while true {
                let ready = state.takeReady(limit: parallelism - running)
                for index in ready {
                    running += 1
                    group.addTask { await self.run(index, plan: plan, state: state, total: total) }
                }
                if running == 0 { break }
                await group.next()
                running -= 1
            }
        }
        let outcomes = state.outcomes(plan)
        // Item writes are asynchronous in Braze: wait until they show, so the next plan is empty.
        var expected: [String: ItemWriteCheck] = [:]
        for outcome in outcomes where outcome.change.kind == .catalogItems && outcome.isComplete {
            if let check = ItemWriteCheck(outcome.change) { expected[outcome.change.name] = check }
        }
        let unconfirmed = await awaitItems(expected)
        return ApplyReport(outcomes: outcomes, unconfirmedItemWrites: unconfirmed)
    }

    private func run(_ index: Int, plan: Plan, state: RunState, total: Int) async {
        let change = plan.changes[index]
        onEvent(.changeStarted(change))
        let itemBatches = change.kind == .catalogItems
        if itemBatches {
            // Deletes first, then creates and replaces: independent batches, in parallel.
            await withTaskGroup(of: Void.self) { group in
                var running = 0
                for (callIndex, call) in change.calls.enumerated() {
                    if running >= parallelism { await group.next(); running -= 1 }
                    guard !state.isStopped else { break }
                    running += 1
                    group.addTask { await self.perform(call, callIndex, of: index, change: change, state: state, total: total) }
                }
            }
        } else {
            for (callIndex, call) in change.calls.enumerated() {
                guard !state.isStopped else { break }
                await perform(call, callIndex, of: index, change: change, state: state, total: total)
                if state.hasFailed(index) { break }
            }
        }
        if let error = state.failure(index) { onEvent(.changeFailed(change, error)) } else if state.isComplete(index) { onEvent(.changeFinished(change)) }
        state.finish(index)
    }

    private func perform(_ call: PlannedCall, _ callIndex: Int, of changeIndex: Int, change: Change, state: RunState, total: Int) async {
        do {
            try await execute(call.operation)
            let done = state.record(changeIndex, callIndex, .landed)
            onEvent(.callFinished(change: change, index: callIndex, done: done, total: total))
        } catch {
            _ = state.record(changeIndex, callIndex, .failed(error))
            state.stop()
        }
    }

    func execute(_ operation: APIOperation) async throws {
        switch operation {
        case .createContentBlock(let p):
            _ = try await client.createContentBlock(ContentBlockDraft(name: p.name, description: p.description, content: p.content, state: p.state.flatMap(BrazeResourceState.init), tags: p.tags))
        case .updateContentBlock(let id, let p):
            _ = try await client.updateContentBlock(id: id, ContentBlockDraft(name: p.name, description: p.description, content: p.content, state: p.state.flatMap(BrazeResourceState.init), tags: p.tags))
        case .createEmailTemplate(let p):
            _ = try await client.createEmailTemplate(EmailTemplateDraft(name: p.templateName, subject: p.subject, body: p.body, plaintextBody: p.plaintextBody, preheader: p.preheader, tags: p.tags, shouldInlineCSS: p.shouldInlineCSS))
        case .updateEmailTemplate(let id, let p):
            try await client.updateEmailTemplate(id: id, EmailTemplateDraft(name: p.templateName, subject: p.subject, body: p.body, plaintextBody: p.plaintextBody, preheader: p.preheader, tags: p.tags, shouldInlineCSS: p.shouldInlineCSS))
        case .createCatalog(let p):
            _ = try await client.createCatalog(CatalogDraft(name: p.name, description: p.description, fields: p.fields))
        case .deleteCatalog(let name):
            try await client.deleteCatalog(name: name)
        case .createCatalogItems(let catalog, let items):
            try await client.createCatalogItems(catalog: catalog, items: items)
        case .replaceCatalogItems(let catalog, let items):
            try await client.replaceCatalogItems(catalog: catalog, items: items)
        case .deleteCatalogItems(let catalog, let ids):
            try await client.deleteCatalogItems(catalog: catalog, ids: ids)
        case .createPreferenceCenter(let p):
            _ = try await client.createPreferenceCenter(Self.draft(p))
        case .updatePreferenceCenter(let id, let p):
            _ = try await client.updatePreferenceCenter(id: id, Self.draft(p))
        case .setSubscriptionState(let groupID, let state, let ids):
            try await client.setSubscriptionStateBatch(groupID: groupID, state: state, externalIDs: ids)
        }
    }

    static func draft(_ p: PreferenceCenterPayload) -> PreferenceCenterDraft {
        PreferenceCenterDraft(name: p.name, title: p.preferenceCenterTitle, pageHTML: p.preferenceCenterPageHTML, confirmationPageHTML: p.confirmationPageHTML,
                              state: p.state.flatMap(BrazeResourceState.init), options: p.options?.mapValues { JSONValue.string($0) })
    }

    /// Waits (bounded, backing off) until every catalog shows what its change wrote:
    /// the item count it leads to (one catalog list a round serves every catalog: the
    /// list is in Braze's slowest rate-limit group), then the last item each kind of
    /// write touched, read singly (a replace leaves the count alone; Braze applies
    /// writes in order, so the last one showing means the others do). Returns the
    /// catalogs still not settled.
    private func awaitItems(_ expected: [String: ItemWriteCheck]) async -> [String] {
        var pending = expected
        guard !pending.isEmpty else { return [] }
        let deadline = timeSource.now().addingTimeInterval(itemWriteTimeout)
        // Braze applies item writes a little later; each look costs a call of the catalog
        // management group (5 a minute in the seed text), so look after 2 s, then back off.
        var delay = 2.0
        while true {
            guard timeSource.now().addingTimeInterval(delay) < deadline else { return pending.keys.sorted() }
            try? await timeSource.sleep(seconds: delay)
            delay = min(delay * 2, 30)
            guard let catalogs = try? await client.listCatalogs() else { continue }
            for (name, check) in pending.sorted(by: { $0.key < $1.key }) {
                let seen = catalogs.first { $0.name == name }?.numItems
                if seen == check.count, await probesShow(check, in: name) {
                    pending[name] = nil
                } else {
                    onEvent(.waitingForItems(catalog: name, expected: check.count, seen: seen ?? nil))
                }
            }
            if pending.isEmpty { return [] }
        }
    }

    private func probesShow(_ check: ItemWriteCheck, in catalog: String) async -> Bool {
        for probe in check.probes {
            guard let live = try? await client.catalogItem(catalog: catalog, id: probe.id) else {
                if probe.values != nil { return false }
                continue
            }
            guard let sent = probe.values, ItemWriteCheck.shows(sent, live.values) else { return false }
        }
        return true
    }
}

/// What a catalog shows once a change's item writes are applied: its item count,
/// and the last item each kind of write touched (nil values: deleted).
struct ItemWriteCheck: Sendable {
    var count: Int
    var probes: [(id: String, values: [String: JSONValue]?)]

    init?(_ change: Change) {
        guard let counts = change.items else { return nil }
        count = counts.live + counts.create - counts.delete
        probes = []
        for call in change.calls.reversed() {
            switch call.operation {
            case .replaceCatalogItems(_, let items), .createCatalogItems(_, let items):
                if let last = items.last, !probes.contains(where: { $0.id == last.id }) { probes.append((last.id, last.values)) }
            case .deleteCatalogItems(_, let ids):
                if let last = ids.last, !probes.contains(where: { $0.id == last }) { probes.append((last, nil)) }
            default:
                break
            }
            if probes.count >= 3 { break }
        }
    }

    /// Whether live values show what was sent: numbers by value, times by instant
    /// (Braze writes them back in another format), a null as a missing value.
    static func shows(_ sent: [String: JSONValue], _ live: [String: JSONValue]) -> Bool {
        sent.allSatisfy { key, value in
            let other = live[key] ?? .null
            if value == other { return true }
            if case .string(let a) = value, case .string(let b) = other, let x = ISOTime.parse(a), let y = ISOTime.parse(b) {
                return CatalogItemCanonical.milliseconds(x) == CatalogItemCanonical.milliseconds(y)
            }
            return false
        }
    }
}

/// The shared bookkeeping of one apply run.
final class RunState: Sendable {
    private struct Data {
        var outcomes: [[CallOutcome]]
        var pending: Set<Int>
        var finished: Set<Int>
        var dependencies: [Set<Int>]
        var stopped = false
        var done = 0
    }

    private let data: Mutex<Data>

    init(plan: Plan) {
        let index = Dictionary(plan.changes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        data = Mutex(Data(
            outcomes: plan.changes.map { Array(repeating: .notAttempted, count: $0.calls.count) },
            pending: Set(plan.changes.indices),
            finished: [],
            dependencies: plan.changes.map { Set($0.dependsOn.compactMap { index[$0] }) }))
    }

    /// Changes whose dependencies all completed, lowest index first; none once stopped.
    func takeReady(limit: Int) -> [Int] {
        data.withLock { d in
            guard !d.stopped, limit > 0 else { return [] }
            let ready = d.pending.filter { d.dependencies[$0].isSubset(of: d.finished) }.sorted().prefix(limit)
            d.pending.subtract(ready)
            return Array(ready)
        }
    }

    func record(_ change: Int, _ call: Int, _ outcome: CallOutcome) -> Int {
        data.withLock { d in
            d.outcomes[change][call] = outcome
            if case .landed = outcome { d.done += 1 }
            return d.done
        }
    }

    func stop() { data.withLock { $0.stopped = true } }
    var isStopped: Bool { data.withLock { $0.stopped } }

    func hasFailed(_ change: Int) -> Bool { failure(change) != nil }

    func failure(_ change: Int) -> (any Error)? {
        data.withLock { d in
            for o in d.outcomes[change] { if case .failed(let e) = o { return e } }
            return nil
        }
    }

    func isComplete(_ change: Int) -> Bool {
        data.withLock { d in d.outcomes[change].allSatisfy { if case .landed = $0 { true } else { false } } }
    }

    /// A change counts as finished for its dependents only when all its calls landed.
    func finish(_ change: Int) {
        data.withLock { d in
            if d.outcomes[change].allSatisfy({ if case .landed = $0 { true } else { false } }) { d.finished.insert(change) }
        }
    }

    func outcomes(_ plan: Plan) -> [ApplyReport.ChangeOutcome] {
        data.withLock { d in plan.changes.indices.map { ApplyReport.ChangeOutcome(change: plan.changes[$0], calls: d.outcomes[$0]) } }
    }
}
