import Foundation

/// An email template as `/templates/email/list` shows it (drag-and-drop
/// templates never appear).
public struct EmailTemplateSummary: Sendable, Hashable, Decodable {
    public var id: String
    public var name: String
    public var createdAt: String?
    public var updatedAt: String?
    public var tags: [String]

    public init(id: String, name: String, createdAt: String? = nil, updatedAt: String? = nil, tags: [String] = []) {
        self.id = id; self.name = name; self.createdAt = createdAt; self.updatedAt = updatedAt; self.tags = tags
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        guard let id = c.lenientString("email_template_id") else {
            throw DecodingError.keyNotFound(AnyKey("email_template_id"), .init(codingPath: decoder.codingPath, debugDescription: "missing"))
        }
        self.id = id
        name = c.lenientString("template_name") ?? c.lenientString("name") ?? ""
        createdAt = c.lenientString("created_at")
        updatedAt = c.lenientString("updated_at")
        tags = c.lenientStrings("tags") ?? []
    }
}

/// An email template as `/templates/email/info` shows it.
public struct BrazeEmailTemplate: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Returned by info, but cannot be set through the API.
    public var description: String?
    public var subject: String?
    public var preheader: String?
    public var body: String?
    public var plaintextBody: String?
    public var shouldInlineCSS: Bool?
    public var tags: [String]
    public var createdAt: String?
    public var updatedAt: String?

    public init(id: String, name: String, description: String? = nil, subject: String? = nil, preheader: String? = nil,
                body: String? = nil, plaintextBody: String? = nil, shouldInlineCSS: Bool? = nil, tags: [String] = [],
                createdAt: String? = nil, updatedAt: String? = nil) {
        self.id = id; self.name = name; self.description = description; self.subject = subject; self.preheader = preheader
        self.body = body; self.plaintextBody = plaintextBody; self.shouldInlineCSS = shouldInlineCSS; self.tags = tags
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// What to write for an email template (create or update). Saved plans carry it
/// as it is, under Braze's field names.
public struct EmailTemplateDraft: Sendable, Hashable, Codable {
    public var name: String
    public var subject: String
    public var body: String
    public var plaintextBody: String?
    public var preheader: String?
    public var tags: [String]?
    public var shouldInlineCSS: Bool?

    public init(name: String, subject: String, body: String, plaintextBody: String? = nil, preheader: String? = nil,
                tags: [String]? = nil, shouldInlineCSS: Bool? = nil) {
        self.name = name; self.subject = subject; self.body = body; self.plaintextBody = plaintextBody
        self.preheader = preheader; self.tags = tags; self.shouldInlineCSS = shouldInlineCSS
    }

    enum CodingKeys: String, CodingKey {
        case email_template_id, template_name, subject, body, plaintext_body, preheader, tags, should_inline_css
    }

    public func encode(to encoder: any Encoder) throws { try encode(to: encoder, id: nil) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .template_name)
        subject = try c.decode(String.self, forKey: .subject)
        body = try c.decode(String.self, forKey: .body)
        plaintextBody = try c.decodeIfPresent(String.self, forKey: .plaintext_body)
        preheader = try c.decodeIfPresent(String.self, forKey: .preheader)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
        shouldInlineCSS = try c.decodeIfPresent(Bool.self, forKey: .should_inline_css)
    }

    func encode(to encoder: any Encoder, id: String?) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .email_template_id)
        try c.encode(name, forKey: .template_name)
        try c.encode(subject, forKey: .subject)
        try c.encode(body, forKey: .body)
        try c.encodeIfPresent(plaintextBody, forKey: .plaintext_body)
        try c.encodeIfPresent(preheader, forKey: .preheader)
        try c.encodeIfPresent(tags, forKey: .tags)
        try c.encodeIfPresent(shouldInlineCSS, forKey: .should_inline_css)
    }
}

struct EmailTemplateUpdateWire: Encodable {
    var id: String
    var draft: EmailTemplateDraft
    func encode(to encoder: any Encoder) throws { try draft.encode(to: encoder, id: id) }
}

struct EmailTemplateListWire: Decodable {
    var templates: [EmailTemplateSummary]?
}

extension BrazeClient {
    /// Every email template, read in pages of `pageSize` (at most 1,000).
    public func listEmailTemplates(pageSize: Int = 1_000) async throws -> [EmailTemplateSummary] {
        try await pagedByOffset("/templates/email/list", pageSize: min(pageSize, 1_000), id: \.id) { response, call in
            try decode(EmailTemplateListWire.self, response, call).templates ?? []
        }
    }

    /// One email template, or nil when Braze does not know the id (404, or 200
    /// with an error message and no template).
    public func emailTemplateInfo(id: String) async throws -> BrazeEmailTemplate? {
        guard !id.isEmpty else { throw BrazeAPIError.invalidRequest("an email template id is empty") }
        let request = try call(.get, "/templates/email/info", query: [("email_template_id", id)], group: .standard)
        let response: TransportResponse
        do {
            response = try await perform(request)
        } catch let error as BrazeAPIError where error.status == 404 {
            return nil
        }
        guard let c = try decode(JSONObjectWire.self, response, request).container,
              c.lenientString("email_template_id") != nil || c.has("template_name") || c.has("body") else { return nil }
        return BrazeEmailTemplate(
            id: c.lenientString("email_template_id") ?? id,
            name: c.lenientString("template_name") ?? "",
            description: c.lenientString("description"),
            subject: c.lenientString("subject"),
            preheader: c.lenientString("preheader"),
            body: c.lenientString("body"),
            plaintextBody: c.lenientString("plaintext_body"),
            shouldInlineCSS: c.lenientBool("should_inline_css"),
            tags: c.lenientStrings("tags") ?? [],
            createdAt: c.lenientString("created_at"),
            updatedAt: c.lenientString("updated_at"))
    }

    /// Creates an email template and returns its id. A lost answer is verified by
    /// name before any second attempt.
    public func createEmailTemplate(_ draft: EmailTemplateDraft) async throws -> String {
        let body = try encode(draft)
        let path = "/templates/email/create"
        return try await createVerifying(kind: "email template", name: draft.name, method: .post, path: path) {
            let request = try call(.post, path, body: body, group: .standard, lost: .surface)
            let response = try await perform(request)
            guard let id = try decode(JSONObjectWire.self, response, request).container?.lenientString("email_template_id") else {
                throw BrazeAPIError.invalidResponse(method: .post, path: path, status: response.status, reason: "no email_template_id in the answer")
            }
            return id
        } lookup: {
            let matches = try await listEmailTemplates().filter { $0.name == draft.name }
            if matches.count > 1 { throw BrazeAPIError.ambiguous(kind: "email template", name: draft.name, count: matches.count) }
            return matches.first?.id
        }
    }

    /// Updates an email template (all of `draft` is sent; `template_name` renames).
    public func updateEmailTemplate(id: String, _ draft: EmailTemplateDraft) async throws {
        guard !id.isEmpty else { throw BrazeAPIError.invalidRequest("an email template id is empty") }
        let request = try call(.post, "/templates/email/update", body: try encode(EmailTemplateUpdateWire(id: id, draft: draft)), group: .standard)
        _ = try await perform(request)
    }
}
