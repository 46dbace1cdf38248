import BrazeCore
import Foundation

extension SimulatedWorkspace {
    func visibleTemplate(id: String) -> Int? {
        state.emailTemplates.firstIndex { $0.id == id && !$0.isDragAndDrop }
    }

    // GET /templates/email/list
    func listEmailTemplates(_ request: SimulatedRequest) -> SimulatedResponse {
        switch Validation.paging(request, noun: "Template") {
        case .invalid(let message):
            return .messageError(400, message)
        case .ok(let limit, let offset, let after, let before):
            let matching = state.emailTemplates.filter { template in
                !template.isDragAndDrop
                    && (after.map { template.updatedAt >= $0 } ?? true)
                    && (before.map { template.updatedAt <= $0 } ?? true)
            }
            let page = matching.dropFirst(offset).prefix(limit)
            let templates: [JSONValue] = page.map { template in
                [
                    "email_template_id": .string(template.id),
                    "template_name": .string(template.name),
                    "created_at": .string(ISOTime.format(template.createdAt, style: .offsetMillis)),
                    "updated_at": .string(ISOTime.format(template.updatedAt, style: .offsetMillis)),
                    "tags": .strings(template.tags),
                ]
            }
            return .json(200, ["count": .number(Double(templates.count)), "templates": .array(templates), "message": "success"])
        }
    }

    // GET /templates/email/info
    func emailTemplateInfo(_ request: SimulatedRequest) -> SimulatedResponse {
        guard let id = request.queryValue("email_template_id"), !id.isEmpty else {
            return .messageError(400, "Email template ID cannot be blank")
        }
        guard let index = visibleTemplate(id: id) else {
            return .messageError(configuration.unknownInfoStatus, "Email template ID is invalid for this App Group")
        }
        let t = state.emailTemplates[index]
        return .json(200, [
            "email_template_id": .string(t.id),
            "template_name": .string(t.name),
            "description": .optional(t.description),
            "subject": .string(t.subject),
            "preheader": .optional(t.preheader),
            "body": .string(t.body),
            "plaintext_body": .optional(t.plaintextBody),
            "should_inline_css": t.shouldInlineCSS.map { .bool($0) } ?? .null,
            "tags": .strings(t.tags),
            "created_at": .string(ISOTime.format(t.createdAt, style: .offsetMillis)),
            "updated_at": .string(ISOTime.format(t.updatedAt, style: .offsetMillis)),
            "message": "success",
        ])
    }

    private struct TemplateFields {
        var name: String?
        var subject: String?
        var body: String?
        var plaintextBody: String??
        var preheader: String??
        var shouldInlineCSS: Bool??
        var tags: [String]?
    }

    /// Reads and checks the optional fields shared by create and update.
    private func readTemplateFields(_ body: JSONValue) -> Checked<TemplateFields> {
        var fields = TemplateFields()
        var errors: [String] = []
        func text(_ key: String, label: String) -> String?? {
            guard let value = body[key] else { return .none }
            if value.isNull { return .some(nil) }
            guard let s = value.stringValue else {
                errors.append("\(label) must be a string")
                return .none
            }
            return .some(s)
        }
        if let name = text("template_name", label: "Template name") {
            if let name, !name.trimmingCharacters(in: .whitespaces).isEmpty {
                fields.name = name
            } else {
                errors.append("Template name is required")
            }
        }
        if let subject = text("subject", label: "Subject") { fields.subject = subject ?? "" }
        if let bodyText = text("body", label: "Body") { fields.body = bodyText ?? "" }
        fields.plaintextBody = text("plaintext_body", label: "Plaintext body")
        fields.preheader = text("preheader", label: "Preheader")
        if let value = body["should_inline_css"] {
            if let b = value.boolValue {
                fields.shouldInlineCSS = .some(b)
            } else if value.isNull {
                fields.shouldInlineCSS = .some(nil)
            } else {
                errors.append("Invalid value for should_inline_css. One of true or false was expected")
            }
        }
        switch Validation.tags(body["tags"], existing: state.tags) {
        case .absent: break
        case .valid(let tags): fields.tags = tags
        case .invalid(let message): errors.append(message)
        }
        if !errors.isEmpty { return .failure(.messageError(400, errors)) }
        return .success(fields)
    }

