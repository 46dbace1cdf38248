// Contract tests: `BrazeClient` over `AsyncHTTPClientTransport` (real HTTP on
// loopback) against `SimulatorServer`, both on one `VirtualTimeSource`, so every
// rate-limit wait, backoff and asynchronous item write takes virtual time only.
import BrazeCore
import BrazeAPI
import BrazeSimulator
import BrazeSimulatorServer
import Foundation
import Logging
import Testing
import VirtualTime

typealias APIJSON = JSONValue
typealias APIField = BrazeCatalogField

/// One simulator served on an ephemeral loopback port, and a client talking to it.
struct Contract {
    let time: VirtualTimeSource
    let simulator: SimulatedWorkspace
    let server: SimulatorServer
    let client: BrazeClient
    let events: EventStore
    let baseURL: String

    /// A second client on the same server and clock (another key, another policy).
    func makeClient(apiKey: String, policy: RetryPolicy = contractPolicy(), transport: AsyncHTTPClientTransport) -> BrazeClient {
        BrazeClient(endpoint: try! BrazeEndpoint(url: baseURL), apiKey: try! BrazeAPIKey(secret: apiKey), transport: transport,
                    timeSource: time, retryPolicy: policy,
                    logger: Logger(label: "contract", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Seconds of virtual time since `start`.
    func elapsed(since start: Date) -> Double { time.now().timeIntervalSince(start) }
}

/// Deterministic backoff (1, 2, 4 ... seconds: jitter drawn as 1), four attempts.
func contractPolicy(maxAttempts: Int = 4) -> RetryPolicy {
    RetryPolicy(maxAttempts: maxAttempts, initialBackoff: 1, maxBackoff: 30, maxRetryDuration: 600, jitter: { 1 })
}

/// Starts a simulator server (seed rate limits unless told otherwise), runs `body`
/// with a client over real HTTP, and shuts both down.
func withContract<R>(
    limits: [BrazeSimulator.RateLimitGroup: BrazeSimulator.RateLimit] = SimLimits.seed,
    itemWriteDelay: Double = 1.0,
    apiKey: String = SimulatorConfiguration.defaultAPIKey,
    policy: RetryPolicy = contractPolicy(),
    _ body: (Contract) async throws -> R
) async throws -> R {
    let time = VirtualTimeSource()
    let simulator = SimulatedWorkspace(configuration: simulatorConfiguration(limits: limits, itemWriteDelay: itemWriteDelay), timeSource: time)
    var serverLogger = Logger(label: "contract.sandbox")
    serverLogger.logLevel = .critical   // stopping the server logs the cancelled accept loop
    let server = SimulatorServer(simulator: simulator, logger: serverLogger)
    let port = try await server.start()
    let baseURL = "http://127.0.0.1:\(port)"
    let transport = AsyncHTTPClientTransport(connectTimeout: 5)
    let events = EventStore()
    let client = BrazeClient(
        endpoint: try BrazeEndpoint(url: baseURL), apiKey: try BrazeAPIKey(secret: apiKey), transport: transport,
        timeSource: time, retryPolicy: policy,
        logger: Logger(label: "contract", factory: { _ in SwiftLogNoOpLogHandler() }),
        onEvent: events.handler)
    let contract = Contract(time: time, simulator: simulator, server: server, client: client, events: events, baseURL: baseURL)
    do {
        let result = try await body(contract)
        try? await transport.shutdown()
        await server.stop()
        return result
    } catch {
        try? await transport.shutdown()
        await server.stop()
        throw error
    }
}

/// Runs `operation`, expecting a `BrazeAPIError`; returns it (nil, and a failed expectation, otherwise).
func apiError(_ operation: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> BrazeAPIError? {
    do {
        try await operation()
        Issue.record("expected a BrazeAPIError, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as BrazeAPIError {
        return error
    } catch {
        Issue.record("expected a BrazeAPIError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

extension BrazeAPIError {
    var isRejected: Bool { if case .rejected = self { return true } else { return false } }
    var isGaveUp: Bool { if case .gaveUp = self { return true } else { return false } }
    var isAuthentication: Bool { if case .authentication = self { return true } else { return false } }
}
