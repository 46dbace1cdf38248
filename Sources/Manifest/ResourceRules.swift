import BrazeCore
import Foundation
import YAMLReader

/// Braze's rules for each kind, checked offline. Each check reports where the
/// value was written and how to fix it.
enum ResourceRules {
    /// Checks that do not depend on the workspace.
    static func check(_ resource: Resource, diagnostics: inout Diagnostics) {
        let loc = resource.fieldLocations
        let nameLocation = loc["name"] ?? resource.location
        switch resource.body {
        case .contentBlock(let block):
            checkName(block.name, of: "content block", maxLength: BrazeLimits.contentBlockNameMaxLength, at: nameLocation, diagnostics: &diagnostics)
            if let d = block.description { checkDescription(d, of: "content block '\(block.name)'", diagnostics: &diagnostics) }
            checkTags(block.tags, at: loc["tags"], diagnostics: &diagnostics)
        case .emailTemplate(let template):
            if template.name.trimmingCharacters(in: .whitespaces).isEmpty {
                diagnostics.error("email template name cannot be blank", at: nameLocation)
            }
            checkTags(template.tags, at: loc["tags"], diagnostics: &diagnostics)
        case .catalog(let catalog):
            checkName(catalog.name, of: "catalog", maxLength: BrazeLimits.catalogNameMaxLength, at: nameLocation, diagnostics: &diagnostics)
            checkDescription(catalog.description, of: "catalog '\(catalog.name)'", diagnostics: &diagnostics)
            checkFields(catalog, at: loc["fields"] ?? resource.location, diagnostics: &diagnostics)
        case .preferenceCenter(let center):
            checkName(center.name, of: "preference center", maxLength: nil, at: nameLocation, diagnostics: &diagnostics)
        case .subscriptionGroup(let group):
            checkName(group.name, of: "subscription group", maxLength: nil, at: nameLocation, diagnostics: &diagnostics)
            checkMembers(group, at: loc["members"] ?? resource.location, diagnostics: &diagnostics)
        }
    }