    /// "Email must have valid Content Block names" when any text includes a missing block.
    private func includesMissingBlock(_ texts: [String?]) -> Bool {
        texts.compactMap { $0 }.contains { text in
            Liquid.includedContentBlocks(in: text).contains { !contentBlockExists(named: $0) }
        }
    }

    // POST /templates/email/create
    func createEmailTemplate(_ body: JSONValue, now: Date) -> SimulatedResponse {
        guard body.objectValue != nil, body["template_name"] != nil else {
            return .messageError(400, "Template name is required")
        }
        let fields: TemplateFields
        switch readTemplateFields(body) {
        case .failure(let response): return response
        case .success(let f): fields = f
        }
        guard let name = fields.name else { return .messageError(400, "Template name is required") }
        var missing: [String] = []
        if body["subject"]?.stringValue == nil { missing.append("Subject is required") }
        if body["body"]?.stringValue == nil { missing.append("Body is required") }
        if !missing.isEmpty { return .messageError(400, missing) }
        let plaintext = fields.plaintextBody ?? nil
        let preheader = fields.preheader ?? nil
        if includesMissingBlock([fields.subject, fields.body, plaintext, preheader]) {
            return .messageError(400, "Email must have valid Content Block names")
        }
        state.counters.emailTemplate += 1
        let id = Self.deterministicID(kind: 0xe7e7, counter: state.counters.emailTemplate)
        state.emailTemplates.append(EmailTemplateRecord(
            id: id, name: name, description: nil, subject: fields.subject ?? "", body: aliasingLinks(fields.body ?? ""),
            plaintextBody: plaintext, preheader: preheader, shouldInlineCSS: fields.shouldInlineCSS ?? nil,
            tags: fields.tags ?? [], createdAt: now, updatedAt: now, isDragAndDrop: false))
        return .json(201, ["email_template_id": .string(id), "message": "success"])
    }

    // POST /templates/email/update
    func updateEmailTemplate(_ body: JSONValue, now: Date) -> SimulatedResponse {
        guard let id = body["email_template_id"]?.stringValue, !id.isEmpty else {
            return .messageError(400, "Email template ID cannot be blank")
        }
        guard let index = visibleTemplate(id: id) else {
            return .messageError(400, "Email template ID is invalid for this App Group")
        }
        let updatable = ["template_name", "subject", "body", "plaintext_body", "preheader", "tags", "should_inline_css"]
        guard updatable.contains(where: { body[$0] != nil }) else {
            return .messageError(400, "At least one field to update must be provided")
        }
        let fields: TemplateFields
        switch readTemplateFields(body) {
        case .failure(let response): return response
        case .success(let f): fields = f
        }
        var t = state.emailTemplates[index]
        // Renames unconditionally (api-notes).
        if let name = fields.name { t.name = name }
        if let subject = fields.subject { t.subject = subject }
        if let bodyText = fields.body { t.body = bodyText }
        if let plaintext = fields.plaintextBody { t.plaintextBody = plaintext }
        if let preheader = fields.preheader { t.preheader = preheader }
        if let inline = fields.shouldInlineCSS { t.shouldInlineCSS = inline }
        if let tags = fields.tags { t.tags = tags }
        if includesMissingBlock([t.subject, t.body, t.plaintextBody, t.preheader]) {
            return .messageError(400, "Email must have valid Content Block names")
        }
        if fields.body != nil { t.body = aliasingLinks(t.body) }
        t.updatedAt = now
        state.emailTemplates[index] = t
        return .json(200, ["message": "success"])
    }
}
