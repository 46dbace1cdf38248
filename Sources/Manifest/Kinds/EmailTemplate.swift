import Foundation
import YAML

public struct EmailTemplate: Sendable, Hashable {
    public var name: String
    public var subject: SourcedText
    public var preheader: SourcedText?
    public var body: SourcedText
    public var plaintextBody: SourcedText?
    public var shouldInlineCSS: Bool?
    public var tags: [String]?
}

extension EmailTemplate: ManifestKind {
    static let kind = ResourceKind.emailTemplate
    var resourceBody: Resource.Body { .emailTemplate(self) }

    static let fieldSpecs: [FieldSpec] = [
        FieldSpec.kindField,
        FieldSpec("name", .string, required: true, "The template's name and key (sent as template_name)."),
        FieldSpec("subject", .text, required: true, "The subject line."),
        FieldSpec("preheader", .text, "The preheader shown in inbox previews."),
        FieldSpec("body", .text, required: true, "The HTML body."),
        FieldSpec("plaintext_body", .text, "A plain-text version of the body."),
        FieldSpec("should_inline_css", .boolean, "Whether Braze inlines CSS; absent: the workspace default."),
        FieldSpec("tags", .list(.string), "Tags, which must already exist in Braze. Absent: tags are not managed."),
    ]

    static func decode(_ d: MappingDecoder, name: String, reader: ResourceDecoder, diagnostics: inout Diagnostics) -> EmailTemplate? {
        let subject = reader.text(d, "subject", diagnostics: &diagnostics)
        let body = reader.text(d, "body", diagnostics: &diagnostics)
        let template = EmailTemplate(
            name: name,
            subject: subject ?? SourcedText("", origin: .inline(d.node.location)),
            preheader: reader.text(d, "preheader", diagnostics: &diagnostics),
            body: body ?? SourcedText("", origin: .inline(d.node.location)),
            plaintextBody: reader.text(d, "plaintext_body", diagnostics: &diagnostics),
            shouldInlineCSS: d.bool("should_inline_css", diagnostics: &diagnostics),
            tags: d.stringList("tags", diagnostics: &diagnostics))
        guard subject != nil, body != nil else { return nil }
        return template
    }

    func check(declaredAt location: SourceLocation, fieldLocations loc: [String: SourceLocation], diagnostics: inout Diagnostics) {
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            diagnostics.error("email template name cannot be blank", at: loc["name"] ?? location)
        }
        ResourceRules.checkTags(tags, at: loc["tags"], diagnostics: &diagnostics)
    }

    func checkInterpolated(workspace: String, diagnostics: inout Diagnostics) {
        if subject.text.isEmpty { diagnostics.error("subject of email template '\(name)' is empty", at: subject.location) }
        if body.text.isEmpty { diagnostics.error("body of email template '\(name)' is empty", at: body.location) }
    }

    var texts: [(field: String, text: SourcedText)] {
        var t: [(String, SourcedText)] = [("subject", subject), ("body", body)]
        if let p = preheader { t.append(("preheader", p)) }
        if let p = plaintextBody { t.append(("plaintext_body", p)) }
        return t
    }

    mutating func mapTexts(_ transform: (String, SourcedText) -> SourcedText) {
        subject = transform("subject", subject)
        body = transform("body", body)
        preheader = preheader.map { transform("preheader", $0) }
        plaintextBody = plaintextBody.map { transform("plaintext_body", $0) }
    }
}
