import BrazeCore
import BrazeAPI
import Foundation
import Synchronization
import VirtualTime

/// Performs a plan's calls in dependency order, independent changes in parallel.
///
/// Braze has no transactions: on the first failure no new call is started, the
/// calls in flight finish, and the report says what landed, what failed (and may
/// or may not have landed) and what was not attempted.
public struct Applier: Sendable {
    public var client: BrazeClient
    /// The ceiling of what is in flight at once: independent changes, and the item batches of a
    /// catalog. Item batches start at `itemBatchFloor` at once and grow, as the client's
    /// rate-limit headers and measured latency allow, up to this (`--parallelism`).
    public var parallelism: Int
    /// The default ceiling: at Braze's current 16,000 item writes a minute (267 a second) and
    /// 100 ms a call, 27 writes under way reach the limit; 32 leaves room for slower answers
    /// without letting a fast network queue hundreds of calls.
    public static let defaultParallelism = 32
    /// Item batches of one catalog at once before Braze's headers and latency say more are worth it.
    public static let itemBatchFloor = 4
    public var timeSource: any TimeSource
    /// How long to wait for asynchronous catalog item writes to show, in seconds.
    public var itemWriteTimeout: Double
    public var onEvent: @Sendable (ApplyEvent) -> Void
    /// Asked to stop (a first Ctrl-C or SIGTERM): no new call starts, calls in flight finish.
    public var interruption: ApplyInterruption?

    public init(client: BrazeClient, parallelism: Int = Applier.defaultParallelism, timeSource: any TimeSource = SystemTimeSource(),
                itemWriteTimeout: Double = 300, interruption: ApplyInterruption? = nil,
                onEvent: @escaping @Sendable (ApplyEvent) -> Void = { _ in }) {
        self.interruption = interruption
        self.client = client
        self.parallelism = max(1, parallelism)
        self.timeSource = timeSource
        self.itemWriteTimeout = itemWriteTimeout
        self.onEvent = onEvent
    }

    public func apply(_ plan: Plan) async -> ApplyReport {
        let state = RunState(plan: plan)
        let total = plan.callCount
        let work = Task {
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
        }
        // Interrupted: no new call starts (calls waiting for a rate-limit slot give up
        // theirs); a call on the wire runs to its answer (the client shields it).
        interruption?.onInterrupt {
            state.stop()
            work.cancel()
        }
        await work.value
        let outcomes = state.outcomes(plan)
        if interruption?.isInterrupted == true {
            // Stopped on request: report at once rather than wait for item writes to show.
            var report = ApplyReport(outcomes: outcomes, unconfirmedItemWrites: [])
            report.interrupted = true
            return report
        }
        // Item writes are asynchronous in Braze: wait until they show, so the next plan is empty.
        var expected: [String: ItemWriteCheck] = [:]
        for outcome in outcomes where outcome.change.kind == .catalogItems && outcome.isComplete {
            if let check = ItemWriteCheck(outcome.change) { expected[outcome.change.name] = check }
        }
        let (unconfirmed, awaited) = await awaitItems(expected)
        var confirmed = awaited
        // A catalog whose fields changed and whose items did not: the listing that showed the
        // fields is what the item snapshot keeps (without it the next plan read every page).
        for (name, listing) in state.fieldListings where !plan.changes.contains(where: { $0.kind == .catalogItems && $0.name == name }) {
            confirmed[name] = listing
        }
        return ApplyReport(outcomes: outcomes, unconfirmedItemWrites: unconfirmed, confirmedCatalogs: confirmed)
    }

