import BrazeAPI
import BrazeCore
import BrazeSimulator
import Foundation
import Manifest
import VirtualTime

/// The embedded simulated Braze of a `sandbox: true` workspace, its state kept in
/// `.brazeform/sandbox/<workspace>.json` in the project.
///
/// A session holds the workspace's lock (`SandboxLock`) from opening to `close()`:
/// two runs never hold two copies of one sandbox. Write requests are saved as they
/// are answered (`StateSaver`: at once after a quiet spell, writes close together in
/// one save), and `close()` saves the rest, so a crash loses at most the last fraction
/// of a second of writes.
public final class SandboxSession: Sendable {
    public let simulator: SimulatedWorkspace
    public let file: SandboxStateFile
    public let lock: SandboxLock
    private let saver: StateSaver

    public static func statePath(projectDirectory: String, workspace: String) -> String {
        URL(fileURLWithPath: projectDirectory).appendingPathComponent(".brazeform/sandbox/\(workspace).json").path
    }

    /// The simulator's configuration for a sandbox workspace: its chosen limits.
    public static func configuration(for workspace: WorkspaceConfiguration) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        switch workspace.sandboxLimits {
        case .current: configuration.rateLimits = SimulatorConfiguration.brazeCurrentRateLimits
        case .seed: configuration.rateLimits = SimulatorConfiguration.brazeSeedRateLimits
        }
        return configuration
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
    /// - Parameters:
    ///   - holder: who opens it, for the message another writer gets (default: this command and pid).
    ///   - lockWait: how long to wait for another holder, in real seconds.
    public init(projectDirectory: String, workspace: String, timeSource: any TimeSource = SystemTimeSource(),
                configuration: SimulatorConfiguration = SimulatorConfiguration(), holder: String? = nil, lockWait: Double = 5) throws {
        file = SandboxStateFile(path: try Self.checkedStatePath(projectDirectory: projectDirectory, workspace: workspace))
        lock = try SandboxLock(statePath: file.path, holder: holder ?? SandboxLock.describeThisProcess(""), wait: lockWait)
        simulator = try SimulatedWorkspace.load(from: file, configuration: configuration, timeSource: timeSource)
        saver = StateSaver(simulator: simulator, file: file)
    }

    /// What a Braze dashboard user would have done before brazeform runs: create
    /// the subscription groups the manifests declare and those the workspace
    /// declares (`sandbox_subscription_groups`), and the tags the workspace
    /// declares (`sandbox_tags`). Tags the manifests name are not created: Braze
    /// refuses an unknown tag (400), and so does the sandbox.
    public func prepare(for project: Project) async {
        await Self.prepare(simulator, for: project)
    }

    /// The same, for any simulator (tests, benchmarks).
    public static func prepare(_ simulator: SimulatedWorkspace, for project: Project) async {
        await prepare(simulator, workspace: project.workspace)
        for resource in project.resources {
            if case .subscriptionGroup(let group) = resource.body {
                let channel = BrazeSimulator.SubscriptionChannel(rawValue: group.channel.rawValue) ?? .email
                await simulator.addSubscriptionGroup(id: group.id.text, name: group.name, channel: channel)
            }
        }
    }

    /// The tags and subscription groups a sandbox workspace declares in `brazeform.yaml`.
    public static func prepare(_ simulator: SimulatedWorkspace, workspace: WorkspaceConfiguration) async {
        for tag in workspace.sandboxTags { await simulator.addTag(tag) }
        for group in workspace.sandboxSubscriptionGroups {
            let channel = BrazeSimulator.SubscriptionChannel(rawValue: group.channel.rawValue) ?? .email
            await simulator.addSubscriptionGroup(id: group.id, name: group.name, channel: channel)
        }
    }

    /// Requests go straight to the simulator, through Braze's paths and bodies;
    /// the state is saved after each write request.
    public var transport: SimulatorTransport {
        let saver = saver
        return SimulatorTransport(simulator) { request in
            if request.method != .get { await saver.noteWrite() }   // close() saves again and reports a failure
        }
    }

    /// The URL the client is given for the sandbox (never contacted over a network).
    public static let endpoint = "http://127.0.0.1"

    public func save() async throws {
        try? await saver.flush()
        try await simulator.save(to: file)
    }

    /// Saves the state and lets go of the lock.
    public func close() async throws {
        defer { lock.release() }
        try await save()
    }
}
