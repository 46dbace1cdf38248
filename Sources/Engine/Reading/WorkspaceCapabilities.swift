import BrazeAPI
import BrazeCore
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

    private let state: ProjectStateFile
    public var file: URL { state.file }

    public init(projectDirectory: String, workspace: String, endpoint: String) {
        state = ProjectStateFile(projectDirectory: projectDirectory, folder: "capabilities", workspace: workspace, endpoint: endpoint,
                                 formatVersion: Self.formatVersion)
    }

    public func load() -> WorkspaceCapabilities {
        guard let top = state.read() else { return WorkspaceCapabilities() }
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
        try state.write(about: "what brazeform learnt of this workspace's API; safe to delete (brazeform then tries the catalog field endpoints again)", [
            "catalog_field_endpoints_missing": .object([
                "status": .number(Double(missing.status)), "call": .string(missing.call), "seen_at": .string(missing.seenAt),
            ]),
        ])
    }
}
