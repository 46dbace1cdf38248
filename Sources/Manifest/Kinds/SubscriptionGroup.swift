import Foundation
import YAML

public enum SubscriptionChannel: String, Sendable, Hashable, CaseIterable {
    case email, sms, whatsapp
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

extension SubscriptionGroup: ManifestKind {
    static let kind = ResourceKind.subscriptionGroup
    var resourceBody: Resource.Body { .subscriptionGroup(self) }

    static let memberSpecs: [FieldSpec] = [
        FieldSpec("subscribed", .list(.string), "external_ids that must be subscribed."),
        FieldSpec("unsubscribed", .list(.string), "external_ids that must be unsubscribed."),
    ]

    static let fieldSpecs: [FieldSpec] = [
        FieldSpec.kindField,
        FieldSpec("name", .string, required: true, "A local key, used by ((subscription_group.NAME.id)).", pattern: FieldSpec.namePattern),
        FieldSpec("id", .string, required: true, "The group's id in the selected workspace (usually ((var.NAME))); groups are created in the Braze dashboard."),
        FieldSpec("channel", .oneOf(SubscriptionChannel.allCases.map(\.rawValue)), required: true, "email, sms or whatsapp."),
        FieldSpec("members", .object(memberSpecs), "When present, these users' states are enforced."),
    ]

    static func decode(_ d: MappingDecoder, name: String, reader: ResourceDecoder, diagnostics: inout Diagnostics) -> SubscriptionGroup? {
        let id = d.string("id", diagnostics: &diagnostics)
        let channel = d.oneOf("channel", SubscriptionChannel.self, diagnostics: &diagnostics)
        var members: Members?
        if let node = d.value("members"), node.scalar?.isNull != true,
           let md = MappingDecoder(node, specs: memberSpecs, context: "members of subscription group '\(name)'", diagnostics: &diagnostics) {
            members = Members(
                subscribed: md.stringList("subscribed", diagnostics: &diagnostics) ?? [],
                unsubscribed: md.stringList("unsubscribed", diagnostics: &diagnostics) ?? [])
        }
        guard let (idText, idLocation) = id, let channel else {
            // The group is not built, so `check` will not run: report its other problems now.
            let at = d.value("members")?.location ?? d.value("name")?.location ?? SourceLocation(file: reader.manifestFile, line: 1, column: 1)
            ResourceRules.checkName(name, of: "subscription group", maxLength: nil, at: d.value("name")?.location ?? at, diagnostics: &diagnostics)
            Self.checkMembers(members, name: name, at: at, diagnostics: &diagnostics)
            return nil
        }
        return SubscriptionGroup(name: name, id: SourcedText(idText, origin: .inline(idLocation)), channel: channel, members: members)
    }

    func check(declaredAt location: SourceLocation, fieldLocations loc: [String: SourceLocation], diagnostics: inout Diagnostics) {
        ResourceRules.checkName(name, of: "subscription group", maxLength: nil, at: loc["name"] ?? location, diagnostics: &diagnostics)
        checkMembers(at: loc["members"] ?? location, diagnostics: &diagnostics)
    }

    private func checkMembers(at location: SourceLocation, diagnostics: inout Diagnostics) {
        Self.checkMembers(members, name: name, at: location, diagnostics: &diagnostics)
    }

    private static func checkMembers(_ members: Members?, name: String, at location: SourceLocation, diagnostics: inout Diagnostics) {
        guard let members else { return }
        let subscribed = Set(members.subscribed)
        for id in members.unsubscribed where subscribed.contains(id) {
            diagnostics.error("user '\(id)' is listed both subscribed and unsubscribed in subscription group '\(name)'", at: location)
        }
        for id in members.subscribed + members.unsubscribed where id.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.error("subscription group '\(name)' lists a blank external_id", at: location)
        }
        var seen = Set<String>()
        for id in members.subscribed + members.unsubscribed where !seen.insert(id).inserted && !(subscribed.contains(id) && members.unsubscribed.contains(id)) {
            diagnostics.warning("user '\(id)' is listed twice in subscription group '\(name)'", at: location)
        }
    }

    func checkInterpolated(workspace: String, diagnostics: inout Diagnostics) {
        let id = self.id.text
        if id.isEmpty {
            diagnostics.error("id of subscription group '\(name)' is empty for workspace '\(workspace)'", at: self.id.location)
        } else if UUID(uuidString: id) == nil {
            diagnostics.warning("id of subscription group '\(name)' is '\(id)' for workspace '\(workspace)', which is not a UUID like Braze's group ids; copy it from the dashboard's Subscription Groups page", at: self.id.location)
        }
    }

    var texts: [(field: String, text: SourcedText)] {
        [("id", id)]
    }

    mutating func mapTexts(_ transform: (String, SourcedText) -> SourcedText) {
        id = transform("id", id)
    }
}
