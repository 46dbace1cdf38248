import YAMLReader

/// The kinds of Braze resource a manifest can declare.
public enum ResourceKind: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case contentBlock = "content_block"
    case emailTemplate = "email_template"
    case catalog
    case preferenceCenter = "preference_center"
    case subscriptionGroup = "subscription_group"

    /// Dependency order when nothing else decides: what is usually referenced comes first.
    var rank: Int {
        switch self {
        case .subscriptionGroup: 0
        case .catalog: 1
        case .contentBlock: 2
        case .emailTemplate: 3
        case .preferenceCenter: 4
        }
    }

    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool { lhs.rank < rhs.rank }

    /// Words for messages: "content block".
    public var displayName: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}

/// A resource's identity: its kind and its name (the key brazeform manages it by).
public struct ResourceAddress: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var kind: ResourceKind
    public var name: String

    public init(_ kind: ResourceKind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public var description: String { "\(kind.rawValue).\(name)" }

    public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
        (lhs.kind, lhs.name) < (rhs.kind, rhs.name)
    }
}

public enum PublicationState: String, Sendable, Hashable, CaseIterable {
    case active, draft
}

public enum SubscriptionChannel: String, Sendable, Hashable, CaseIterable {
    case email, sms, whatsapp
}

public struct ContentBlock: Sendable, Hashable {
    public var name: String
    public var description: SourcedText?
    public var content: SourcedText
    public var state: PublicationState
    /// nil: tags are not managed; []: the block has no tags.
    public var tags: [String]?
}

public struct EmailTemplate: Sendable, Hashable {
    public var name: String
    public var subject: SourcedText
    public var preheader: SourcedText?
    public var body: SourcedText
    public var plaintextBody: SourcedText?
    public var shouldInlineCSS: Bool?
    public var tags: [String]?
}

public struct Catalog: Sendable, Hashable {
    public var name: String
    public var description: SourcedText
    public var fields: [CatalogField]
    /// nil: items are not managed. Otherwise the complete set of items, keyed by id.
    public var items: [CatalogItem]?
    /// Where the items came from (the file shown to users), for messages.
    public var itemsSource: String?
}

public struct PreferenceCenter: Sendable, Hashable {
    public var name: String
    public var title: SourcedText?
    public var pageHTML: SourcedText
    public var confirmationPageHTML: SourcedText
    public var state: PublicationState?
    public var options: [String: SourcedText]?
}

public struct SubscriptionGroup: Sendable, Hashable {
    public struct Members: Sendable, Hashable {
        public var subscribed: [String]
        public var unsubscribed: [String]
    }

    public var name: String
    public var id: SourcedText
    public var channel: SubscriptionChannel
    /// nil: memberships are not managed.
    public var members: Members?
}

/// A declared resource: one of the five kinds, with where it was declared.
public struct Resource: Sendable, Hashable {
    public enum Body: Sendable, Hashable {
        case contentBlock(ContentBlock)
        case emailTemplate(EmailTemplate)
        case catalog(Catalog)
        case preferenceCenter(PreferenceCenter)
        case subscriptionGroup(SubscriptionGroup)
    }

    public var body: Body
    /// The document's `kind:` line.
    public var location: SourceLocation
    /// Where each field was written, by field name.
    public var fieldLocations: [String: SourceLocation]

    public var kind: ResourceKind {
        switch body {
        case .contentBlock: .contentBlock
        case .emailTemplate: .emailTemplate
        case .catalog: .catalog
        case .preferenceCenter: .preferenceCenter
        case .subscriptionGroup: .subscriptionGroup
        }
    }

    public var name: String {
        switch body {
        case .contentBlock(let r): r.name
        case .emailTemplate(let r): r.name
        case .catalog(let r): r.name
        case .preferenceCenter(let r): r.name
        case .subscriptionGroup(let r): r.name
        }
    }

    public var address: ResourceAddress { ResourceAddress(kind, name) }

    /// Every text of the resource that Braze renders or stores, with its field name.
    public var texts: [(field: String, text: SourcedText)] {
        switch body {
        case .contentBlock(let r):
            return [("content", r.content)] + (r.description.map { [("description", $0)] } ?? [])
        case .emailTemplate(let r):
            var t: [(String, SourcedText)] = [("subject", r.subject), ("body", r.body)]
            if let p = r.preheader { t.append(("preheader", p)) }
            if let p = r.plaintextBody { t.append(("plaintext_body", p)) }
            return t
        case .catalog(let r):
            return [("description", r.description)]
        case .preferenceCenter(let r):
            var t: [(String, SourcedText)] = [("page_html", r.pageHTML), ("confirmation_page_html", r.confirmationPageHTML)]
            if let title = r.title { t.append(("title", title)) }
            for (key, value) in (r.options ?? [:]).sorted(by: { $0.key < $1.key }) { t.append(("options.\(key)", value)) }
            return t
        case .subscriptionGroup(let r):
            return [("id", r.id)]
        }
    }

    /// Applies `transform` to every text of the resource (used by interpolation).
    public mutating func mapTexts(_ transform: (String, SourcedText) -> SourcedText) {
        switch body {
        case .contentBlock(var r):
            r.content = transform("content", r.content)
            r.description = r.description.map { transform("description", $0) }
            body = .contentBlock(r)
        case .emailTemplate(var r):
            r.subject = transform("subject", r.subject)
            r.body = transform("body", r.body)
            r.preheader = r.preheader.map { transform("preheader", $0) }
            r.plaintextBody = r.plaintextBody.map { transform("plaintext_body", $0) }
            body = .emailTemplate(r)
        case .catalog(var r):
            r.description = transform("description", r.description)
            body = .catalog(r)
        case .preferenceCenter(var r):
            r.pageHTML = transform("page_html", r.pageHTML)
            r.confirmationPageHTML = transform("confirmation_page_html", r.confirmationPageHTML)
            r.title = r.title.map { transform("title", $0) }
            r.options = r.options.map { $0.reduce(into: [:]) { $0[$1.key] = transform("options.\($1.key)", $1.value) } }
            body = .preferenceCenter(r)
        case .subscriptionGroup(var r):
            r.id = transform("id", r.id)
            body = .subscriptionGroup(r)
        }
    }
}
