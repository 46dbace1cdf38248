import BrazeCore
import Foundation

/// A misbehaviour the simulator plays on matching requests, for tests of retries,
/// backoff and lost responses.
public struct Fault: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        /// Answer `status` with `body` without touching the workspace (e.g. 500, 502, 503).
        case respond(status: Int, body: String)
        /// Answer 429 with rate-limit headers and `Retry-After`, without touching the workspace.
        case rateLimited(retryAfterSeconds: Int)
        /// Process normally, then hold the answer back for this many real seconds.
        case delay(seconds: Double)
        /// Drop the connection without processing anything.
        case dropBeforeProcessing
        /// Process normally (the write lands), then drop the connection without answering.
        case dropAfterCommit
    }

    /// Upper-case method to match; nil matches any.
    public var method: String?
    /// Path to match exactly, or a prefix when it ends in `*`; nil matches any.
    public var path: String?
    /// How many matching requests the fault still applies to; nil: until removed.
    public var remaining: Int?
    public var action: Action

    public init(method: String? = nil, path: String? = nil, times: Int? = 1, action: Action) {
        self.method = method?.uppercased()
        self.path = path
        self.remaining = times
        self.action = action
    }

    /// The next `times` matching requests answer `status` (500 by default).
    public static func serverError(_ status: Int = 500, method: String? = nil, path: String? = nil, times: Int = 1) -> Fault {
        Fault(method: method, path: path, times: times,
              action: .respond(status: status, body: #"{"message":"Internal Server Error"}"#))
    }

    /// A burst of `times` 429 answers.
    public static func rateLimitBurst(method: String? = nil, path: String? = nil, times: Int = 1, retryAfterSeconds: Int = 1) -> Fault {
        Fault(method: method, path: path, times: times, action: .rateLimited(retryAfterSeconds: retryAfterSeconds))
    }

    /// Matching requests are answered `seconds` real seconds late.
    public static func delay(_ seconds: Double, method: String? = nil, path: String? = nil, times: Int? = 1) -> Fault {
        Fault(method: method, path: path, times: times, action: .delay(seconds: seconds))
    }

    /// Matching requests are performed, and their answers lost.
    public static func dropResponse(method: String? = nil, path: String? = nil, times: Int = 1) -> Fault {
        Fault(method: method, path: path, times: times, action: .dropAfterCommit)
    }

    func matches(_ request: SimulatedRequest) -> Bool {
        if let method, method != request.method { return false }
        if let path {
            if path.hasSuffix("*") {
                if !request.path.hasPrefix(String(path.dropLast())) { return false }
            } else if path != request.path {
                return false
            }
        }
        return true
    }
}

/// One request as the simulator recorded it.
public struct LoggedRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    /// The query as received (decoded pairs joined with `&`), empty when none.
    public var query: String
    public var body: Data
    /// The status answered (for a connection dropped before processing: 0).
    public var status: Int
    /// When it arrived, on the simulator's time source.
    public var time: Date
    /// The rate-limit group of the endpoint, nil for unknown paths.
    public var rateLimitGroup: RateLimitGroup?
    /// A fault rule shaped the answer.
    public var faulted: Bool
    /// The answer was dropped (the client saw a connection error).
    public var dropped: Bool

    /// Any method but GET/HEAD/OPTIONS.
    public var isWrite: Bool { !["GET", "HEAD", "OPTIONS"].contains(method) }
}
