import BrazeAPI
import BrazeSimulator
import Foundation

/// An `HTTPTransport` that hands each request to a simulator in the same
/// process: no socket, same paths, bodies, status codes and headers. A response
/// the simulator drops (fault injection) arrives as a lost response.
public struct SimulatorTransport: HTTPTransport {
    public let simulator: SimulatedWorkspace
    /// Runs after the simulator handled a request, before its answer is returned
    /// (a sandbox saves its state there after each write).
    let afterRequest: @Sendable (TransportRequest) async throws -> Void

    public init(_ simulator: SimulatedWorkspace, afterRequest: @escaping @Sendable (TransportRequest) async throws -> Void = { _ in }) {
        self.simulator = simulator
        self.afterRequest = afterRequest
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        var target = components?.percentEncodedPath ?? "/"
        if let query = components?.percentEncodedQuery { target += "?" + query }
        let simulated = SimulatedRequest(method: request.method.rawValue, target: target, headers: request.headers.pairs, body: request.body ?? Data())
        let response = await simulator.handle(simulated)
        try await afterRequest(request)
        if response.dropped {
            throw TransportError(.responseLost, "the simulator dropped the response")
        }
        return TransportResponse(status: response.status, headers: HTTPFields(response.headers), body: response.body)
    }
}
