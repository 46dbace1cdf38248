import BrazeCore
import Foundation
import Logging
import VirtualTime

/// A client for the Braze REST endpoints brazeform manages.
///
/// Safe to use from many tasks at once: each rate-limit group paces its own
/// calls, so parallel callers in different groups never wait for each other.
/// All waiting (pacing, 429s, backoff) goes through the injected `TimeSource`.
public final class BrazeClient: Sendable {
    public let endpoint: BrazeEndpoint
    public let retryPolicy: RetryPolicy
    let apiKey: BrazeAPIKey
    let transport: any HTTPTransport
    let time: any TimeSource
    let logger: Logger
    let onEvent: @Sendable (ClientEvent) -> Void
    private let buckets: [RateLimitGroup: RateLimitBucket]
    private let wire: ConcurrencyLimiter

    /// - Parameters:
    ///   - transport: how requests travel (`AsyncHTTPClientTransport` for the network).
    ///   - timeSource: the clock for pacing and backoff (`VirtualTimeSource` in tests).
    ///   - rateLimits: starting limits per group, overriding the documented ones;
    ///     response headers correct them either way.
    ///   - maxConcurrentRequests: requests on the wire at once, over all callers
    ///     (the CLI's `--parallelism`); waits for rate limits don't hold a slot.
    ///   - announceWaitsLongerThan: rate-limit waits longer than this (seconds)
    ///     are reported as `.waitingForRateLimit`.
    ///   - logger: one `debug` line per exchange: method, path, status, time,
    ///     rate-limit headers (the Authorization header only ever as `Bearer [REDACTED]`).
    ///   - onEvent: called (synchronously, from any task) for waits and retries.
    public init(
        endpoint: BrazeEndpoint,
        apiKey: BrazeAPIKey,
        transport: any HTTPTransport,
        timeSource: any TimeSource = SystemTimeSource(),
        retryPolicy: RetryPolicy = RetryPolicy(),
        rateLimits: [RateLimitGroup: RateLimit] = [:],
        maxConcurrentRequests: Int = 8,
        announceWaitsLongerThan: Double = 5,
        logger: Logger = Logger(label: "brazeform.api"),
        onEvent: @escaping @Sendable (ClientEvent) -> Void = { _ in }
    ) {
        self.endpoint = endpoint
        self.apiKey = apiKey
        self.transport = transport
        self.time = timeSource
        self.retryPolicy = retryPolicy
        self.logger = logger
        self.onEvent = onEvent
        var buckets: [RateLimitGroup: RateLimitBucket] = [:]
        for group in RateLimitGroup.allCases {
            buckets[group] = RateLimitBucket(
                group: group, limit: rateLimits[group] ?? group.documentedLimit, time: timeSource,
                announceThreshold: announceWaitsLongerThan,
                announce: { group, seconds in onEvent(.waitingForRateLimit(bucket: group, seconds: seconds)) })
        }
        self.buckets = buckets
        self.wire = ConcurrencyLimiter(limit: maxConcurrentRequests)
    }

    /// What the client currently believes of a group's window (for diagnostics and tests).
    public func rateLimitState(_ group: RateLimitGroup) async -> (limit: Int, remaining: Int, resetAt: Date?) {
        let bucket = buckets[group]!
        return await (bucket.limit, bucket.remaining, bucket.resetAt)
    }

    /// What the client currently believes of a group's limit: calls per window of seconds (headers correct the documented one).
    public func rateLimit(_ group: RateLimitGroup) async -> RateLimit {
        let bucket = buckets[group]!
        return await RateLimit(requests: bucket.limit, window: bucket.window)
    }

    /// How many calls of `group` are worth having under way at once (at least `floor`, at most
    /// `ceiling`): what the group's limit, as the `X-RateLimit-*` headers last said it, allows
    /// at the latency its calls have been answered in, and no more than its window has left.
    /// Callers that start many independent calls of one group (apply's item batches) ask
    /// before starting each; the group's pacing still holds every call to the budget.
    public func concurrencyAllowance(_ group: RateLimitGroup, floor: Int = 4, ceiling: Int) async -> Int {
        await buckets[group]!.concurrency(floor: floor, ceiling: ceiling)
    }

    /// The clock the client paces and backs off on (virtual in tests): readers time themselves on it.
    public var timeSource: any TimeSource { time }

    // MARK: - Calls

    /// What to do when a response may have been lost or the server failed.
    enum LostHandling: Sendable {
        /// Send again (reads, and writes whose repetition is harmless).
        case retry
        /// Send again; if the retry answers "not found", the lost attempt did it (deletes).
        case retryNotFoundMeansDone
        /// Throw `AmbiguousOutcome` to the caller, which looks the resource up (creates).
        case surface
    }

    struct Call: Sendable {
        var method: HTTPMethod
        var url: URL
        /// The path as logged and named in errors (never the query).
        var path: String
        var body: Data?
        var group: RateLimitGroup
        var lost: LostHandling = .retry
    }

    /// A create may or may not have landed.
    struct AmbiguousOutcome: Error {
        var reason: String
    }

