import BrazeAPI
import BrazeCore
import Foundation
import Manifest

/// What a change does to a resource (Terraform's sigils).
public enum Action: String, Codable, Sendable, Hashable, CaseIterable {
    case create, update, delete, replace

    public var sigil: String {
        switch self {
        case .create: "+"
        case .update: "~"
        case .delete: "-"
        case .replace: "-/+"
        }
    }
}

/// The kinds a change can be about: the five manifest kinds, and a catalog's items.
public enum ChangeKind: String, Codable, Sendable, Hashable, Comparable {
    case contentBlock = "content_block"
    case emailTemplate = "email_template"
    case catalog
    case catalogItems = "catalog_items"
    case preferenceCenter = "preference_center"
    case subscriptionGroup = "subscription_group"

    public init(_ kind: ResourceKind) {
        switch kind {
        case .contentBlock: self = .contentBlock
        case .emailTemplate: self = .emailTemplate
        case .catalog: self = .catalog
        case .preferenceCenter: self = .preferenceCenter
        case .subscriptionGroup: self = .subscriptionGroup
        }
    }

    var rank: Int {
        switch self {
        case .subscriptionGroup: 0
        case .catalog: 1
        case .catalogItems: 2
        case .contentBlock: 3
        case .emailTemplate: 4
        case .preferenceCenter: 5
        }
    }

    public static func < (a: ChangeKind, b: ChangeKind) -> Bool { a.rank < b.rank }

    public var displayName: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// How a field's values read in a plan: as their YAML would be written.
public enum ValueStyle: String, Codable, Sendable, Hashable {
    /// A string, double-quoted.
    case string
    /// Multi-line text (bodies, content, HTML), shown as a diff.
    case text
    /// A list kept as comma-separated text (tags): shown as a YAML flow list, `[]` when empty.
    case list
    /// `true` or `false`, unquoted.
    case boolean
    /// A catalog's fields, `name: type` comma-separated: shown one field a line.
    case schema
}

/// One field that differs: before (live) and after (desired). Text fields are
/// shown as unified diffs by the renderers.
public struct FieldChange: Codable, Sendable, Hashable {
    public var field: String
    public var before: String?
    public var after: String?
    /// Multi-line text (bodies, content, HTML): shown as a diff, not as values.
    public var isText: Bool
    /// How the values read.
    public var style: ValueStyle

    public init(field: String, before: String?, after: String?, isText: Bool = false, style: ValueStyle? = nil) {
        self.field = field
        self.before = before
        self.after = after
        self.isText = isText
        self.style = style ?? (isText ? .text : .string)
    }

    private enum Keys: String, CodingKey { case field, before, after, isText = "is_text", style, isTextV1 = "isText" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(field, forKey: .field)
        try c.encodeIfPresent(before, forKey: .before)
        try c.encodeIfPresent(after, forKey: .after)
        try c.encode(isText, forKey: .isText)
        try c.encode(style, forKey: .style)
    }

    /// Reads format 2 (snake_case, with `style`) and format 1 (`isText`, no style).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let isText = try c.decodeIfPresent(Bool.self, forKey: .isText) ?? c.decodeIfPresent(Bool.self, forKey: .isTextV1) ?? false
        self.init(field: try c.decode(String.self, forKey: .field), before: try c.decodeIfPresent(String.self, forKey: .before),
                  after: try c.decodeIfPresent(String.self, forKey: .after), isText: isText,
                  style: try c.decodeIfPresent(ValueStyle.self, forKey: .style))
    }
}

/// One field of one catalog item that changes: live value, then desired.
public struct ItemFieldChange: Codable, Sendable, Hashable {
    public var field: String
    public var before: JSONValue
    public var after: JSONValue

    public init(field: String, before: JSONValue, after: JSONValue) {
        self.field = field
        self.before = before
        self.after = after
    }
}

/// One catalog item that is replaced, with the fields that change.
public struct ItemUpdate: Codable, Sendable, Hashable {
    public var id: String
    public var fields: [ItemFieldChange]

    public init(id: String, fields: [ItemFieldChange]) {
        self.id = id
        self.fields = fields
    }
}

/// Item by item, what a `catalog_items` change does: the ids it creates and deletes,
/// and for the items it replaces, the fields that change.
public struct ItemChanges: Codable, Sendable, Hashable {
    public var create: [String]
    public var update: [ItemUpdate]
    public var delete: [String]

    public init(create: [String], update: [ItemUpdate], delete: [String]) {
        self.create = create
        self.update = update
        self.delete = delete
    }
}

/// Item-level counts of a `catalog_items` change.
public struct ItemCounts: Codable, Sendable, Hashable {
    public var create: Int
    public var update: Int
    public var delete: Int
    /// Items in the live catalog before the change.
    public var live: Int

    public var total: Int { create + update + delete }
}

