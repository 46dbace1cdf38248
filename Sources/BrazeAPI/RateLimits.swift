import Foundation
import VirtualTime

/// Braze's rate-limit groups: endpoints in one group share one budget.
public enum RateLimitGroup: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// GET/POST `/catalogs`, DELETE `/catalogs/{name}`: 5 per minute, shared.
    case catalogManagement = "catalog-management"
    /// `POST /catalogs/{name}/fields`, `DELETE /catalogs/{name}/fields/{field}` (current API).
    case catalogFields = "catalog-fields"
    /// Bulk item writes on `/catalogs/{name}/items`: 100 per minute (seed text).
    case catalogItemsAsync = "catalog-items-async"
    /// Item listing and single-item calls: 50 per minute.
    case catalogItemsSync = "catalog-items-sync"
    /// POST/PUT `/preference_center/v1...`: 10 per minute.
    case preferenceCenterWrite = "preference-center-write"
    /// GET `/preference_center/v1...`: 1,000 per minute.
    case preferenceCenterRead = "preference-center-read"
    /// POST `/subscription/status/set`: 5,000 per minute.
    case subscriptionSet = "subscription-set"
    /// Everything else (content blocks, templates, subscription reads): 250,000 per hour.
    case standard = "default"

    public var description: String { rawValue }

    /// Plain words for messages: "catalog management (5 per minute)".
    public var displayName: String {
        switch self {
        case .catalogManagement: return "catalog management"
        case .catalogFields: return "catalog field"
        case .catalogItemsAsync: return "catalog item bulk write"
        case .catalogItemsSync: return "catalog item"
        case .preferenceCenterWrite: return "preference center write"
        case .preferenceCenterRead: return "preference center read"
        case .subscriptionSet: return "subscription update"
        case .standard: return "default"
        }
    }

    /// The documented starting point; response headers override it.
    public var documentedLimit: RateLimit {
        switch self {
        case .catalogManagement: return RateLimit(requests: 5, window: 60)
        case .catalogFields: return RateLimit(requests: 50, window: 60)
        case .catalogItemsAsync: return RateLimit(requests: 100, window: 60)
        case .catalogItemsSync: return RateLimit(requests: 50, window: 60)
        case .preferenceCenterWrite: return RateLimit(requests: 10, window: 60)
        case .preferenceCenterRead: return RateLimit(requests: 1_000, window: 60)
        case .subscriptionSet: return RateLimit(requests: 5_000, window: 60)
        case .standard: return RateLimit(requests: 250_000, window: 3_600)
        }
    }
}

/// `requests` per `window` seconds.
public struct RateLimit: Sendable, Hashable {
    public var requests: Int
    public var window: Double
    public init(requests: Int, window: Double) {
        self.requests = max(1, requests); self.window = max(0.001, window)
    }
}

/// The rate-limit headers of one response.
struct RateLimitHeaders: Sendable, Hashable {
    var limit: Int?
    var remaining: Int?
    /// When the window resets (from `X-RateLimit-Reset`, epoch seconds, or
    /// seconds from now when the value is small).
    var reset: Date?

    init(_ headers: HTTPFields, now: Date) {
        limit = headers["X-RateLimit-Limit"].flatMap { Int(Self.number($0) ?? -1) }.flatMap { $0 >= 0 ? $0 : nil }
        remaining = headers["X-RateLimit-Remaining"].flatMap { Self.number($0) }.map { Int($0) }
        reset = headers["X-RateLimit-Reset"].flatMap { Self.instant($0, now: now) }
    }

    var isEmpty: Bool { limit == nil && remaining == nil && reset == nil }

    /// A number; of a list folded into one header ("10, 10") the first.
    static func number(_ text: String) -> Double? {
        let first = text.split(separator: ",").first.map(String.init) ?? text
        return Double(first.trimmingCharacters(in: .whitespaces))
    }

