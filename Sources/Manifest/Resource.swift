import YAML

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

    public var kind: ResourceKind { type(of: body.value).kind }

    public var name: String { body.value.name }

    public var address: ResourceAddress { ResourceAddress(kind, name) }

    /// Every text of the resource that Braze renders or stores, with its field name.
    public var texts: [(field: String, text: SourcedText)] { body.value.texts }

    /// Applies `transform` to every text of the resource (used by interpolation).
    public mutating func mapTexts(_ transform: (String, SourcedText) -> SourcedText) {
        var value = body.value
        value.mapTexts(transform)
        body = value.resourceBody
    }

    /// Braze's rules for this resource that do not depend on the workspace.
    func check(diagnostics: inout Diagnostics) {
        body.value.check(declaredAt: location, fieldLocations: fieldLocations, diagnostics: &diagnostics)
    }

    /// Braze's rules for this resource after interpolation for `workspace`.
    func checkInterpolated(workspace: String, diagnostics: inout Diagnostics) {
        body.value.checkInterpolated(workspace: workspace, diagnostics: &diagnostics)
    }
}

// MARK: The closed set of kinds: the one place each kind is matched to its type.

extension ResourceKind {
    /// The type that models this kind: its fields, decoding, checks and texts.
    var type: any ManifestKind.Type {
        switch self {
        case .contentBlock: ContentBlock.self
        case .emailTemplate: EmailTemplate.self
        case .catalog: Catalog.self
        case .preferenceCenter: PreferenceCenter.self
        case .subscriptionGroup: SubscriptionGroup.self
        }
    }
}

extension Resource.Body {
    /// The body's value, as its kind's type.
    var value: any ManifestKind {
        switch self {
        case .contentBlock(let r): r
        case .emailTemplate(let r): r
        case .catalog(let r): r
        case .preferenceCenter(let r): r
        case .subscriptionGroup(let r): r
        }
    }
}
