import BrazeCore
import Foundation

/// A preference center as `/preference_center/v1/list` shows it.
public struct PreferenceCenterSummary: Sendable, Hashable, Decodable {
    public var id: String
    public var name: String
    public var createdAt: String?
    public var updatedAt: String?

    public init(id: String, name: String, createdAt: String? = nil, updatedAt: String? = nil) {
        self.id = id; self.name = name; self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        guard let id = c.lenientString("preference_center_api_id") else {
            throw DecodingError.keyNotFound(AnyKey("preference_center_api_id"), .init(codingPath: decoder.codingPath, debugDescription: "missing"))
        }
        self.id = id
        name = c.lenientString("name") ?? ""
        createdAt = c.lenientString("created_at")
        updatedAt = c.lenientString("updated_at")
    }
}

/// A preference center as `GET /preference_center/v1/{id}` shows it.
public struct BrazePreferenceCenter: Sendable, Hashable {
    public var id: String
    public var name: String
    public var title: String?
    public var pageHTML: String?
    public var confirmationPageHTML: String?
    public var redirectPageHTML: String?
    /// Read as `preference_center_options` (written as `options`).
    public var options: [String: JSONValue]
    public var state: BrazeResourceState?
    public var createdAt: String?
    public var updatedAt: String?

    public init(id: String, name: String, title: String? = nil, pageHTML: String? = nil, confirmationPageHTML: String? = nil,
                redirectPageHTML: String? = nil, options: [String: JSONValue] = [:], state: BrazeResourceState? = nil,
                createdAt: String? = nil, updatedAt: String? = nil) {
        self.id = id; self.name = name; self.title = title; self.pageHTML = pageHTML
        self.confirmationPageHTML = confirmationPageHTML; self.redirectPageHTML = redirectPageHTML
        self.options = options; self.state = state; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// What to write for a preference center. `name` is sent on create only (it
/// cannot change). Saved plans carry it as it is, under Braze's field names.
public struct PreferenceCenterDraft: Sendable, Hashable, Codable {
    public var name: String
    public var title: String?
    public var pageHTML: String
    public var confirmationPageHTML: String
    public var state: BrazeResourceState?
    public var options: [String: JSONValue]?

    public init(name: String, title: String? = nil, pageHTML: String, confirmationPageHTML: String,
                state: BrazeResourceState? = nil, options: [String: JSONValue]? = nil) {
        self.name = name; self.title = title; self.pageHTML = pageHTML; self.confirmationPageHTML = confirmationPageHTML
        self.state = state; self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case name, title = "preference_center_title", pageHTML = "preference_center_page_html"
        case confirmationPageHTML = "confirmation_page_html", state, options
    }
}

/// What Braze answers to a preference center create or update.
public struct PreferenceCenterWriteResult: Sendable, Hashable {
    public var id: String
    public var liquidTag: String?
    public var createdAt: String?
    public var updatedAt: String?
    public init(id: String, liquidTag: String? = nil, createdAt: String? = nil, updatedAt: String? = nil) {
        self.id = id; self.liquidTag = liquidTag; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

struct PreferenceCenterWire: Encodable {
    var draft: PreferenceCenterDraft
    var includeName: Bool
    enum CodingKeys: String, CodingKey {
        case name, preference_center_title, preference_center_page_html, confirmation_page_html, state, options
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if includeName { try c.encode(draft.name, forKey: .name) }
        try c.encodeIfPresent(draft.title, forKey: .preference_center_title)
        try c.encode(draft.pageHTML, forKey: .preference_center_page_html)
        try c.encode(draft.confirmationPageHTML, forKey: .confirmation_page_html)
        try c.encodeIfPresent(draft.state, forKey: .state)
        try c.encodeIfPresent(draft.options, forKey: .options)
    }
}

struct PreferenceCenterListWire: Decodable { var preference_centers: [PreferenceCenterSummary]? }

extension BrazeClient {
    /// Every preference center (the list is not paginated; a workspace holds at most 50).
    public func listPreferenceCenters() async throws -> [PreferenceCenterSummary] {
        let request = try call(.get, "/preference_center/v1/list", group: .preferenceCenterRead)
        let response = try await perform(request)
        return try decode(PreferenceCenterListWire.self, response, request).preference_centers ?? []
    }

    /// One preference center, or nil when Braze does not know the id.
    public func preferenceCenter(id: String) async throws -> BrazePreferenceCenter? {
        let request = try call(.get, "/preference_center/v1/\(try segment(id, "preference center id"))", group: .preferenceCenterRead)
        let response: TransportResponse
        do {
            response = try await perform(request)
        } catch let error as BrazeAPIError where error.status == 404 {
            return nil
        }
        guard let c = try decode(JSONObjectWire.self, response, request).container,
              c.lenientString("preference_center_api_id") != nil || c.has("name") else { return nil }
        let options = c.json("preference_center_options")?.objectValue ?? c.json("options")?.objectValue ?? [:]
        return BrazePreferenceCenter(
            id: c.lenientString("preference_center_api_id") ?? id,
            name: c.lenientString("name") ?? "",
            title: c.lenientString("preference_center_title"),
            pageHTML: c.lenientString("preference_center_page_html"),
            confirmationPageHTML: c.lenientString("confirmation_page_html"),
            redirectPageHTML: c.lenientString("redirect_page_html"),
            options: options,
            state: c.lenientString("state").flatMap { BrazeResourceState(rawValue: $0.lowercased()) },
            createdAt: c.lenientString("created_at"),
            updatedAt: c.lenientString("updated_at"))
    }

    /// Creates a preference center. A lost answer is verified by listing first.
    public func createPreferenceCenter(_ draft: PreferenceCenterDraft) async throws -> PreferenceCenterWriteResult {
        let body = try encode(PreferenceCenterWire(draft: draft, includeName: true))
        let path = "/preference_center/v1"
        return try await createVerifying(kind: "preference center", name: draft.name, method: .post, path: path) {
            let request = try call(.post, path, body: body, group: .preferenceCenterWrite, lost: .surface)
            let response = try await perform(request)
            return try pcResult(response, request, fallbackID: nil)
        } lookup: {
            let matches = try await listPreferenceCenters().filter { $0.name == draft.name }
            if matches.count > 1 { throw BrazeAPIError.ambiguous(kind: "preference center", name: draft.name, count: matches.count) }
            return matches.first.map { PreferenceCenterWriteResult(id: $0.id, createdAt: $0.createdAt, updatedAt: $0.updatedAt) }
        }
    }

    /// Updates a preference center (PUT; `options` is written, `name` is not sent).
    public func updatePreferenceCenter(id: String, _ draft: PreferenceCenterDraft) async throws -> PreferenceCenterWriteResult {
        let request = try call(.put, "/preference_center/v1/\(try segment(id, "preference center id"))",
                               body: try encode(PreferenceCenterWire(draft: draft, includeName: false)), group: .preferenceCenterWrite)
        let response = try await perform(request)
        return try pcResult(response, request, fallbackID: id)
    }

    private func pcResult(_ response: TransportResponse, _ request: Call, fallbackID: String?) throws -> PreferenceCenterWriteResult {
        let c = try decode(JSONObjectWire.self, response, request).container
        guard let id = c?.lenientString("preference_center_api_id") ?? fallbackID else {
            throw BrazeAPIError.invalidResponse(method: request.method, path: request.path, status: response.status,
                                                reason: "no preference_center_api_id in the answer")
        }
        return PreferenceCenterWriteResult(id: id, liquidTag: c?.lenientString("liquid_tag"),
                                           createdAt: c?.lenientString("created_at"), updatedAt: c?.lenientString("updated_at"))
    }
}
