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

extension WorkspaceConfiguration {
    /// The fields of one workspace under `workspaces`.
    static let fieldSpecs: [FieldSpec] = [
        FieldSpec("sandbox", .boolean, "true: the embedded simulated Braze, stored in .brazeform/sandbox/<workspace>.json."),
        FieldSpec("instance", .oneOf(BrazeInstances.names), "A Braze instance (US-01 … US-08, EU-01, EU-02)."),
        FieldSpec("endpoint", .string, "An explicit REST endpoint: https://, or http:// to a loopback address."),
        FieldSpec("api_key_env", .string, "The environment variable holding the REST API key (default BRAZE_API_KEY).", pattern: "^[A-Za-z_][A-Za-z0-9_]*$"),
        FieldSpec("vars", .map(.string), "Variables for ((var.NAME))."),
    ]
}
