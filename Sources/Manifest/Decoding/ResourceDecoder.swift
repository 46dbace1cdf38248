import Foundation
import YAMLReader

/// Decodes one manifest document into a typed resource, from its nodes, with
/// `{file:}` values read. Interpolation happens later, per workspace.
struct ResourceDecoder {
    let includer: FileIncluder
    let manifestFile: String

    func decode(_ root: Node, diagnostics: inout Diagnostics) -> Resource? {
        guard let kindNode = root["kind"], let kindText = kindNode.text else { return nil }
        guard let kind = ResourceKind(rawValue: kindText) else {
            let kinds = ResourceKind.allCases.map(\.rawValue)
            diagnostics.error("unknown kind '\(kindText)'\(Suggestions.didYouMean(kindText, in: kinds)); kinds are \(kinds.joined(separator: ", "))", at: kindNode.location)
            return nil
        }
        let nameText = root["name"]?.text
        let context = nameText.map { "\(kind.displayName) '\($0)'" } ?? kind.displayName
        guard let d = MappingDecoder(root, specs: FieldTables.fields(of: kind), context: context, diagnostics: &diagnostics) else { return nil }
        guard let (name, nameLocation) = d.string("name", diagnostics: &diagnostics) else { return nil }

        let body: Resource.Body?
        switch kind {
        case .contentBlock:
            body = contentBlock(d, name: name, diagnostics: &diagnostics)
        case .emailTemplate:
            body = emailTemplate(d, name: name, diagnostics: &diagnostics)
        case .catalog:
            body = catalog(d, name: name, diagnostics: &diagnostics)
        case .preferenceCenter:
            body = preferenceCenter(d, name: name, diagnostics: &diagnostics)
        case .subscriptionGroup:
            body = subscriptionGroup(d, name: name, diagnostics: &diagnostics)
        }
        guard let body else { return nil }
        var locations = d.fieldLocations
        locations["name"] = nameLocation
        return Resource(body: body, location: kindNode.location, fieldLocations: locations)
    }

    /// A string or `{file: PATH}` value.
    private func text(_ d: MappingDecoder, _ key: String, diagnostics: inout Diagnostics) -> SourcedText? {
        guard let node = d.value(key) else { return nil }
        if FileIncluder.isInclude(node) {
            return includer.text(node, manifestFile: manifestFile, field: key, diagnostics: &diagnostics)
        }
        if node.mapping != nil {
            diagnostics.error("'\(key)' in \(d.context) must be a string or {file: PATH}, not a mapping", at: node.location)
            return nil
        }
        guard let (s, location) = MappingDecoder.string(node, field: key, context: d.context, diagnostics: &diagnostics) else { return nil }
        return SourcedText(s, origin: .inline(location))
    }

    private func contentBlock(_ d: MappingDecoder, name: String, diagnostics: inout Diagnostics) -> Resource.Body? {
        let content = text(d, "content", diagnostics: &diagnostics)
        let description = text(d, "description", diagnostics: &diagnostics)
        let state = d.oneOf("state", PublicationState.self, diagnostics: &diagnostics) ?? .active
        let tags = d.stringList("tags", diagnostics: &diagnostics)
        guard let content else { return nil }
        return .contentBlock(ContentBlock(name: name, description: description, content: content, state: state, tags: tags))
    }

    private func emailTemplate(_ d: MappingDecoder, name: String, diagnostics: inout Diagnostics) -> Resource.Body? {
        let subject = text(d, "subject", diagnostics: &diagnostics)
        let body = text(d, "body", diagnostics: &diagnostics)
        let template = EmailTemplate(
            name: name,
            subject: subject ?? SourcedText("", origin: .inline(d.node.location)),
            preheader: text(d, "preheader", diagnostics: &diagnostics),
            body: body ?? SourcedText("", origin: .inline(d.node.location)),
            plaintextBody: text(d, "plaintext_body", diagnostics: &diagnostics),
            shouldInlineCSS: d.bool("should_inline_css", diagnostics: &diagnostics),
            tags: d.stringList("tags", diagnostics: &diagnostics))
        guard subject != nil, body != nil else { return nil }
        return .emailTemplate(template)
    }