    func call(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
              group: RateLimitGroup, lost: LostHandling = .retry) throws -> Call {
        guard let url = endpoint.url(path: path, query: query) else {
            throw BrazeAPIError.invalidRequest("cannot build a URL for \(path)")
        }
        return Call(method: method, url: url, path: path, body: body, group: group, lost: lost)
    }

    /// Sends `call`, pacing it, retrying what may be retried; returns a 2xx response.
    ///
    /// Cancelling the task (an interrupted apply) stops it before the next attempt is
    /// sent, never during one: an attempt on the wire runs to its answer. Cancelled
    /// before any attempt was sent, it throws `CallNotSent`.
    func perform(_ call: Call) async throws -> TransportResponse {
        var sentAny = false
        do {
            return try await perform(call, sentAny: &sentAny)
        } catch is CancellationError where !sentAny {
            throw CallNotSent(method: call.method, path: call.path)
        }
    }

    private func perform(_ call: Call, sentAny: inout Bool) async throws -> TransportResponse {
        let bucket = buckets[call.group]!
        var failures = 0
        var rateLimited = 0
        var firstFailure: Date?
        var hadLostAttempt = false
        let started = time.now()
        var headers: HTTPFields = [("Authorization", apiKey.authorizationValue), ("Accept", "application/json")]
        if call.body != nil { headers.append("Content-Type", "application/json") }
        let request = TransportRequest(method: call.method, url: call.url, headers: headers, body: call.body,
                                       timeout: retryPolicy.requestTimeout)

        func giveUp(_ problem: String) -> BrazeAPIError {
            .gaveUp(method: call.method, path: call.path, attempts: failures + rateLimited,
                    elapsedSeconds: time.now().timeIntervalSince(started), lastProblem: apiKey.redact(problem))
        }

        func backOff(_ problem: String) async throws {
            failures += 1
            let now = time.now()
            if firstFailure == nil { firstFailure = now }
            guard failures < retryPolicy.maxAttempts else { throw giveUp(problem) }
            let delay = retryPolicy.backoff(afterFailure: failures)
            let spent = now.timeIntervalSince(firstFailure ?? now)
            guard spent + delay <= retryPolicy.maxRetryDuration else { throw giveUp(problem) }
            let reason = apiKey.redact(problem)
            onEvent(.retrying(method: call.method, path: call.path, attempt: failures + 1, delaySeconds: delay, reason: reason))
            logger.info("retrying \(call.method.rawValue) \(call.path) in \(BrazeAPIError.format(delay)): \(reason)")
            try await time.sleep(seconds: delay)
        }

        while true {
            try Task.checkCancellation()
            let ticket = try await bucket.acquire()
            if logger.logLevel <= .trace {
                let shown = request.headers.pairs.map { name, value in
                    name.caseInsensitiveCompare("Authorization") == .orderedSame ? "\(name): Bearer [REDACTED]" : "\(name): \(value)"
                }
                logger.trace("sending \(call.method.rawValue) \(call.path)", metadata: [
                    "headers": "\(shown.joined(separator: ", "))",
                    "body_bytes": "\(call.body?.count ?? 0)",
                ])
            }
            await wire.acquire()
            if Task.isCancelled {
                await wire.release()
                await bucket.complete(ticket, nil)
                throw CancellationError()
            }
            let clock = ContinuousClock()
            let sentAt = clock.now
            let sentOnTimeSource = time.now()
            let outcome: Result<TransportResponse, any Error>
            sentAny = true
            do {
                // The HTTP transport shields an attempt on the wire from cancellation.
                outcome = .success(try await transport.send(request))
            } catch {
                outcome = .failure(error)
            }
            await wire.release()
            let response: TransportResponse
            do {
                response = try outcome.get()
            } catch is CancellationError {
                await bucket.complete(ticket, nil)
                throw CancellationError()
            } catch {
                await bucket.complete(ticket, nil)
                let failure = (error as? TransportError) ?? TransportError(.responseLost, String(describing: error))
                let problem = apiKey.redact(failure.description)
                if failure.unreachable {
                    throw BrazeAPIError.unreachable(method: call.method, path: call.path, endpoint: endpoint.description, reason: failure.detail)
                }
                logger.debug("\(call.method.rawValue) \(call.path) failed after \(Self.milliseconds(clock.now - sentAt)) ms: \(problem)",
                             metadata: ["authorization": "Bearer [REDACTED]"])
                if failure.kind == .responseLost {
                    if call.lost == .surface { throw AmbiguousOutcome(reason: problem) }
                    hadLostAttempt = true
                }
                try await backOff(problem)
                continue
            }
            await bucket.complete(ticket, response.headers, seconds: time.now().timeIntervalSince(sentOnTimeSource))
            logExchange(call, response, milliseconds: Self.milliseconds(clock.now - sentAt))

            switch response.status {
            case 200..<300:
                return response
            case 429:
                rateLimited += 1
                let now = time.now()
                let wait = RateLimitHeaders.wait(after429: response.headers, now: now)
                    ?? retryPolicy.backoff(afterFailure: rateLimited)
                guard rateLimited <= retryPolicy.maxRateLimitRetries, wait <= retryPolicy.maxRateLimitWait else {
                    let problem = "rate limited (HTTP 429) \(rateLimited) time\(rateLimited == 1 ? "" : "s"); Braze asked to wait \(BrazeAPIError.format(wait))"
                    // Only 429s: Braze refused every attempt, so the call did not land.
                    throw giveUp((hadLostAttempt ? "" : BrazeAPIError.refusedByRateLimitMarker) + problem)
                }
                onEvent(.rateLimited(bucket: call.group, method: call.method, path: call.path, seconds: wait))
                logger.info("\(call.method.rawValue) \(call.path) rate limited (\(call.group)); waiting \(BrazeAPIError.format(wait))")
                await bucket.block(until: now.addingTimeInterval(wait))
            case 401, 403:
                throw BrazeAPIError.authentication(status: response.status, method: call.method, path: call.path,
                                                   body: BrazeErrorBody.decode(response.body).redacted(apiKey))
            case 408, 500...599:
                let problem = "HTTP \(response.status)" + Self.shortMessage(response.body, apiKey)
                if call.lost == .surface { throw AmbiguousOutcome(reason: problem) }
                hadLostAttempt = true   // a server error may still have done the work
                try await backOff(problem)
            default:
                let body = BrazeErrorBody.decode(response.body).redacted(apiKey)
                let error = BrazeAPIError.rejected(status: response.status, method: call.method, path: call.path, body: body)
                if call.lost == .retryNotFoundMeansDone, hadLostAttempt, error.isNotFound {
                    return TransportResponse(status: 200, headers: response.headers, body: Data())
                }
                throw error
            }
        }
    }

