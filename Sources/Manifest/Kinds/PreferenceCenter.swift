import YAML

public struct PreferenceCenter: Sendable, Hashable {
    public var name: String
    public var title: SourcedText?
    public var pageHTML: SourcedText
    public var confirmationPageHTML: SourcedText
    public var state: PublicationState?
    public var options: [String: SourcedText]?
}

extension PreferenceCenter: ManifestKind {
    static let kind = ResourceKind.preferenceCenter
    var resourceBody: Resource.Body { .preferenceCenter(self) }

    static let optionSpecs: [FieldSpec] = [
        FieldSpec("meta-viewport-content", .text, "When present, a viewport meta tag with this content is added to the page."),
    ]

    static let fieldSpecs: [FieldSpec] = [
        FieldSpec.kindField,
        FieldSpec("name", .string, required: true, "The preference center's name and key: letters, digits, - and _; it cannot be renamed once created.", pattern: FieldSpec.namePattern),
        FieldSpec("title", .text, "The title of the preference and confirmation pages (preference_center_title)."),
        FieldSpec("page_html", .text, required: true, "The preference page's HTML (preference_center_page_html)."),
        FieldSpec("confirmation_page_html", .text, required: true, "The confirmation page's HTML."),
        FieldSpec("state", .oneOf(PublicationState.allCases.map(\.rawValue)), "active or draft."),
        FieldSpec("options", .object(optionSpecs), "Page options."),
    ]

    static func decode(_ d: MappingDecoder, name: String, reader: ResourceDecoder, diagnostics: inout Diagnostics) -> PreferenceCenter? {
        let page = reader.text(d, "page_html", diagnostics: &diagnostics)
        let confirmation = reader.text(d, "confirmation_page_html", diagnostics: &diagnostics)
        var options: [String: SourcedText]?
        if let node = d.value("options"), node.scalar?.isNull != true,
           let od = MappingDecoder(node, specs: optionSpecs, context: "options of preference center '\(name)'", diagnostics: &diagnostics) {
            options = [:]
            for spec in optionSpecs {
                if let value = reader.text(od, spec.name, diagnostics: &diagnostics) { options?[spec.name] = value }
            }
        }
        let center = PreferenceCenter(
            name: name,
            title: reader.text(d, "title", diagnostics: &diagnostics),
            pageHTML: page ?? SourcedText("", origin: .inline(d.node.location)),
            confirmationPageHTML: confirmation ?? SourcedText("", origin: .inline(d.node.location)),
            state: d.oneOf("state", PublicationState.self, diagnostics: &diagnostics),
            options: options)
        guard page != nil, confirmation != nil else { return nil }
        return center
    }

    func check(declaredAt location: SourceLocation, fieldLocations loc: [String: SourceLocation], diagnostics: inout Diagnostics) {
        ResourceRules.checkName(name, of: "preference center", maxLength: nil, at: loc["name"] ?? location, diagnostics: &diagnostics)
    }

    func checkInterpolated(workspace: String, diagnostics: inout Diagnostics) {
        if pageHTML.text.isEmpty { diagnostics.error("page_html of preference center '\(name)' is empty", at: pageHTML.location) }
        if confirmationPageHTML.text.isEmpty { diagnostics.error("confirmation_page_html of preference center '\(name)' is empty", at: confirmationPageHTML.location) }
    }

    var texts: [(field: String, text: SourcedText)] {
        var t: [(String, SourcedText)] = [("page_html", pageHTML), ("confirmation_page_html", confirmationPageHTML)]
        if let title { t.append(("title", title)) }
        for (key, value) in (options ?? [:]).sorted(by: { $0.key < $1.key }) { t.append(("options.\(key)", value)) }
        return t
    }

    mutating func mapTexts(_ transform: (String, SourcedText) -> SourcedText) {
        pageHTML = transform("page_html", pageHTML)
        confirmationPageHTML = transform("confirmation_page_html", confirmationPageHTML)
        title = title.map { transform("title", $0) }
        options = options.map { $0.reduce(into: [:]) { $0[$1.key] = transform("options.\($1.key)", $1.value) } }
    }
}
