import BrazeCore
import BrazeAPI
import Foundation
import Logging
import Synchronization
import VirtualTime

/// A transport answering from a closure, recording every request (and the
/// virtual instant it was sent at).
final class FakeTransport: HTTPTransport {
    typealias Handler = @Sendable (TransportRequest) throws -> TransportResponse

    struct Sent: Sendable {
        var request: TransportRequest
        var at: Date
    }

    private let handler: Handler
    private let time: any TimeSource
    private let log = Mutex<[Sent]>([])

    init(time: any TimeSource, _ handler: @escaping Handler) {
        self.time = time
        self.handler = handler
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        log.withLock { $0.append(Sent(request: request, at: time.now())) }
        return try handler(request)
    }

    var sent: [Sent] { log.withLock { $0 } }
    var requests: [TransportRequest] { sent.map(\.request) }

    func count(_ method: HTTPMethod, _ path: String) -> Int {
        requests.filter { $0.method == method && $0.url.path == path }.count
    }
}

/// A counter/any state shared with a fake's handler.
final class Box<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) throws -> R) rethrows -> R { try storage.withLock { try body(&$0) } }
    var value: Value { storage.withLock { $0 } }
}

func json(_ status: Int, _ body: String, _ headers: [(String, String)] = []) -> TransportResponse {
    TransportResponse(status: status, headers: HTTPFields([("Content-Type", "application/json")] + headers), body: Data(body.utf8))
}

func jsonObject(_ value: Any, status: Int = 200, _ headers: [(String, String)] = []) -> TransportResponse {
    let data = try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    return TransportResponse(status: status, headers: HTTPFields([("Content-Type", "application/json")] + headers), body: data)
}

extension TransportRequest {
    /// Query items, in order (names and values decoded).
    var query: [(String, String)] {
        (URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }
    func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
    var jsonBody: [String: Any] {
        guard let body, let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return [:] }
        return object
    }
}

/// Log lines captured by a `Logger`, rendered with their metadata.
final class LogStore: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }

    func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "test") { _ in CapturingLogHandler(store: self) }
        logger.logLevel = level
        return logger
    }
}

struct CapturingLogHandler: LogHandler {
    let store: LogStore
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        store.append("\(event.level) \(event.message) \(rendered)")
    }
}

/// Events the client announced.
final class EventStore: Sendable {
    private let events = Mutex<[ClientEvent]>([])
    var all: [ClientEvent] { events.withLock { $0 } }
    var handler: @Sendable (ClientEvent) -> Void {
        let store = self
        return { event in store.record(event) }
    }
    func record(_ event: ClientEvent) { events.withLock { $0.append(event) } }
}

let testSecret = "sk-live-9f8e7d6c5b4a3210-SECRET"
let testEndpoint = try! BrazeEndpoint(instance: "US-03")

/// Deterministic backoff: 1, 2, 4, 8 ... seconds (jitter drawn as 1).
func testPolicy(maxAttempts: Int = 4) -> RetryPolicy {
    RetryPolicy(maxAttempts: maxAttempts, initialBackoff: 1, maxBackoff: 30, maxRetryDuration: 600, jitter: { 1 })
}

func makeClient(
    _ transport: FakeTransport, time: any TimeSource, policy: RetryPolicy = testPolicy(),
    rateLimits: [RateLimitGroup: RateLimit] = [:], logs: LogStore? = nil, events: EventStore? = nil
) -> BrazeClient {
    let logger: Logger = logs.map { $0.logger() } ?? Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    var onEvent: @Sendable (ClientEvent) -> Void = { _ in }
    if let events { onEvent = events.handler }
    let key: BrazeAPIKey = try! BrazeAPIKey(secret: testSecret)
    return BrazeClient(
        endpoint: testEndpoint, apiKey: key, transport: transport,
        timeSource: time, retryPolicy: policy, rateLimits: rateLimits,
        logger: logger, onEvent: onEvent)
}

/// Seconds the virtual clock moved since `start`.
func elapsed(_ time: VirtualTimeSource, since start: Date) -> Double {
    time.now().timeIntervalSince(start)
}
