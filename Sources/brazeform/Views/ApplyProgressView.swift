import Engine
import Synchronization

/// Progress on standard error: calls done of total, and a bar for item uploads.
final class ApplyProgressView: Sendable {
    let total: Int
    let color: Bool
    private let itemBatches = Mutex<[String: (done: Int, total: Int)]>([:])

    init(total: Int, color: Bool) {
        self.total = total
        self.color = color
    }

    func handle(_ event: ApplyEvent) {
        switch event {
        case .changeStarted(let change):
            printError("\(change.action.sigil) \(change.id): \(change.calls.count) call\(change.calls.count == 1 ? "" : "s")…")
            if change.kind == .catalogItems { itemBatches.withLock { $0[change.name] = (0, change.calls.count) } }
        case .callFinished(let change, _, let done, let total):
            if change.kind == .catalogItems {
                let (d, t) = itemBatches.withLock { state -> (Int, Int) in
                    let current = state[change.name] ?? (0, change.calls.count)
                    state[change.name] = (current.done + 1, current.total)
                    return (current.done + 1, current.total)
                }
                if t <= 20 || d == t || d % max(1, t / 20) == 0 {
                    let width = 30
                    let filled = t == 0 ? width : d * width / t
                    printError("  items \(change.name) [\(String(repeating: "#", count: filled))\(String(repeating: "-", count: width - filled))] \(d)/\(t) batches  (\(done)/\(total) calls)")
                }
            } else {
                printError("  [\(done)/\(total)] \(change.id)")
            }
        case .changeFinished(let change):
            printError("✓ \(change.id)")
        case .changeFailed(let change, let error):
            printError("✗ \(change.id): \(error)")
        case .waitingForItems(let catalog, let expected, let seen):
            printError("… waiting for Braze to show the items of catalog '\(catalog)' (\(seen.map(String.init) ?? "?")/\(expected))")
        }
    }
}
