import BrazeCore
import Foundation

/// Everything a simulated workspace holds. Codable, so a sandbox survives between runs;
/// rate-limit windows, faults and the request log are not part of it.
public struct SimulatedWorkspaceState: Sendable, Codable, Equatable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    /// Tags that exist in the workspace (created in the dashboard; there is no tag API).
    public var tags: [String]
    /// Content blocks in creation order.
    public var contentBlocks: [ContentBlockRecord]
    /// Every content block name ever used: names can never be reused, even after a rename
    /// or an archive.
    public var usedContentBlockNames: [String]
    /// Email templates in creation order (names need not be unique).
    public var emailTemplates: [EmailTemplateRecord]
    /// Catalogs in creation order.
    public var catalogs: [CatalogRecord]
    /// Accepted bulk item writes (202) not applied yet, in order of acceptance.
    public var pendingItemWrites: [PendingItemWrite]
    public var preferenceCenters: [PreferenceCenterRecord]
    /// Subscription groups (created in the dashboard only) with their members' states.
    public var subscriptionGroups: [SubscriptionGroupRecord]
    /// Counters behind the deterministic ids.
    public var counters: IDCounters

    public init() {
        formatVersion = Self.currentFormatVersion
        tags = []
        contentBlocks = []
        usedContentBlockNames = []
        emailTemplates = []
        catalogs = []
        pendingItemWrites = []
        preferenceCenters = []
        subscriptionGroups = []
        counters = IDCounters()
    }
}

public struct IDCounters: Sendable, Codable, Equatable {
    public var contentBlock = 0
    public var emailTemplate = 0
    public var catalog = 0
    public var preferenceCenter = 0
    public var pendingWrite = 0
    /// Link ids assigned by link aliasing.
    public var linkID = 0

    public init() {}

    public init(from decoder: any Decoder) throws {
        // Read state files written before a counter existed.
        let c = try decoder.container(keyedBy: CodingKeys.self)
        contentBlock = try c.decodeIfPresent(Int.self, forKey: .contentBlock) ?? 0
        emailTemplate = try c.decodeIfPresent(Int.self, forKey: .emailTemplate) ?? 0
        catalog = try c.decodeIfPresent(Int.self, forKey: .catalog) ?? 0
        preferenceCenter = try c.decodeIfPresent(Int.self, forKey: .preferenceCenter) ?? 0
        pendingWrite = try c.decodeIfPresent(Int.self, forKey: .pendingWrite) ?? 0
        linkID = try c.decodeIfPresent(Int.self, forKey: .linkID) ?? 0
    }
}

public struct ContentBlockRecord: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var content: String
    /// `active` or `draft`; never returned by the API.
    public var state: String
    public var tags: [String]
    public var createdAt: Date
    public var lastEdited: Date
    /// Built with the drag-and-drop editor: listed, but the API may not update it.
    public var isDragAndDrop: Bool
    /// Archived in the dashboard: no longer listed, the name stays taken.
    public var isArchived: Bool

    public var contentType: String {
        content.range(of: #"<[A-Za-z!/]"#, options: .regularExpression) != nil ? "html" : "text"
    }

    public var liquidTag: String { "{{content_blocks.${\(name)}}}" }
}

public struct EmailTemplateRecord: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var subject: String
    public var body: String
    public var plaintextBody: String?
    public var preheader: String?
    public var shouldInlineCSS: Bool?
    public var tags: [String]
    public var createdAt: Date
    public var updatedAt: Date
    /// Built with the drag-and-drop editor: invisible to list and info.
    public var isDragAndDrop: Bool
}

public struct CatalogField: Sendable, Codable, Equatable, Hashable {
    public var name: String
    public var type: String

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}

public struct CatalogRecord: Sendable, Codable, Equatable {
    public var name: String
    public var description: String
    public var fields: [CatalogField]
    /// Items by id; values hold every field but `id`.
    public var items: [String: [String: JSONValue]]
    public var updatedAt: Date
    /// Distinguishes a catalog from an earlier one of the same name (pending writes of a
    /// deleted catalog never land in its successor).
    public var serial: Int
}

/// A bulk item write accepted with 202 and applied once `due` has passed.
public struct PendingItemWrite: Sendable, Codable, Equatable {
    public enum Operation: String, Sendable, Codable {
        /// POST: create items; an item that exists already is left alone.
        case create
        /// PUT: replace items, creating missing ones.
        case replace
        /// PATCH: update the given fields of existing items; missing items are left alone.
        case update
        /// DELETE: remove items; missing ones are ignored.
        case delete
        /// `POST /catalogs/{name}/fields`: add `fields`.
        case addFields
        /// `DELETE /catalogs/{name}/fields/{field}`: remove `fields` and their values.
        case deleteFields
    }

    public var sequence: Int
    public var catalogName: String
    public var catalogSerial: Int
    public var operation: Operation
    /// Item values by id (id not included); empty objects for deletes.
    public var items: [PendingItem]
    /// The fields added or removed, for field operations.
    public var fields: [CatalogField]? = nil
    public var acceptedAt: Date
    public var due: Date
}

public struct PendingItem: Sendable, Codable, Equatable {
    public var id: String
    public var values: [String: JSONValue]
}

public struct PreferenceCenterRecord: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var title: String?
    public var pageHTML: String
    public var confirmationPageHTML: String
    public var redirectPageHTML: String?
    public var state: String
    public var options: [String: JSONValue]
    public var createdAt: Date
    public var updatedAt: Date
}

public enum SubscriptionChannel: String, Sendable, Codable, CaseIterable {
    case email, sms, whatsapp
}

public enum SubscriptionState: String, Sendable, Codable {
    case subscribed, unsubscribed
}

public struct SubscriptionGroupRecord: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var channel: SubscriptionChannel
    /// States by external_id; users never set are "unknown".
    public var members: [String: SubscriptionState]
}
