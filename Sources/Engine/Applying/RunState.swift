import BrazeAPI
import Foundation
import Synchronization

/// The shared bookkeeping of one apply run.
final class RunState: Sendable {
    private struct Data {
        var outcomes: [[CallOutcome]]
        var pending: Set<Int>
        var finished: Set<Int>
        var dependencies: [Set<Int>]
        var stopped = false
        var done = 0
        /// The catalog listing that showed each catalog's field changes.
        var fieldsShown: [String: BrazeCatalog] = [:]
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

    /// `GET /catalogs` showed the field changes of `catalog` (its `num_items` and `updated_at` then).
    func fieldsShown(_ catalog: BrazeCatalog) {
        data.withLock { $0.fieldsShown[catalog.name] = catalog }
    }

    var fieldListings: [String: BrazeCatalog] { data.withLock { $0.fieldsShown } }

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