/// Membership counts of a subscription group change.
public struct MemberCounts: Codable, Sendable, Hashable {
    public var subscribe: Int
    public var unsubscribe: Int
}

/// One API call of a plan, with everything it sends. Performing a saved plan
/// performs exactly these.
public struct PlannedCall: Codable, Sendable, Hashable {
    public var method: String
    public var path: String
    public var operation: APIOperation

    public init(_ operation: APIOperation) {
        self.operation = operation
        (method, path) = operation.route
    }
}

/// The write operations brazeform performs. Each carries the client's own draft
/// type as it is (no second payload type): saved plans store the drafts under
/// Braze's field names, and applying one hands the draft straight to the client.
public enum APIOperation: Codable, Sendable, Hashable {
    case createContentBlock(ContentBlockDraft)
    case updateContentBlock(id: String, ContentBlockDraft)
    case createEmailTemplate(EmailTemplateDraft)
    case updateEmailTemplate(id: String, EmailTemplateDraft)
    case createCatalog(CatalogDraft)
    case deleteCatalog(name: String)
    case createCatalogFields(catalog: String, fields: [BrazeCatalogField])
    case deleteCatalogField(catalog: String, field: String)
    case createCatalogItems(catalog: String, items: [BrazeCatalogItem])
    case replaceCatalogItems(catalog: String, items: [BrazeCatalogItem])
    case deleteCatalogItems(catalog: String, ids: [String])
    case createPreferenceCenter(PreferenceCenterDraft)
    case updatePreferenceCenter(id: String, PreferenceCenterDraft)
    case setSubscriptionState(groupID: String, state: SubscriptionState, externalIDs: [String])

    var route: (String, String) {
        switch self {
        case .createContentBlock: ("POST", "/content_blocks/create")
        case .updateContentBlock: ("POST", "/content_blocks/update")
        case .createEmailTemplate: ("POST", "/templates/email/create")
        case .updateEmailTemplate: ("POST", "/templates/email/update")
        case .createCatalog: ("POST", "/catalogs")
        case .deleteCatalog(let name): ("DELETE", "/catalogs/\(name)")
        case .createCatalogFields(let c, _): ("POST", "/catalogs/\(c)/fields")
        case .deleteCatalogField(let c, let f): ("DELETE", "/catalogs/\(c)/fields/\(f)")
        case .createCatalogItems(let c, _): ("POST", "/catalogs/\(c)/items")
        case .replaceCatalogItems(let c, _): ("PUT", "/catalogs/\(c)/items")
        case .deleteCatalogItems(let c, _): ("DELETE", "/catalogs/\(c)/items")
        case .createPreferenceCenter: ("POST", "/preference_center/v1")
        case .updatePreferenceCenter(let id, _): ("PUT", "/preference_center/v1/\(id)")
        case .setSubscriptionState: ("POST", "/subscription/status/set")
        }
    }

    /// The operation's name in saved plans.
    var name: String {
        switch self {
        case .createContentBlock: "content_block.create"
        case .updateContentBlock: "content_block.update"
        case .createEmailTemplate: "email_template.create"
        case .updateEmailTemplate: "email_template.update"
        case .createCatalog: "catalog.create"
        case .deleteCatalog: "catalog.delete"
        case .createCatalogFields: "catalog_fields.create"
        case .deleteCatalogField: "catalog_field.delete"
        case .createCatalogItems: "catalog_items.create"
        case .replaceCatalogItems: "catalog_items.replace"
        case .deleteCatalogItems: "catalog_items.delete"
        case .createPreferenceCenter: "preference_center.create"
        case .updatePreferenceCenter: "preference_center.update"
        case .setSubscriptionState: "subscription_status.set"
        }
    }

