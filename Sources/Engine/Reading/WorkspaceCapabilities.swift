import BrazeAPI
import BrazeCore
import Crypto
import Foundation

/// What brazeform learnt of a workspace's API by using it, which no endpoint says:
/// today, whether the workspace offers the catalog field endpoints (the current
/// API does; a workspace of the seed text's API answers them 404 or 405).
public struct WorkspaceCapabilities: Sendable, Hashable {
    /// A field endpoint the workspace answered as missing, and when.
    public struct MissingEndpoint: Sendable, Hashable {
        public var status: Int
        /// "POST /catalogs/menu/fields"
        public var call: String
        /// ISO-8601, the client's clock.
        public var seenAt: String

        public init(status: Int, call: String, seenAt: String) {
            self.status = status; self.call = call; self.seenAt = seenAt
        }
    }

    /// Nil: the field endpoints are assumed offered (never seen missing).
    public var catalogFieldEndpointsMissing: MissingEndpoint?

    public init(catalogFieldEndpointsMissing: MissingEndpoint? = nil) {
        self.catalogFieldEndpointsMissing = catalogFieldEndpointsMissing
    }

    /// What `report` showed: a field call answered as a missing endpoint.
    public static func learnt(from report: ApplyReport, now: Date) -> MissingEndpoint? {
        for outcome in report.outcomes {
            guard let error = outcome.failure as? BrazeAPIError,
                  case let .endpointUnavailable(status, method, path, _) = error,
                  path.hasPrefix("/catalogs/"), path.contains("/fields") else { continue }
            return MissingEndpoint(status: status, call: "\(method.rawValue) \(path)", seenAt: ISOTime.format(now))
        }
        return nil
    }
}

/// The capabilities of one workspace at one endpoint:
/// `.brazeform/capabilities/<workspace>-<endpoint digest>.json` in the project (git-ignored).
///
/// Safe to delete: brazeform then tries the field endpoints again, and a workspace
/// that lacks them fails that call (nothing changed) and is remembered once more.
/// A file that is missing, corrupt, of another version, workspace or endpoint reads
/// as "nothing learnt".
public struct WorkspaceCapabilityStore: Sendable {
    public static let formatVersion = 1

    public var file: URL
    public var workspace: String
    public var endpoint: String

    public init(projectDirectory: String, workspace: String, endpoint: String) {
        self.workspace = workspace
        self.endpoint = endpoint
        file = ProjectStateFiles.file(projectDirectory: projectDirectory, folder: "capabilities", workspace: workspace, endpoint: endpoint)
    }

    public func load() -> WorkspaceCapabilities {
        guard let data = FileManager.default.contents(atPath: file.path),
              let root = try? JSONValue.parse(data), case .object(let top) = root,
              top["format_version"]?.numberValue == Double(Self.formatVersion),
              top["workspace"]?.stringValue == workspace, top["endpoint"]?.stringValue == endpoint else { return WorkspaceCapabilities() }
        var result = WorkspaceCapabilities()
        if case .object(let missing)? = top["catalog_field_endpoints_missing"],
           let status = missing["status"]?.numberValue, let call = missing["call"]?.stringValue, let seen = missing["seen_at"]?.stringValue,
           let code = Int(exactly: status) {
            result.catalogFieldEndpointsMissing = .init(status: code, call: call, seenAt: seen)
        }
        return result
    }

    /// Replaces the file (atomically); with nothing learnt, removes it.
    public func save(_ capabilities: WorkspaceCapabilities) throws {
        guard let missing = capabilities.catalogFieldEndpointsMissing else {
            try? FileManager.default.removeItem(at: file)
            return
        }
        let root: JSONValue = .object([
            "format_version": .number(Double(Self.formatVersion)), "workspace": .string(workspace), "endpoint": .string(endpoint),
            "about": .string("what brazeform learnt of this workspace's API; safe to delete (brazeform then tries the catalog field endpoints again)"),
            "catalog_field_endpoints_missing": .object([
                "status": .number(Double(missing.status)), "call": .string(missing.call), "seen_at": .string(missing.seenAt),
            ]),
        ])
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(root.serialized().utf8).write(to: file, options: .atomic)
    }
}

/// Files brazeform keeps per workspace and endpoint under the project's `.brazeform/`.
enum ProjectStateFiles {
    /// `.brazeform/<folder>/<workspace>-<first 6 bytes of the endpoint's SHA-256, hex>.json`.
    /// The workspace name is kept to letters, digits, `-` and `_` (the name rule), so the path stays inside the folder.
    static func file(projectDirectory: String, folder: String, workspace: String, endpoint: String) -> URL {
        let digest = SHA256.hash(data: Data(endpoint.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        let safe = String(workspace.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" ? Character($0) : "_" })
        return URL(fileURLWithPath: projectDirectory).appendingPathComponent(".brazeform/\(folder)/\(safe)-\(digest).json")
    }
}
