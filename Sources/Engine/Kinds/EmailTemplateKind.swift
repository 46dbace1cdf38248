import BrazeAPI
import Foundation
import Manifest
import YAML

// Everything the engine knows of email templates: their desired and live
// snapshots, the draft that writes them, their plan, their digest and their export.

enum EmailTemplateKind {
    static func desired(_ t: EmailTemplate) -> Snapshot {
        var fields: [Snapshot.Field] = [.scalar("subject", t.subject.text)]
        if let p = t.preheader { fields.append(.scalar("preheader", p.text)) }
        fields.append(.text("body", t.body.text))
        if let p = t.plaintextBody { fields.append(.text("plaintext_body", p.text)) }
        if let css = t.shouldInlineCSS { fields.append(.boolean("should_inline_css", css)) }
        if let tags = Snapshot.Field.tags(t.tags) { fields.append(tags) }
        return Snapshot(fields: fields)
    }

    static func live(_ t: BrazeEmailTemplate) -> Snapshot {
        var fields: [Snapshot.Field] = [.scalar("subject", t.subject ?? ""), .scalar("preheader", t.preheader ?? ""), .text("body", t.body ?? ""),
                                        .text("plaintext_body", t.plaintextBody ?? "")]
        if let css = t.shouldInlineCSS { fields.append(.boolean("should_inline_css", css)) }
        fields.append(Snapshot.Field.tags(t.tags)!)
        return Snapshot(fields: fields)
    }

    static func draft(_ t: EmailTemplate) -> EmailTemplateDraft {
        EmailTemplateDraft(name: t.name, subject: t.subject.text, body: t.body.text, plaintextBody: t.plaintextBody?.text,
                           preheader: t.preheader?.text, tags: t.tags, shouldInlineCSS: t.shouldInlineCSS)
    }

    static func digest(_ name: String, in live: LiveState) -> String? {
        guard let entry = live.emailTemplates[name] else { return nil }
        return LiveDigest.hash(entry.detail.map { Self.live($0).canonical } ?? "id=\(entry.id)")
    }
}

extension Planner {
    func emailTemplateChanges(_ template: EmailTemplate, warnings: inout [String]) -> [Change] {
        let desired = EmailTemplateKind.desired(template)
        let draft = EmailTemplateKind.draft(template)
        guard let entry = live.emailTemplates[template.name] else {
            return [change(.create, .emailTemplate, template.name, fields: created(desired), calls: [.createEmailTemplate(draft)])]
        }
        guard let detail = entry.detail else {
            return [change(.update, .emailTemplate, template.name, fields: [], calls: [.updateEmailTemplate(id: entry.id, draft)],
                           notes: ["Braze listed this template but did not return its details; it is written again."], digest: liveDigest(.emailTemplate, template.name))]
        }
        let diff = SnapshotComparer.diff(desired: desired, live: EmailTemplateKind.live(detail))
        noise(diff, template.name, &warnings)
        guard !diff.changes.isEmpty else { return [] }
        var sent = draft   // keep the link and include ids Braze assigned in the live texts
        sent.body = BrazeIDCarryOver.carry(live: detail.body ?? "", into: draft.body)
        if let plain = draft.plaintextBody { sent.plaintextBody = BrazeIDCarryOver.carry(live: detail.plaintextBody ?? "", into: plain) }
        return [change(.update, .emailTemplate, template.name, fields: diff.changes, calls: [.updateEmailTemplate(id: entry.id, sent)], digest: liveDigest(.emailTemplate, template.name))]
    }
}

extension ManifestExporter {
    func emailTemplate(_ t: BrazeEmailTemplate, _ names: inout FileNames) -> ResourceFiles {
        var r = ResourceFiles(address: ResourceAddress(.emailTemplate, t.name), folder: folder(.emailTemplate), stem: names.stem(for: t.name, in: .emailTemplate))
        r.header()
        if let d = t.description, !d.isEmpty {
            r.line(YAMLText.comment("Description in Braze (it cannot be set through the API): \(d.prefix(200))"))
        }
        r.line("kind: email_template")
        r.line("name: \(YAMLText.scalar(t.name))")
        let subject = t.subject ?? ""
        if subject.isEmpty { r.warnings.append("email template '\(t.name)' has an empty subject, which the manifest loader refuses; give it one before planning") }
        r.text("subject", subject, suffix: ".subject", ext: "txt")
        if let p = t.preheader, !p.isEmpty { r.text("preheader", p, suffix: ".preheader", ext: "txt") }
        let body = t.body ?? ""
        if body.isEmpty { r.warnings.append("email template '\(t.name)' has an empty body, which the manifest loader refuses") }
        r.text("body", body, suffix: "", ext: "html", alwaysFile: true)
        if let p = t.plaintextBody, !p.isEmpty { r.text("plaintext_body", p, suffix: "", ext: "txt", alwaysFile: true) }
        if let css = t.shouldInlineCSS { r.line("should_inline_css: \(css)") }
        r.line("tags: \(YAMLText.flowList(t.tags))")
        return r
    }
}
