import BrazeAPI
import BrazeSimulator
import Foundation
import Manifest
import VirtualTime

/// The embedded simulated Braze of a `sandbox: true` workspace, its state kept in
/// `.brazeform/sandbox/<workspace>.json` in the project.
public final class SandboxSession: Sendable {
    public let simulator: BrazeSimulator
    public let file: SandboxStateFile

    public static func statePath(projectDirectory: String, workspace: String) -> String {
        URL(fileURLWithPath: projectDirectory).appendingPathComponent(".brazeform/sandbox/\(workspace).json").path
    }

    /// Opens the sandbox; a corrupt state file is an error, never silently reset.
    public init(projectDirectory: String, workspace: String, timeSource: any TimeSource = SystemTimeSource(),
                configuration: SimulatorConfiguration = SimulatorConfiguration()) throws {
        file = SandboxStateFile(path: Self.statePath(projectDirectory: projectDirectory, workspace: workspace))
        simulator = try BrazeSimulator.load(from: file, configuration: configuration, timeSource: timeSource)
    }

    /// What a Braze dashboard user would have done before brazeform runs: create
    /// the subscription groups and tags the manifests name (the API can create neither).
    public func prepare(for project: Project) async {
        await Self.prepare(simulator, for: project)
    }

    /// The same, for any simulator (tests, benchmarks).
    public static func prepare(_ simulator: BrazeSimulator, for project: Project) async {
        for resource in project.resources {
            switch resource.body {
            case .subscriptionGroup(let group):
                let channel = SimulatorSubscriptionChannel(rawValue: group.channel.rawValue) ?? .email
                await simulator.addSubscriptionGroup(id: group.id.text, name: group.name, channel: channel)
            case .contentBlock(let block):
                for tag in block.tags ?? [] { await simulator.addTag(tag) }
            case .emailTemplate(let template):
                for tag in template.tags ?? [] { await simulator.addTag(tag) }
            default:
                break
            }
        }
    }

    /// Requests go straight to the simulator, through Braze's paths and bodies.
    public var transport: SimulatorTransport { SimulatorTransport(simulator) }

    /// The URL the client is given for the sandbox (never contacted over a network).
    public static let endpoint = "http://127.0.0.1"

    public func save() async throws {
        try await simulator.save(to: file)
    }
}

/// An `HTTPTransport` that hands each request to a simulator in the same
/// process: no socket, same paths, bodies, status codes and headers. A response
/// the simulator drops (fault injection) arrives as a lost response.
public struct SimulatorTransport: HTTPTransport {
    public let simulator: BrazeSimulator

    public init(_ simulator: BrazeSimulator) { self.simulator = simulator }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        var target = components?.percentEncodedPath ?? "/"
        if let query = components?.percentEncodedQuery { target += "?" + query }
        let simulated = SimulatedRequest(method: request.method.rawValue, target: target, headers: request.headers.pairs, body: request.body ?? Data())
        let response = await simulator.handle(simulated)
        if response.dropped {
            throw TransportError(.responseLost, "the simulator dropped the response")
        }
        return TransportResponse(status: response.status, headers: HTTPFields(response.headers), body: response.body)
    }
}