    private func run(_ index: Int, plan: Plan, state: RunState, total: Int) async {
        let change = plan.changes[index]
        onEvent(.changeStarted(change))
        let itemBatches = change.kind == .catalogItems
        if itemBatches {
            // Deletes first, then creates and replaces: independent batches, in parallel — as many as
            // the async item group's limit allows at the latency Braze answers in (its headers
            // correct the limit), up to `parallelism`; the group's pacing holds each call to the budget.
            await withTaskGroup(of: Void.self) { group in
                var running = 0
                for (callIndex, call) in change.calls.enumerated() {
                    while running > 0,
                          running >= (await client.concurrencyAllowance(.catalogItemsAsync, floor: Self.itemBatchFloor, ceiling: parallelism)) {
                        await group.next(); running -= 1
                    }
                    guard !state.isStopped else { break }
                    running += 1
                    group.addTask { await self.perform(call, callIndex, of: index, change: change, state: state, total: total) }
                }
            }
        } else {
            var fields = FieldWait()
            for (callIndex, call) in change.calls.enumerated() {
                guard !state.isStopped else { break }
                // A field deleted to be added again with another type must be gone first.
                if case .createCatalogFields(let catalog, let adding) = call.operation, !fields.removed.isDisjoint(with: adding.map(\.name)),
                   !(await awaitFields(catalog, fields, at: callIndex - 1, of: index, state: state)) { break }
                await perform(call, callIndex, of: index, change: change, state: state, total: total)
                if state.hasFailed(index) { break }
                fields.note(call.operation)
            }
            // Field changes show later: wait before dependent item writes and before reporting done.
            if let catalog = fields.catalog, !state.hasFailed(index), state.isComplete(index) {
                _ = await awaitFields(catalog, fields, at: change.calls.count - 1, of: index, state: state)
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
        } catch is CallNotSent {
            // Stopped before it was sent: it stays "not attempted".
            state.stop()
        } catch {
            _ = state.record(changeIndex, callIndex, .failed(error))
            state.stop()
        }
    }

    func execute(_ operation: APIOperation) async throws {
        switch operation {
        case .createContentBlock(let draft): _ = try await client.createContentBlock(draft)
        case .updateContentBlock(let id, let draft): _ = try await client.updateContentBlock(id: id, draft)
        case .createEmailTemplate(let draft): _ = try await client.createEmailTemplate(draft)
        case .updateEmailTemplate(let id, let draft): try await client.updateEmailTemplate(id: id, draft)
        case .createCatalog(let draft): _ = try await client.createCatalog(draft)
        case .deleteCatalog(let name): try await client.deleteCatalog(name: name)
        case .createCatalogFields(let catalog, let fields): try await client.createCatalogFields(catalog: catalog, fields: fields)
        case .deleteCatalogField(let catalog, let field): try await client.deleteCatalogField(catalog: catalog, field: field)
        case .createCatalogItems(let catalog, let items): try await client.createCatalogItems(catalog: catalog, items: items)
        case .replaceCatalogItems(let catalog, let items): try await client.replaceCatalogItems(catalog: catalog, items: items)
        case .deleteCatalogItems(let catalog, let ids): try await client.deleteCatalogItems(catalog: catalog, ids: ids)
        case .createPreferenceCenter(let draft): _ = try await client.createPreferenceCenter(draft)
        case .updatePreferenceCenter(let id, let draft): _ = try await client.updatePreferenceCenter(id: id, draft)
        case .setSubscriptionState(let groupID, let state, let ids): try await client.setSubscriptionStateBatch(groupID: groupID, state: state, externalIDs: ids)
        }
    }

    /// What a change's field calls lead to: fields present with their type, names absent.
    struct FieldWait {
        var catalog: String?
        var added: [String: String] = [:]
        var removed: Set<String> = []
        /// A field was deleted (perhaps to come back with another type): Braze dropped its item values.
        var deletedAny = false

        mutating func note(_ operation: APIOperation) {
            switch operation {
            case .createCatalogFields(let c, let fields):
                catalog = c
                for field in fields { added[field.name] = field.type; removed.remove(field.name) }
            case .deleteCatalogField(let c, let field):
                catalog = c
                removed.insert(field); added[field] = nil; deletedAny = true
            default: break
            }
        }

        func shows(_ live: BrazeCatalog) -> Bool {
            let types = Dictionary(live.fields.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
            return added.allSatisfy { types[$0.key] == $0.value } && removed.allSatisfy { types[$0] == nil }
        }
    }

    /// Waits (bounded, backing off) until `GET /catalogs` shows the field changes; on
    /// timeout records call `callIndex` as failed (its effect is not visible) and stops.
    private func awaitFields(_ catalog: String, _ fields: FieldWait, at callIndex: Int, of changeIndex: Int, state: RunState) async -> Bool {
        let deadline = timeSource.now().addingTimeInterval(itemWriteTimeout)
        var delay = 1.0
        while true {
            if let catalogs = try? await client.listCatalogs(), let live = catalogs.first(where: { $0.name == catalog }), fields.shows(live) {
                // Fields only added: the items are as they were (the new fields empty), so this listing
                // can stand for them in the item snapshot. After a delete Braze dropped values: not kept.
                if !fields.deletedAny { state.fieldsShown(live) }
                return true
            }
            guard timeSource.now().addingTimeInterval(delay) < deadline else {
                _ = state.record(changeIndex, max(0, callIndex), .failed(FieldChangesNotShown(catalog: catalog, seconds: itemWriteTimeout)))
                state.stop()
                return false
            }
            try? await timeSource.sleep(seconds: delay)
            delay = min(delay * 2, 30)
        }
    }

    /// Waits (bounded, backing off) until every catalog shows what its change wrote:
    /// the item count it leads to (one catalog list a round serves every catalog: the
    /// list is in Braze's slowest rate-limit group), then the last item each kind of
    /// write touched, read singly (a replace leaves the count alone; Braze applies
    /// writes in order, so the last one showing means the others do). Returns the
    /// catalogs still not settled, and the listing of each that settled (its
    /// `num_items` and `updated_at` once the writes showed: what the item snapshot keeps).
    private func awaitItems(_ expected: [String: ItemWriteCheck]) async -> ([String], [String: BrazeCatalog]) {
        var pending = expected
        var confirmed: [String: BrazeCatalog] = [:]
        guard !pending.isEmpty else { return ([], [:]) }
        let deadline = timeSource.now().addingTimeInterval(itemWriteTimeout)
        // Braze applies item writes a little later; each look costs a call of the catalog
        // management group (5 a minute in the seed text), so look after 2 s, then back off.
        var delay = 2.0
        while true {
            guard timeSource.now().addingTimeInterval(delay) < deadline else { return (pending.keys.sorted(), confirmed) }
            try? await timeSource.sleep(seconds: delay)
            delay = min(delay * 2, 30)
            guard let catalogs = try? await client.listCatalogs() else { continue }
            for (name, check) in pending.sorted(by: { $0.key < $1.key }) {
                let listed = catalogs.first { $0.name == name }
                let seen = listed?.numItems
                if seen == check.count, await probesShow(check, in: name) {
                    pending[name] = nil
                    confirmed[name] = listed
                } else {
                    onEvent(.waitingForItems(catalog: name, expected: check.count, seen: seen ?? nil))
                }
            }
            if pending.isEmpty { return ([], confirmed) }
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

/// Braze accepted a catalog's field changes (202) but did not show them in time.
public struct FieldChangesNotShown: Error, CustomStringConvertible {
    public var catalog: String
    public var seconds: Double
    public var description: String {
        "Braze accepted the field changes of catalog '\(catalog)' but did not show them within \(Int(seconds)) s; item writes that carry them were not attempted (run `brazeform plan` again later)"
    }
}