    static func instant(_ text: String, now: Date) -> Date? {
        guard let value = number(text), value >= 0, value.isFinite else { return nil }
        if value > 1e12 { return Date(timeIntervalSince1970: value / 1000) } // milliseconds
        if value > 1e9 { return Date(timeIntervalSince1970: value) }         // epoch seconds
        return now.addingTimeInterval(value)                                  // delta seconds
    }

    /// How long a 429 asks to wait: the larger of `Retry-After`,
    /// `X-RateLimit-Retry-After` (newer Braze APIs, api-notes "Rate limits,
    /// today") and the time left until `X-RateLimit-Reset`. A short
    /// `Retry-After` must not send a retry into a window that is still closed;
    /// nil when the response says nothing.
    static func wait(after429 headers: HTTPFields, now: Date) -> Double? {
        let candidates = [
            retryAfter(headers, now: now),
            retryAfter(headers, now: now, name: "X-RateLimit-Retry-After"),
            RateLimitHeaders(headers, now: now).reset.map { max(0, $0.timeIntervalSince(now)) },
        ].compactMap { $0 }
        return candidates.max()
    }

    /// `Retry-After` (or another header of its form): delta seconds or an HTTP date.
    static func retryAfter(_ headers: HTTPFields, now: Date, name: String = "Retry-After") -> Double? {
        guard let text = headers[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let value = number(text), value > 1e9, value.isFinite {   // an epoch instant, as some APIs send
            return max(0, (value > 1e12 ? value / 1000 : value) - now.timeIntervalSince1970)
        }
        if let seconds = Double(text), seconds.isFinite { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: text) { return max(0, date.timeIntervalSince(now)) }
        return nil
    }
}

/// Paces the calls of one rate-limit group.
///
/// A fixed window of `limit` calls: the documented numbers start it, every
/// response's `X-RateLimit-*` headers correct it (calls granted after the answered
/// one and still in flight are counted against what the server reports remaining).
/// When nothing remains the caller waits, on the injected `TimeSource`, until the
/// window resets.
actor RateLimitBucket {
    let group: RateLimitGroup
    private let time: any TimeSource
    private let announceThreshold: Double
    private let announce: @Sendable (RateLimitGroup, Double) -> Void

    private(set) var limit: Int
    let window: Double
    private(set) var remaining: Int
    /// When the current window ends; nil before the first call of a window.
    private(set) var resetAt: Date?
    /// Whether `resetAt` came from the server (rather than a local guess).
    private var synced = false
    /// The tickets of the calls granted and not yet completed, in the order granted (a few:
    /// at most the calls on the wire and those waiting for a place on it).
    private var inFlight: [Int] = []
    private var lastTicket = 0
    /// Calls granted since the window began here.
    private var grantedInWindow = 0
    private var lastAnnouncedWake: Date?
    /// How long the group's calls take on the wire (a moving average, seconds of the time source); nil before the first answer.
    private(set) var latency: Double?

    init(group: RateLimitGroup, limit: RateLimit, time: any TimeSource, announceThreshold: Double,
         announce: @escaping @Sendable (RateLimitGroup, Double) -> Void) {
        self.group = group
        self.limit = limit.requests
        self.window = limit.window
        self.remaining = limit.requests
        self.time = time
        self.announceThreshold = announceThreshold
        self.announce = announce
    }

    /// Waits until a call may be sent and counts it as in flight; its ticket, for `complete`.
    func acquire() async throws -> Int {
        while true {
            try Task.checkCancellation()
            let now = time.now()
            if let reset = resetAt, now >= reset {
                remaining = limit
                resetAt = nil
                synced = false
                grantedInWindow = 0
            }
            if remaining > 0 {
                remaining -= 1
                grantedInWindow += 1
                lastTicket += 1
                inFlight.append(lastTicket)
                if resetAt == nil { resetAt = now.addingTimeInterval(window) }
                return lastTicket
            }
            let wake = resetAt ?? now.addingTimeInterval(window)
            if resetAt == nil { resetAt = wake }
            let seconds = wake.timeIntervalSince(now)
            if seconds > announceThreshold, lastAnnouncedWake != wake {
                lastAnnouncedWake = wake
                announce(group, seconds)
            }
            try await time.sleep(seconds: seconds)
        }
    }

    /// Records the end of the call `ticket` (and its response headers, when it got one), and
    /// how long it was on the wire (seconds of the time source) when it was answered.
    func complete(_ ticket: Int, _ headers: HTTPFields?, seconds: Double? = nil) {
        if let place = inFlight.firstIndex(of: ticket) { inFlight.remove(at: place) }
        if let seconds, seconds.isFinite, seconds >= 0 {
            latency = latency.map { $0 * 0.8 + seconds * 0.2 } ?? seconds
        }
        guard let headers else { return }
        let now = time.now()
        let info = RateLimitHeaders(headers, now: now)
        if let newLimit = info.limit, newLimit > 0 { limit = newLimit }
        guard let serverRemaining = info.remaining else { return }
        // What the server reported is what was left when it counted this call. The calls granted
        // after it and still in flight are most likely not in it yet; those granted before it most
        // likely are (Braze counts a call when it arrives), and subtracting them too cost two of
        // every window's 100 item writes under the seed limits (a 21st window for 2,000 writes).
        // Within a window already in step with the server, the local count (exact while no one
        // else spends the budget) stays the ceiling: `min` below.
        let uncounted = inFlight.count { $0 > ticket }
        let available = max(0, serverRemaining - uncounted)
        if let reset = info.reset, reset > now {
            if let current = resetAt, synced {
                if abs(reset.timeIntervalSince(current)) <= 1 {
                    remaining = min(remaining, available)
                } else if reset > current {
                    remaining = available; resetAt = reset          // the server moved to a new window
                }                                                   // else: a late answer from an older window
            } else {
                // The first answer of a window: the server's count decides (another client may have
                // spent some), but never more than the limit less what this window granted (answers
                // can come in another order than the server counted the calls).
                remaining = min(available, max(0, limit - grantedInWindow)); resetAt = reset; synced = true
            }
        } else {
            remaining = min(remaining, available)
            if remaining == 0 && resetAt == nil { resetAt = now.addingTimeInterval(window) }
        }
    }

    /// How many of the group's calls are worth having under way at once: enough to send at the rate
    /// the limit allows while each takes the measured latency (Little's law: rate × latency, a
    /// quarter more for jitter), never fewer than `floor`, never more than the calls the window
    /// has left (more would only wait here: after a 429 or with the budget spent, 1), and never
    /// more than `ceiling`. The headers correct the limit, so this grows once Braze says it allows more.
    func concurrency(floor: Int, ceiling: Int) -> Int {
        let ceiling = max(1, ceiling)
        let now = time.now()
        let left = (resetAt.map { now >= $0 } ?? true) ? limit : remaining
        guard left > 0 else { return 1 }
        let rate = Double(limit) / window
        let needed = latency.map { Int((rate * $0 * 1.25).rounded(.up)) } ?? 0
        return min(ceiling, max(1, min(left, max(floor, needed))))
    }

    /// After a 429: nothing more until `instant`.
    func block(until instant: Date) {
        remaining = 0
        resetAt = instant
        synced = true
    }
}

/// At most `limit` requests on the wire at once, whatever the callers do.
/// Slots are held only while a request is in the transport, never during
/// rate-limit or backoff waits; waiters are served first come, first served.
actor ConcurrencyLimiter {
    let limit: Int
    private var active = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        if active < limit {
            active += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }   // the releaser hands its slot over
    }

    func release() {
        if waiters.isEmpty {
            active = max(0, active - 1)
        } else {
            waiters.removeFirst().resume()
        }
    }
}