    /// Checks of values after interpolation for `workspace`.
    static func checkInterpolated(_ resource: Resource, workspace: String, diagnostics: inout Diagnostics) {
        switch resource.body {
        case .contentBlock(let block):
            let bytes = block.content.text.utf8.count
            if bytes >= BrazeLimits.contentMaxBytes {
                diagnostics.error("content of content block '\(block.name)' is \(bytes.formatted()) bytes after interpolation for workspace '\(workspace)'; Braze accepts under \(BrazeLimits.contentMaxBytes.formatted()) bytes (50 KB): split it into smaller blocks", at: block.content.location)
            }
            if block.content.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                diagnostics.error("content of content block '\(block.name)' is blank; Braze refuses blank content", at: block.content.location)
            }
        case .emailTemplate(let template):
            if template.subject.text.isEmpty { diagnostics.error("subject of email template '\(template.name)' is empty", at: template.subject.location) }
            if template.body.text.isEmpty { diagnostics.error("body of email template '\(template.name)' is empty", at: template.body.location) }
        case .preferenceCenter(let center):
            if center.pageHTML.text.isEmpty { diagnostics.error("page_html of preference center '\(center.name)' is empty", at: center.pageHTML.location) }
            if center.confirmationPageHTML.text.isEmpty { diagnostics.error("confirmation_page_html of preference center '\(center.name)' is empty", at: center.confirmationPageHTML.location) }
        case .subscriptionGroup(let group):
            let id = group.id.text
            if id.isEmpty {
                diagnostics.error("id of subscription group '\(group.name)' is empty for workspace '\(workspace)'", at: group.id.location)
            } else if UUID(uuidString: id) == nil {
                diagnostics.warning("id of subscription group '\(group.name)' is '\(id)' for workspace '\(workspace)', which is not a UUID like Braze's group ids; copy it from the dashboard's Subscription Groups page", at: group.id.location)
            }
        case .catalog:
            break
        }
    }

    static func checkName(_ name: String, of kind: String, maxLength: Int?, at location: SourceLocation, diagnostics: inout Diagnostics) {
        if name.isEmpty {
            diagnostics.error("\(kind) name cannot be blank", at: location)
            return
        }
        if !NameRules.isValidName(name) {
            diagnostics.error("\(kind) name '\(name)' may use only letters, digits, - and _ (found \(NameRules.invalidCharacters(in: name)))", at: location)
        }
        if let maxLength, name.count > maxLength {
            diagnostics.error("\(kind) name '\(name.prefix(20))…' is \(name.count) characters; Braze allows at most \(maxLength)", at: location)
        }
    }

    static func checkDescription(_ text: SourcedText, of owner: String, diagnostics: inout Diagnostics) {
        if text.text.count > BrazeLimits.descriptionMaxLength {
            diagnostics.error("description of \(owner) is \(text.text.count) characters; Braze allows at most \(BrazeLimits.descriptionMaxLength)", at: text.location)
        }
    }

    static func checkTags(_ tags: [String]?, at location: SourceLocation?, diagnostics: inout Diagnostics) {
        guard let tags else { return }
        if tags.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            diagnostics.error("tags cannot be blank", at: location)
        }
        var seen = Set<String>()
        for tag in tags where !seen.insert(tag).inserted {
            diagnostics.warning("tag '\(tag)' is listed twice", at: location)
        }
    }

    static func checkFields(_ catalog: Catalog, at location: SourceLocation, diagnostics: inout Diagnostics) {
        let fields = catalog.fields
        guard let first = fields.first else {
            diagnostics.error("catalog '\(catalog.name)' declares no fields; the first field must be {name: id, type: string}", at: location)
            return
        }
        if first.name != "id" {
            let hint = fields.contains(where: { $0.name == "id" }) ? "move `id` to the top of the list" : "add {name: id, type: string} as the first field"
            diagnostics.error("the first field of catalog '\(catalog.name)' must be `id`, not '\(first.name)': \(hint)", at: first.location ?? location)
        } else if first.type != .string {
            diagnostics.error("field `id` of catalog '\(catalog.name)' must be of type string, not \(first.type.rawValue)", at: first.location ?? location)
        }
        var seen: [String: SourceLocation?] = [:]
        for field in fields {
            if let previous = seen[field.name] {
                let where_ = previous.map { " (first at \($0))" } ?? ""
                diagnostics.error("field '\(field.name)' of catalog '\(catalog.name)' is declared twice\(where_); field names must be unique", at: field.location ?? location)
            } else {
                seen[field.name] = field.location
            }
            if field.name != "id" {
                checkName(field.name, of: "field", maxLength: BrazeLimits.catalogFieldNameMaxLength, at: field.location ?? location, diagnostics: &diagnostics)
            }
        }
        if fields.count > BrazeLimits.catalogFieldsMaximum {
            diagnostics.error("catalog '\(catalog.name)' has \(fields.count) fields; Braze allows at most \(BrazeLimits.catalogFieldsMaximum)", at: location)
        } else if fields.count > BrazeLimits.catalogFieldsSeedMaximum {
            diagnostics.warning("catalog '\(catalog.name)' has \(fields.count) fields; current Braze allows \(BrazeLimits.catalogFieldsMaximum) but older documentation (and the sandbox) say \(BrazeLimits.catalogFieldsSeedMaximum)", at: location)
        }
    }

    static func checkMembers(_ group: SubscriptionGroup, at location: SourceLocation, diagnostics: inout Diagnostics) {
        guard let members = group.members else { return }
        let subscribed = Set(members.subscribed)
        for id in members.unsubscribed where subscribed.contains(id) {
            diagnostics.error("user '\(id)' is listed both subscribed and unsubscribed in subscription group '\(group.name)'", at: location)
        }
        for id in members.subscribed + members.unsubscribed where id.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.error("subscription group '\(group.name)' lists a blank external_id", at: location)
        }
        var seen = Set<String>()
        for id in members.subscribed + members.unsubscribed where !seen.insert(id).inserted && !(subscribed.contains(id) && members.unsubscribed.contains(id)) {
            diagnostics.warning("user '\(id)' is listed twice in subscription group '\(group.name)'", at: location)
        }
    }
}
