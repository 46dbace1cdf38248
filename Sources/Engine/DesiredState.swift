import BrazeAPI
import Foundation
import Manifest

/// The manifests' resources as snapshots and as the payloads that create or update them.
enum DesiredState {
    static func snapshot(_ resource: Resource) -> Snapshot {
        switch resource.body {
        case .contentBlock(let b):
            var fields: [Snapshot.Field] = [.text("content", b.content.text)]
            if let d = b.description { fields.append(.scalar("description", d.text)) }
            if let t = Snapshot.Field.tags(b.tags) { fields.append(t) }
            return Snapshot(fields: fields)
        case .emailTemplate(let t):
            var fields: [Snapshot.Field] = [.scalar("subject", t.subject.text)]
            if let p = t.preheader { fields.append(.scalar("preheader", p.text)) }
            fields.append(.text("body", t.body.text))
            if let p = t.plaintextBody { fields.append(.text("plaintext_body", p.text)) }
            if let css = t.shouldInlineCSS { fields.append(.scalar("should_inline_css", String(css))) }
            if let tags = Snapshot.Field.tags(t.tags) { fields.append(tags) }
            return Snapshot(fields: fields)
        case .catalog(let c):
            return Snapshot(fields: [.scalar("description", c.description.text), .scalar("fields", fieldsText(c.fields.map { ($0.name, $0.type.rawValue) }))])
        case .preferenceCenter(let p):
            var fields: [Snapshot.Field] = []
            if let t = p.title { fields.append(.scalar("title", t.text)) }
            fields.append(.text("page_html", p.pageHTML.text))
            fields.append(.text("confirmation_page_html", p.confirmationPageHTML.text))
            if let s = p.state { fields.append(.scalar("state", s.rawValue)) }
            if let o = p.options { fields.append(.scalar("options", optionsText(o.mapValues(\.text)))) }
            return Snapshot(fields: fields)
        case .subscriptionGroup:
            return Snapshot(fields: [])
        }
    }

    static func fieldsText(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
    }

    static func optionsText(_ options: [String: String]) -> String {
        options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    static func contentBlockPayload(_ b: Manifest.ContentBlock) -> ContentBlockPayload {
        ContentBlockPayload(name: b.name, description: b.description?.text, content: b.content.text, state: b.state.rawValue, tags: b.tags)
    }

    static func emailTemplatePayload(_ t: Manifest.EmailTemplate) -> EmailTemplatePayload {
        EmailTemplatePayload(templateName: t.name, subject: t.subject.text, body: t.body.text, plaintextBody: t.plaintextBody?.text,
                             preheader: t.preheader?.text, tags: t.tags, shouldInlineCSS: t.shouldInlineCSS)
    }

    static func catalogPayload(_ c: Manifest.Catalog) -> CatalogPayload {
        CatalogPayload(name: c.name, description: c.description.text, fields: c.fields.map { BrazeAPI.CatalogField(name: $0.name, type: $0.type.rawValue) })
    }

    static func preferenceCenterPayload(_ p: Manifest.PreferenceCenter) -> PreferenceCenterPayload {
        PreferenceCenterPayload(name: p.name, preferenceCenterTitle: p.title?.text, preferenceCenterPageHTML: p.pageHTML.text,
                                confirmationPageHTML: p.confirmationPageHTML.text, state: p.state?.rawValue,
                                options: p.options?.mapValues(\.text))
    }
}
