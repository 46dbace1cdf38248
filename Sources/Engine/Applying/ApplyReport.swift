import BrazeAPI
import Foundation

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
    /// The run was stopped by a signal: what was not attempted never will be in this run.
    public var interrupted = false
    /// The catalog listing that showed each catalog's item writes (what the item snapshot records).
    public var confirmedCatalogs: [String: BrazeCatalog] = [:]

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