    private func catalog(_ d: MappingDecoder, name: String, diagnostics: inout Diagnostics) -> Resource.Body? {
        let description = text(d, "description", diagnostics: &diagnostics)
        var fields: [CatalogField] = []
        var fieldsComplete = true  // a field that could not be read was reported; later checks would only add noise
        if let node = d.value("fields") {
            if let list = node.sequence {
                for item in list {
                    guard let fd = MappingDecoder(item, specs: FieldTables.catalogField, context: "a field of catalog '\(name)'", diagnostics: &diagnostics),
                          let (fieldName, loc) = fd.string("name", diagnostics: &diagnostics),
                          let type = fd.oneOf("type", CatalogFieldType.self, diagnostics: &diagnostics) else {
                        fieldsComplete = false
                        continue
                    }
                    fields.append(CatalogField(name: fieldName, type: type, location: loc))
                }
            } else {
                diagnostics.error("'fields' of catalog '\(name)' must be a list of {name, type}", at: node.location)
                fieldsComplete = false
            }
        }
        guard fieldsComplete else { return nil }
        var items: [CatalogItem]?
        var itemsSource: String?
        if let node = d.value("items"), node.scalar?.isNull != true {
            let reader = CatalogItemReader(fields: fields)
            if FileIncluder.isInclude(node) {
                if let path = includer.resolve(node, manifestFile: manifestFile, field: "items", diagnostics: &diagnostics) {
                    let shown = includer.displayPath(path)
                    let result = reader.read(fileAt: path, displayPath: shown)
                    diagnostics.append(contentsOf: result.diagnostics)
                    items = result.items
                    itemsSource = shown
                }
            } else if node.sequence != nil {
                let result = reader.read(inline: node)
                diagnostics.append(contentsOf: result.diagnostics)
                items = result.items
                itemsSource = node.location.file
            } else {
                diagnostics.error("'items' of catalog '\(name)' must be a list of items or {file: PATH} (.csv, .json, .jsonl, .yaml)", at: node.location)
            }
        }
        guard let description else { return nil }
        return .catalog(Catalog(name: name, description: description, fields: fields, items: items, itemsSource: itemsSource))
    }

    private func preferenceCenter(_ d: MappingDecoder, name: String, diagnostics: inout Diagnostics) -> Resource.Body? {
        let page = text(d, "page_html", diagnostics: &diagnostics)
        let confirmation = text(d, "confirmation_page_html", diagnostics: &diagnostics)
        var options: [String: SourcedText]?
        if let node = d.value("options"), node.scalar?.isNull != true,
           let od = MappingDecoder(node, specs: FieldTables.preferenceCenterOptions, context: "options of preference center '\(name)'", diagnostics: &diagnostics) {
            options = [:]
            for spec in FieldTables.preferenceCenterOptions {
                if let value = text(od, spec.name, diagnostics: &diagnostics) { options?[spec.name] = value }
            }
        }
        let center = PreferenceCenter(
            name: name,
            title: text(d, "title", diagnostics: &diagnostics),
            pageHTML: page ?? SourcedText("", origin: .inline(d.node.location)),
            confirmationPageHTML: confirmation ?? SourcedText("", origin: .inline(d.node.location)),
            state: d.oneOf("state", PublicationState.self, diagnostics: &diagnostics),
            options: options)
        guard page != nil, confirmation != nil else { return nil }
        return .preferenceCenter(center)
    }

    private func subscriptionGroup(_ d: MappingDecoder, name: String, diagnostics: inout Diagnostics) -> Resource.Body? {
        let id = d.string("id", diagnostics: &diagnostics)
        let channel = d.oneOf("channel", SubscriptionChannel.self, diagnostics: &diagnostics)
        var members: SubscriptionGroup.Members?
        if let node = d.value("members"), node.scalar?.isNull != true,
           let md = MappingDecoder(node, specs: FieldTables.subscriptionMembers, context: "members of subscription group '\(name)'", diagnostics: &diagnostics) {
            members = SubscriptionGroup.Members(
                subscribed: md.stringList("subscribed", diagnostics: &diagnostics) ?? [],
                unsubscribed: md.stringList("unsubscribed", diagnostics: &diagnostics) ?? [])
        }
        guard let (idText, idLocation) = id, let channel else { return nil }
        return .subscriptionGroup(SubscriptionGroup(name: name, id: SourcedText(idText, origin: .inline(idLocation)), channel: channel, members: members))
    }
}
