import Synchronization

/// A request to stop an apply run gracefully (the first SIGINT or SIGTERM): the
/// applier starts no new call, lets the calls in flight finish and reports.
public final class ApplyInterruption: Sendable {
    private struct State {
        var interrupted = false
        var handlers: [@Sendable () -> Void] = []
    }
    private let state = Mutex(State())

    public init() {}

    public var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// Asks the run to stop; handlers run once.
    public func interrupt() {
        let handlers: [@Sendable () -> Void] = state.withLock { s in
            guard !s.interrupted else { return [] }
            s.interrupted = true
            return s.handlers
        }
        for handler in handlers { handler() }
    }

    /// Runs `handler` when interrupted (at once if it already was).
    func onInterrupt(_ handler: @escaping @Sendable () -> Void) {
        let already: Bool = state.withLock { s in
            if s.interrupted { return true }
            s.handlers.append(handler)
            return false
        }
        if already { handler() }
    }
}
