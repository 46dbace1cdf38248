import BrazeAPI
import Foundation
import Manifest

/// What brazeform read of a workspace: every live resource of the managed kinds
/// by name, and the details of those the manifests manage.
public struct LiveState: Sendable {
    public struct Entry<Detail: Sendable>: Sendable {
        public var id: String
        public var name: String
        /// Read for managed resources only (nil for those only listed).
        public var detail: Detail?
    }

    public var contentBlocks: [String: Entry<BrazeContentBlock>] = [:]
    public var emailTemplates: [String: Entry<BrazeEmailTemplate>] = [:]
    public var catalogs: [String: BrazeCatalog] = [:]
    /// Items of the catalogs whose items are managed and that exist live.
    public var catalogItems: [String: [BrazeCatalogItem]] = [:]
    /// False when the workspace answered 404/405 to the catalog field endpoints (an
    /// older API): field changes then fall back to a gated replace of the catalog.
    public var catalogFieldEndpointsAvailable = true
    /// What the workspace answered when it was seen to lack them (`WorkspaceCapabilityStore`), for the plan's note.
    public var catalogFieldEndpointsMissing: WorkspaceCapabilities.MissingEndpoint?
    /// Where each catalog's items in `catalogItems` came from: pages read, or the item snapshot.
    public var itemSources: [String: ItemSource] = [:]
    /// The item pages read, when any were.
    public var itemReading: ItemReading?
    /// When the read started (ISO-8601, the client's clock).
    public var readAt: String?
    public var preferenceCenters: [String: Entry<BrazePreferenceCenter>] = [:]
    /// Declared group name to the states of the users its manifest lists.
    public var subscriptions: [String: [String: SubscriptionStatus]] = [:]

    public init() {}

    /// The live names of a kind, sorted (for "did you mean").
    func names(of kind: ResourceKind) -> [String] {
        switch kind {
        case .contentBlock: contentBlocks.keys.sorted()
        case .emailTemplate: emailTemplates.keys.sorted()
        case .catalog: catalogs.keys.sorted()
        case .preferenceCenter: preferenceCenters.keys.sorted()
        case .subscriptionGroup: subscriptions.keys.sorted()
        }
    }

    func exists(_ address: ResourceAddress) -> Bool {
        switch address.kind {
        case .contentBlock: contentBlocks[address.name] != nil
        case .emailTemplate: emailTemplates[address.name] != nil
        case .catalog: catalogs[address.name] != nil
        case .preferenceCenter: preferenceCenters[address.name] != nil
        case .subscriptionGroup: subscriptions[address.name] != nil
        }
    }
}

/// Something in the live workspace that makes planning impossible.
public struct LiveStateError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The manifests name something the workspace cannot have (exit 3), rather than the workspace being odd (exit 1).
    public var invalidManifests: Bool = false
    public var description: String { message }
}
