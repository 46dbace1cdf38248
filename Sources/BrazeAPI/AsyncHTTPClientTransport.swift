import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Sends requests over the network with AsyncHTTPClient.
///
/// One instance holds one `HTTPClient` (its connection pool is shared by every
/// request the `BrazeClient` makes). Redirects are not followed, so the API key
/// is never sent to another host, and failed connections are not retried here
/// (`BrazeClient` does that). Call `shutdown()` when done.
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    private let ownsClient: Bool
    /// Responses larger than this are refused (the biggest Braze answer is a
    /// page of 1,000 content blocks, far below).
    public let maxResponseBytes: Int

    /// A transport with its own `HTTPClient` on the process-wide event loop group.
    public init(connectTimeout: Double = 10, maxResponseBytes: Int = 64 << 20) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)))
        configuration.decompression = .enabled(limit: .ratio(100))
        // BrazeClient retries failed connections itself, within its own budget and
        // announcing them; AHC's own retrying would hide a refused connection
        // behind the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        ownsClient = true
        self.maxResponseBytes = maxResponseBytes
    }

    /// A transport over an existing client (which the caller shuts down).
    public init(client: HTTPClient, maxResponseBytes: Int = 64 << 20) {
        self.client = client
        ownsClient = false
        self.maxResponseBytes = maxResponseBytes
    }

    /// Shuts the client down if this transport created it.
    public func shutdown() async throws {
        if ownsClient { try await client.shutdown() }
    }

    /// Sends `request` and reads its answer. Not cut short when the calling task is
    /// cancelled (an interrupted apply): a request on the wire runs to its answer, so the
    /// report can say whether it landed.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        try await Task { try await self.sendUnshielded(request) }.value
    }

    private func sendUnshielded(_ request: TransportRequest) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = .init(rawValue: request.method.rawValue)
        for (name, value) in request.headers.pairs { outgoing.headers.add(name: name, value: value) }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let timeout = TimeAmount.milliseconds(Int64(max(0.001, request.timeout) * 1000))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: timeout)
        } catch {
            throw Self.classify(error, phase: "sending")
        }
        do {
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            let headers = HTTPFields(response.headers.map { ($0.name, $0.value) })
            return TransportResponse(status: Int(response.status.code), headers: headers, body: Data(buffer.readableBytesView))
        } catch {
            throw Self.classify(error, phase: "reading the response")
        }
    }

    /// Sorts AsyncHTTPClient/NIO errors into "never sent" and "maybe sent".
    static func classify(_ error: any Error, phase: String) -> any Error {
        if error is CancellationError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .cancelled:
                return CancellationError()
            case .connectTimeout, .tlsHandshakeTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout,
                 .getConnectionFromPoolTimeout, .invalidURL, .emptyHost, .emptyScheme,
                 .alreadyShutdown:
                return TransportError(.notSent, "\(error) while \(phase)")
            case .readTimeout, .deadlineExceeded:
                return TransportError(.responseLost, "timed out while \(phase)")
            case .remoteConnectionClosed:
                return TransportError(.responseLost, "the connection was closed while \(phase)")
            default:
                return TransportError(.responseLost, "\(error) while \(phase)")
            }
        }
        if let error = error as? NIOConnectionError {
            // Every address refused the connection, or the host name did not resolve.
            let refused = error.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
            let reason = error.dnsAError != nil || error.dnsAAAAError != nil ? "the host name does not resolve"
                : refused ? "the connection was refused" : "no address of the host could be reached"
            return TransportError(.notSent, reason, unreachable: true)
        }
        if let error = error as? ChannelError, case .connectTimeout = error {
            return TransportError(.notSent, "connect timed out")
        }
        if let error = error as? IOError,
           [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL].contains(error.errnoCode) {
            return TransportError(.notSent, error.errnoCode == ECONNREFUSED ? "the connection was refused" : "the host could not be reached",
                                  unreachable: true)
        }
        if let error = error as? TransportError { return error }
        return TransportError(.responseLost, "\(error) while \(phase)")
    }
}
