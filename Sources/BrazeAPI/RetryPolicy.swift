import Foundation

/// How hard the client tries before it gives up (`BrazeAPIError.gaveUp`, exit 5).
public struct RetryPolicy: Sendable {
    /// Attempts per call when the server fails (5xx, 408), a response is lost or
    /// a connection fails, the first included.
    public var maxAttempts: Int
    /// The first backoff, doubled after each failure up to `maxBackoff` (seconds).
    public var initialBackoff: Double
    public var maxBackoff: Double
    /// The longest a call may keep retrying failures, from its first failure (seconds).
    public var maxRetryDuration: Double
    /// 429 answers tolerated per call.
    public var maxRateLimitRetries: Int
    /// The longest single wait a 429 may impose before the client gives up (seconds).
    public var maxRateLimitWait: Double
    /// Timeout of one exchange (seconds).
    public var requestTimeout: Double
    /// A number in 0..<1 drawn for each backoff ("equal jitter": half the delay is
    /// fixed, half random). Inject a constant for deterministic tests.
    public var jitter: @Sendable () -> Double

    public init(
        maxAttempts: Int = 5,
        initialBackoff: Double = 1,
        maxBackoff: Double = 30,
        maxRetryDuration: Double = 300,
        maxRateLimitRetries: Int = 10,
        maxRateLimitWait: Double = 3_600,
        requestTimeout: Double = 60,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = max(0, initialBackoff)
        self.maxBackoff = max(0, maxBackoff)
        self.maxRetryDuration = max(0, maxRetryDuration)
        self.maxRateLimitRetries = max(0, maxRateLimitRetries)
        self.maxRateLimitWait = max(0, maxRateLimitWait)
        self.requestTimeout = max(0.001, requestTimeout)
        self.jitter = jitter
    }

    /// The wait after the `failures`-th consecutive failure (1-based).
    public func backoff(afterFailure failures: Int) -> Double {
        let exponent = Double(max(0, min(failures - 1, 30)))
        let cap = min(maxBackoff, initialBackoff * pow(2, exponent))
        let draw = min(max(jitter(), 0), 1)
        return cap / 2 + cap / 2 * draw
    }
}

/// Things the CLI may want to tell the user while a call is under way.
public enum ClientEvent: Sendable, Hashable {
    /// Calls of `bucket` wait `seconds` for the rate-limit window (only waits
    /// longer than the client's announce threshold are reported).
    case waitingForRateLimit(bucket: RateLimitGroup, seconds: Double)
    /// Braze answered 429; the call waits `seconds` and tries again.
    case rateLimited(bucket: RateLimitGroup, method: HTTPMethod, path: String, seconds: Double)
    /// A failed attempt (`reason`) is retried after `delaySeconds`; `attempt` is the next one's number.
    case retrying(method: HTTPMethod, path: String, attempt: Int, delaySeconds: Double, reason: String)
    /// The answer to a create was lost; the client looks the resource up before trying again.
    case verifyingCreate(kind: String, name: String)
}

extension ClientEvent: CustomStringConvertible {
    /// One line for the terminal.
    public var description: String {
        switch self {
        case let .waitingForRateLimit(bucket, seconds):
            return "waiting \(BrazeAPIError.format(seconds)) for Braze's \(bucket.displayName) rate limit"
        case let .rateLimited(bucket, method, path, seconds):
            return "Braze rate-limited \(method.rawValue) \(path) (\(bucket.displayName)); retrying in \(BrazeAPIError.format(seconds))"
        case let .retrying(method, path, attempt, delay, reason):
            return "\(method.rawValue) \(path) failed (\(reason)); attempt \(attempt) in \(BrazeAPIError.format(delay))"
        case let .verifyingCreate(kind, name):
            return "the answer to creating \(kind) '\(name)' was lost; checking whether it was created"
        }
    }
}