    private enum Keys: String, CodingKey {
        case operation, id, catalog, body, items, ids, fields, field, groupID = "subscription_group_id", state = "subscription_state", externalIDs = "external_ids"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(name, forKey: .operation)
        switch self {
        case .createContentBlock(let p): try c.encode(p, forKey: .body)
        case .updateContentBlock(let id, let p): try c.encode(id, forKey: .id); try c.encode(p, forKey: .body)
        case .createEmailTemplate(let p): try c.encode(p, forKey: .body)
        case .updateEmailTemplate(let id, let p): try c.encode(id, forKey: .id); try c.encode(p, forKey: .body)
        case .createCatalog(let p): try c.encode(p, forKey: .body)
        case .deleteCatalog(let name): try c.encode(name, forKey: .catalog)
        case .createCatalogFields(let cat, let fields): try c.encode(cat, forKey: .catalog); try c.encode(fields, forKey: .fields)
        case .deleteCatalogField(let cat, let field): try c.encode(cat, forKey: .catalog); try c.encode(field, forKey: .field)
        case .createCatalogItems(let cat, let items), .replaceCatalogItems(let cat, let items):
            try c.encode(cat, forKey: .catalog); try c.encode(items, forKey: .items)
        case .deleteCatalogItems(let cat, let ids): try c.encode(cat, forKey: .catalog); try c.encode(ids, forKey: .ids)
        case .createPreferenceCenter(let p): try c.encode(p, forKey: .body)
        case .updatePreferenceCenter(let id, let p): try c.encode(id, forKey: .id); try c.encode(p, forKey: .body)
        case .setSubscriptionState(let group, let state, let ids):
            try c.encode(group, forKey: .groupID); try c.encode(state, forKey: .state); try c.encode(ids, forKey: .externalIDs)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let name = try c.decode(String.self, forKey: .operation)
        switch name {
        case "content_block.create": self = .createContentBlock(try c.decode(ContentBlockDraft.self, forKey: .body))
        case "content_block.update": self = .updateContentBlock(id: try c.decode(String.self, forKey: .id), try c.decode(ContentBlockDraft.self, forKey: .body))
        case "email_template.create": self = .createEmailTemplate(try c.decode(EmailTemplateDraft.self, forKey: .body))
        case "email_template.update": self = .updateEmailTemplate(id: try c.decode(String.self, forKey: .id), try c.decode(EmailTemplateDraft.self, forKey: .body))
        case "catalog.create": self = .createCatalog(try c.decode(CatalogDraft.self, forKey: .body))
        case "catalog.delete": self = .deleteCatalog(name: try c.decode(String.self, forKey: .catalog))
        case "catalog_fields.create": self = .createCatalogFields(catalog: try c.decode(String.self, forKey: .catalog), fields: try c.decode([BrazeCatalogField].self, forKey: .fields))
        case "catalog_field.delete": self = .deleteCatalogField(catalog: try c.decode(String.self, forKey: .catalog), field: try c.decode(String.self, forKey: .field))
        case "catalog_items.create": self = .createCatalogItems(catalog: try c.decode(String.self, forKey: .catalog), items: try c.decode([BrazeCatalogItem].self, forKey: .items))
        case "catalog_items.replace": self = .replaceCatalogItems(catalog: try c.decode(String.self, forKey: .catalog), items: try c.decode([BrazeCatalogItem].self, forKey: .items))
        case "catalog_items.delete": self = .deleteCatalogItems(catalog: try c.decode(String.self, forKey: .catalog), ids: try c.decode([String].self, forKey: .ids))
        case "preference_center.create": self = .createPreferenceCenter(try c.decode(PreferenceCenterDraft.self, forKey: .body))
        case "preference_center.update": self = .updatePreferenceCenter(id: try c.decode(String.self, forKey: .id), try c.decode(PreferenceCenterDraft.self, forKey: .body))
        case "subscription_status.set":
            self = .setSubscriptionState(groupID: try c.decode(String.self, forKey: .groupID), state: try c.decode(SubscriptionState.self, forKey: .state),
                                         externalIDs: try c.decode([String].self, forKey: .externalIDs))
        default:
            throw DecodingError.dataCorruptedError(forKey: .operation, in: c, debugDescription: "unknown operation '\(name)'")
        }
    }

    /// Writes whose effect cannot be undone through the API.
    var isDestructive: Bool {
        switch self {
        case .deleteCatalog, .deleteCatalogItems, .deleteCatalogField: true
        default: false
        }
    }
}

/// One change to one resource: what, why (field diffs), and the calls that make it.
public struct Change: Codable, Sendable, Hashable {
    public var action: Action
    public var kind: ChangeKind
    public var name: String
    public var fieldChanges: [FieldChange]
    public var items: ItemCounts?
    /// The items by id (nil for other kinds, and in plans saved by format 1).
    public var itemChanges: ItemChanges?
    public var members: MemberCounts?
    public var calls: [PlannedCall]
    /// Ids (`kind.name`) of the changes that must land before this one.
    public var dependsOn: [String]
    /// Plain-language remarks: why a replace, what Braze will not tell us, noise that was ignored.
    public var notes: [String]
    /// A digest of the live state this change was computed from (nil: absent live).
    public var liveDigest: String?

    public init(action: Action, kind: ChangeKind, name: String, fieldChanges: [FieldChange], items: ItemCounts?,
                itemChanges: ItemChanges? = nil, members: MemberCounts?, calls: [PlannedCall], dependsOn: [String],
                notes: [String], liveDigest: String?) {
        self.action = action
        self.kind = kind
        self.name = name
        self.fieldChanges = fieldChanges
        self.items = items
        self.itemChanges = itemChanges
        self.members = members
        self.calls = calls
        self.dependsOn = dependsOn
        self.notes = notes
        self.liveDigest = liveDigest
    }

    public var id: String { "\(kind.rawValue).\(name)" }