    /// Runs a create that must not be blindly repeated: when its outcome is
    /// unknown (response lost, server error), looks the resource up by its key and
    /// returns it if it landed; creates again only when it is absent.
    func createVerifying<T: Sendable>(
        kind: String, name: String, method: HTTPMethod, path: String,
        create: () async throws -> T,
        lookup: () async throws -> T?
    ) async throws -> T {
        var unknownOutcomes = 0
        var firstFailure: Date?
        let started = time.now()
        while true {
            do {
                return try await create()
            } catch let outcome as AmbiguousOutcome {
                unknownOutcomes += 1
                let now = time.now()
                if firstFailure == nil { firstFailure = now }
                onEvent(.verifyingCreate(kind: kind, name: name))
                logger.info("the outcome of creating \(kind) '\(name)' is unknown (\(outcome.reason)); looking it up")
                if let found = try await lookup() { return found }
                let delay = retryPolicy.backoff(afterFailure: unknownOutcomes)
                guard unknownOutcomes < retryPolicy.maxAttempts,
                      now.timeIntervalSince(firstFailure ?? now) + delay <= retryPolicy.maxRetryDuration else {
                    throw BrazeAPIError.gaveUp(method: method, path: path, attempts: unknownOutcomes,
                                               elapsedSeconds: time.now().timeIntervalSince(started), lastProblem: outcome.reason)
                }
                onEvent(.retrying(method: method, path: path, attempt: unknownOutcomes + 1, delaySeconds: delay,
                                  reason: "\(outcome.reason); \(kind) '\(name)' is not there"))
                try await time.sleep(seconds: delay)
            } catch let error as BrazeAPIError {
                // An earlier attempt may have landed after the lookup ran ("already exists").
                if unknownOutcomes > 0, case .rejected = error, let found = try await lookup() { return found }
                throw error
            }
        }
    }

    // MARK: - Helpers

    func decode<T: Decodable>(_ type: T.Type, _ response: TransportResponse, _ call: Call) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: response.body.isEmpty ? Data("{}".utf8) : response.body)
        } catch {
            throw BrazeAPIError.invalidResponse(method: call.method, path: call.path, status: response.status,
                                                reason: "the body is not the documented JSON (\(Self.decodingProblem(error)))")
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    func encode<T: Encodable>(_ value: T) throws -> Data {
        do { return try Self.encoder.encode(value) } catch {
            throw BrazeAPIError.invalidRequest("cannot encode the request body: \(error)")
        }
    }

    private func logExchange(_ call: Call, _ response: TransportResponse, milliseconds: Int) {
        guard logger.logLevel <= .debug else { return }
        let limits = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "X-RateLimit-Retry-After"]
            .compactMap { name in response.headers[name].map { "\(name.lowercased())=\($0)" } }
        var line = "\(call.method.rawValue) \(call.path) -> \(response.status) in \(milliseconds) ms"
        if !limits.isEmpty { line += " [" + limits.joined(separator: " ") + "]" }
        logger.debug("\(line)", metadata: [
            "bucket": "\(call.group)",
            "authorization": "Bearer [REDACTED]",
        ])
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    static func shortMessage(_ body: Data, _ key: BrazeAPIKey) -> String {
        let decoded = BrazeErrorBody.decode(body)
        guard decoded.message != nil || !decoded.errors.isEmpty else { return "" }
        return ": " + String(key.redact(decoded.summary).prefix(200))
    }

    static func decodingProblem(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: return "missing '\(key.stringValue)'"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "unexpected type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted?: return "not JSON"
        default: return "unreadable"
        }
    }
}
