import BrazeCore
import YAML

/// One Braze workspace of `brazeform.yaml`.
public struct WorkspaceConfiguration: Sendable, Hashable {
    public var name: String
    /// The embedded simulated Braze.
    public var sandbox: Bool
    public var instance: String?
    public var endpoint: String?
    public var apiKeyEnv: String
    public var vars: [String: String]
    public var location: SourceLocation?
    /// Which published rate limits a sandbox applies (`sandbox_limits`).
    public var sandboxLimits: SandboxLimits = .current
    /// The tags that exist in a sandbox workspace (`sandbox_tags`): Braze refuses
    /// any other, and the API cannot create tags.
    public var sandboxTags: [String] = []
    /// Subscription groups that exist in a sandbox workspace besides those its
    /// manifests declare (`sandbox_subscription_groups`), e.g. those of other
    /// workspaces that point at it when it is served.
    public var sandboxSubscriptionGroups: [SandboxSubscriptionGroup] = []

    public static let defaultAPIKeyEnv = "BRAZE_API_KEY"

    public init(name: String, sandbox: Bool = false, instance: String? = nil, endpoint: String? = nil,
                apiKeyEnv: String = WorkspaceConfiguration.defaultAPIKeyEnv, vars: [String: String] = [:], location: SourceLocation? = nil) {
        self.name = name
        self.sandbox = sandbox
        self.instance = instance
        self.endpoint = endpoint
        self.apiKeyEnv = apiKeyEnv
        self.vars = vars
        self.location = location
    }

    /// The REST endpoint: the explicit one, or the instance's host. nil for the sandbox.
    public var resolvedEndpoint: String? {
        if let endpoint { return endpoint }
        if let instance { return BrazeInstances.hosts[instance.uppercased()] }
        return nil
    }
}

/// The rate limits a sandbox applies: today's documented numbers, or the seed text's.
public enum SandboxLimits: String, Sendable, Hashable, CaseIterable {
    case current, seed
}

/// A subscription group created in a sandbox's "dashboard".
public struct SandboxSubscriptionGroup: Sendable, Hashable {
    public var id: String
    public var name: String
    public var channel: SubscriptionChannel
    public init(id: String, name: String, channel: SubscriptionChannel) { self.id = id; self.name = name; self.channel = channel }

    static let fieldSpecs: [FieldSpec] = [
        FieldSpec("id", .string, required: true, "The group's id (a UUID, as Braze's dashboard shows it)."),
        FieldSpec("name", .string, required: true, "The group's name."),
        FieldSpec("channel", .oneOf(SubscriptionChannel.allCases.map(\.rawValue)), required: true, "email, sms or whatsapp."),
    ]
}

extension WorkspaceConfiguration {
    /// The fields of one workspace under `workspaces`.
    static let fieldSpecs: [FieldSpec] = [
        FieldSpec("sandbox", .boolean, "true: the embedded simulated Braze, stored in .brazeform/sandbox/<workspace>.json."),
        FieldSpec("instance", .oneOf(BrazeInstances.names), "A Braze instance (US-01 … US-08, EU-01, EU-02)."),
        FieldSpec("endpoint", .string, "An explicit REST endpoint: https://, or http:// to a loopback address."),
        FieldSpec("api_key_env", .string, "The environment variable holding the REST API key (default BRAZE_API_KEY).", pattern: "^[A-Za-z_][A-Za-z0-9_]*$"),
        FieldSpec("vars", .map(.string), "Variables for ((var.NAME))."),
        FieldSpec("sandbox_limits", .oneOf(SandboxLimits.allCases.map(\.rawValue)),
                  "A sandbox's rate limits: current (today's documented numbers, the default) or seed (the seed text's stricter ones)."),
        FieldSpec("sandbox_tags", .list(.string), "The tags that exist in a sandbox workspace; Braze refuses any other tag (400) and the API cannot create tags."),
        FieldSpec("sandbox_subscription_groups", .listOfObjects(SandboxSubscriptionGroup.fieldSpecs),
                  "Subscription groups that exist in a sandbox workspace besides those its manifests declare (e.g. those of other workspaces served by it)."),
    ]
}