    /// Catalog deletes and replaces, field removals (and type changes), and item deletes.
    public var isDestructive: Bool {
        action == .delete || action == .replace || calls.contains { $0.operation.isDestructive }
    }

    /// snake_case keys (format 2); format 1's camelCase ones are still read.
    private enum Keys: String, CodingKey {
        case action, kind, name, fieldChanges = "field_changes", items, itemChanges = "item_changes", members, calls,
             dependsOn = "depends_on", notes, liveDigest = "live_digest"
        case fieldChangesV1 = "fieldChanges", dependsOnV1 = "dependsOn", liveDigestV1 = "liveDigest"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(action, forKey: .action)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(fieldChanges, forKey: .fieldChanges)
        try c.encodeIfPresent(items, forKey: .items)
        try c.encodeIfPresent(itemChanges, forKey: .itemChanges)
        try c.encodeIfPresent(members, forKey: .members)
        try c.encode(calls, forKey: .calls)
        try c.encode(dependsOn, forKey: .dependsOn)
        try c.encode(notes, forKey: .notes)
        try c.encodeIfPresent(liveDigest, forKey: .liveDigest)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        action = try c.decode(Action.self, forKey: .action)
        kind = try c.decode(ChangeKind.self, forKey: .kind)
        name = try c.decode(String.self, forKey: .name)
        fieldChanges = try c.decodeIfPresent([FieldChange].self, forKey: .fieldChanges) ?? c.decode([FieldChange].self, forKey: .fieldChangesV1)
        items = try c.decodeIfPresent(ItemCounts.self, forKey: .items)
        itemChanges = try c.decodeIfPresent(ItemChanges.self, forKey: .itemChanges)
        members = try c.decodeIfPresent(MemberCounts.self, forKey: .members)
        calls = try c.decode([PlannedCall].self, forKey: .calls)
        dependsOn = try c.decodeIfPresent([String].self, forKey: .dependsOn) ?? c.decode([String].self, forKey: .dependsOnV1)
        notes = try c.decode([String].self, forKey: .notes)
        liveDigest = try c.decodeIfPresent(String.self, forKey: .liveDigest) ?? c.decodeIfPresent(String.self, forKey: .liveDigestV1)
    }
}

/// A live resource no manifest declares.
public struct UnmanagedResource: Codable, Sendable, Hashable {
    public var kind: ChangeKind
    public var name: String
}

public struct PlanSummary: Codable, Sendable, Hashable {
    public var create = 0
    public var update = 0
    public var delete = 0
    public var replace = 0
    /// Catalog items, counted one by one across every `catalog_items` change (nil when none change).
    public var items: ItemTotals?
}

/// The items a plan creates, updates and deletes, over all catalogs.
public struct ItemTotals: Codable, Sendable, Hashable {
    public var create = 0
    public var update = 0
    public var delete = 0
}

/// The ordered changes that make a workspace match the manifests.
public struct Plan: Codable, Sendable {
    /// 2: snake_case keys throughout, item-level detail, value styles. 1 is still read.
    public static let formatVersion = 2
    public static let readableVersions = 1...2

    public var formatVersion: Int = Plan.formatVersion
    public var workspace: String
    /// The REST endpoint, or `sandbox:<path>` for the embedded sandbox.
    public var endpoint: String
    public var createdAt: String
    /// In the order they will be performed.
    public var changes: [Change]
    public var unmanaged: [UnmanagedResource]
    /// Warnings worth a reviewer's eye (large item deletes, noise ignored, ...).
    public var warnings: [String]
    /// The environment variable holding the API key the plan was made with (nil for the
    /// sandbox); `apply PLANFILE` refuses another (exit 7). Saved as `api_key_env`.
    public var apiKeyEnv: String?
    /// `PlanDigest.of(self)`, set when saved (`calls_digest`); checked by `apply PLANFILE`.
    public var callsDigest: String?
    /// How the catalog items were read (pages, or the item snapshot); said by the text footer, not saved.
    public var reading: PlanReading? = nil

    public var summary: PlanSummary {
        var s = PlanSummary()
        for change in changes {
            switch change.action {
            case .create: s.create += 1
            case .update: s.update += 1
            case .delete: s.delete += 1
            case .replace: s.replace += 1
            }
            if let items = change.items {
                var totals = s.items ?? ItemTotals()
                totals.create += items.create
                totals.update += items.update
                totals.delete += items.delete
                s.items = totals
            }
        }
        return s
    }

    public var isEmpty: Bool { changes.isEmpty }
    public var callCount: Int { changes.reduce(0) { $0 + $1.calls.count } }
    public var destructiveChanges: [Change] { changes.filter(\.isDestructive) }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", workspace, endpoint, createdAt = "created_at", changes, unmanaged, warnings
        case apiKeyEnv = "api_key_env", callsDigest = "calls_digest"
    }
}
