import BrazeAPI
import BrazeCore
import BrazeSimulator
import Foundation
import Manifest
import VirtualTime

/// The embedded simulated Braze of a `sandbox: true` workspace, its state kept in
/// `.brazeform/sandbox/<workspace>.json` in the project.
public final class SandboxSession: Sendable {
    public let simulator: SimulatedWorkspace
    public let file: SandboxStateFile

    public static func statePath(projectDirectory: String, workspace: String) -> String {
        URL(fileURLWithPath: projectDirectory).appendingPathComponent(".brazeform/sandbox/\(workspace).json").path
    }

    /// `statePath`, checked: the workspace name follows the name rule and the path stays
    /// inside the project's `.brazeform/sandbox/` folder (a hostile `brazeform.yaml`
    /// must never make brazeform write or delete files elsewhere).
    public static func checkedStatePath(projectDirectory: String, workspace: String) throws(SandboxStateFileError) -> String {
        let path = statePath(projectDirectory: projectDirectory, workspace: workspace)
        let folder = URL(fileURLWithPath: projectDirectory).appendingPathComponent(".brazeform/sandbox").standardizedFileURL.path + "/"
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        guard NameRules.isValidName(workspace), standardized.hasPrefix(folder),
              !standardized.dropFirst(folder.count).contains("/") else {
            throw .unwritable(path: path, reason: "the workspace name '\(Printable.escaped(workspace))' may hold only letters, digits, '-' and '_', so that its state file stays inside the project")
        }
        return path
    }

    /// Opens the sandbox; a corrupt state file is an error, never silently reset.
    public init(projectDirectory: String, workspace: String, timeSource: any TimeSource = SystemTimeSource(),
                configuration: SimulatorConfiguration = SimulatorConfiguration()) throws {
        file = SandboxStateFile(path: try Self.checkedStatePath(projectDirectory: projectDirectory, workspace: workspace))
        simulator = try SimulatedWorkspace.load(from: file, configuration: configuration, timeSource: timeSource)
    }

    /// What a Braze dashboard user would have done before brazeform runs: create
    /// the subscription groups and tags the manifests name (the API can create neither).
    public func prepare(for project: Project) async {
        await Self.prepare(simulator, for: project)
    }

    /// The same, for any simulator (tests, benchmarks).
    public static func prepare(_ simulator: SimulatedWorkspace, for project: Project) async {
        for resource in project.resources {
            switch resource.body {
            case .subscriptionGroup(let group):
                let channel = BrazeSimulator.SubscriptionChannel(rawValue: group.channel.rawValue) ?? .email
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
