import Foundation

/// `active` or `draft` (content blocks, preference centers).
public enum BrazeResourceState: String, Sendable, Hashable, Codable {
    case active
    case draft
}

/// A content block as `/content_blocks/list` shows it.
public struct ContentBlockSummary: Sendable, Hashable, Decodable {
    public var id: String
    public var name: String
    public var contentType: String?
    public var liquidTag: String?
    public var inclusionCount: Int?
    public var createdAt: String?
    public var lastEdited: String?
    public var tags: [String]

    public init(id: String, name: String, contentType: String? = nil, liquidTag: String? = nil, inclusionCount: Int? = nil,
                createdAt: String? = nil, lastEdited: String? = nil, tags: [String] = []) {
        self.id = id; self.name = name; self.contentType = contentType; self.liquidTag = liquidTag
        self.inclusionCount = inclusionCount; self.createdAt = createdAt; self.lastEdited = lastEdited; self.tags = tags
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        guard let id = c.lenientString("content_block_id") else {
            throw DecodingError.keyNotFound(AnyKey("content_block_id"), .init(codingPath: decoder.codingPath, debugDescription: "missing"))
        }
        self.id = id
        name = c.lenientString("name") ?? ""
        contentType = c.lenientString("content_type")
        liquidTag = c.lenientString("liquid_tag")
        inclusionCount = c.lenientInt("inclusion_count")
        createdAt = c.lenientString("created_at")
        lastEdited = c.lenientString("last_edited")
        tags = c.lenientStrings("tags") ?? []
    }
}

/// A content block as `/content_blocks/info` shows it (no `state`: Braze does
/// not return it).
public struct BrazeContentBlock: Sendable, Hashable {
    public var id: String
    public var name: String
    public var content: String
    public var description: String?
    public var contentType: String?
    public var tags: [String]
    public var createdAt: String?
    public var lastEdited: String?
    public var inclusionCount: Int?

    public init(id: String, name: String, content: String, description: String? = nil, contentType: String? = nil,
                tags: [String] = [], createdAt: String? = nil, lastEdited: String? = nil, inclusionCount: Int? = nil) {
        self.id = id; self.name = name; self.content = content; self.description = description
        self.contentType = contentType; self.tags = tags; self.createdAt = createdAt
        self.lastEdited = lastEdited; self.inclusionCount = inclusionCount
    }
}

/// What to write for a content block (create or update). Saved plans carry it
/// as it is, under Braze's field names.
public struct ContentBlockDraft: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var content: String
    public var state: BrazeResourceState?
    /// nil: leave tags alone (on update); [] removes every tag.
    public var tags: [String]?

    public init(name: String, description: String? = nil, content: String, state: BrazeResourceState? = nil, tags: [String]? = nil) {
        self.name = name; self.description = description; self.content = content; self.state = state; self.tags = tags
    }
}

/// What Braze answers to a content block create or update.
public struct ContentBlockWriteResult: Sendable, Hashable {
    public var id: String
    public var liquidTag: String?
    public var createdAt: String?

    public init(id: String, liquidTag: String? = nil, createdAt: String? = nil) {
        self.id = id; self.liquidTag = liquidTag; self.createdAt = createdAt
    }
}

extension BrazeClient {
    /// Every content block, read in pages of `pageSize` (at most 1,000).
    public func listContentBlocks(pageSize: Int = 1_000) async throws -> [ContentBlockSummary] {
        try await pagedByOffset("/content_blocks/list", pageSize: min(pageSize, 1_000), id: \.id) { response, call in
            try decode(ContentBlockListWire.self, response, call).content_blocks ?? []
        }
    }

    /// One content block with its content, or nil when Braze does not know the id
    /// (it answers either 404 or 200 with an error message and no block).
    public func contentBlockInfo(id: String) async throws -> BrazeContentBlock? {
        guard !id.isEmpty else { throw BrazeAPIError.invalidRequest("a content block id is empty") }
        let request = try call(.get, "/content_blocks/info", query: [("content_block_id", id)], group: .standard)
        let response: TransportResponse
        do {
            response = try await perform(request)
        } catch let error as BrazeAPIError where error.status == 404 {
            return nil
        }
        let c = try decode(JSONObjectWire.self, response, request).container
        guard let c, c.lenientString("content_block_id") != nil || c.has("content") else { return nil }
        return BrazeContentBlock(
            id: c.lenientString("content_block_id") ?? id,
            name: c.lenientString("name") ?? "",
            content: c.lenientString("content") ?? "",
            description: c.lenientString("description"),
            contentType: c.lenientString("content_type"),
            tags: c.lenientStrings("tags") ?? [],
            createdAt: c.lenientString("created_at"),
            lastEdited: c.lenientString("last_edited"),
            inclusionCount: c.lenientInt("inclusion_count"))
    }

    /// Creates a content block. If the answer is lost, looks the block up by name
    /// before trying again, so a block is never created twice.
    public func createContentBlock(_ draft: ContentBlockDraft) async throws -> ContentBlockWriteResult {
        let body = try encode(draft)
        let path = "/content_blocks/create"
        return try await createVerifying(kind: "content block", name: draft.name, method: .post, path: path) {
            let request = try call(.post, path, body: body, group: .standard, lost: .surface)
            let response = try await perform(request)
            return try writeResult(response, request)
        } lookup: {
            let matches = try await listContentBlocks().filter { $0.name == draft.name }
            if matches.count > 1 { throw BrazeAPIError.ambiguous(kind: "content block", name: draft.name, count: matches.count) }
            return matches.first.map { ContentBlockWriteResult(id: $0.id, liquidTag: $0.liquidTag, createdAt: $0.createdAt) }
        }
    }

    /// Updates a content block (all of `draft` is sent). Braze has answered both 200 and 201.
    public func updateContentBlock(id: String, _ draft: ContentBlockDraft) async throws -> ContentBlockWriteResult {
        guard !id.isEmpty else { throw BrazeAPIError.invalidRequest("a content block id is empty") }
        let body = try encode(ContentBlockUpdateWire(content_block_id: id, draft: draft))
        let request = try call(.post, "/content_blocks/update", body: body, group: .standard)
        let response = try await perform(request)
        var result = try writeResult(response, request, fallbackID: id)
        if result.id.isEmpty { result.id = id }
        return result
    }

    private func writeResult(_ response: TransportResponse, _ request: Call, fallbackID: String? = nil) throws -> ContentBlockWriteResult {
        let c = try decode(JSONObjectWire.self, response, request).container
        guard let id = c?.lenientString("content_block_id") ?? fallbackID else {
            throw BrazeAPIError.invalidResponse(method: request.method, path: request.path, status: response.status,
                                                reason: "no content_block_id in the answer")
        }
        return ContentBlockWriteResult(id: id, liquidTag: c?.lenientString("liquid_tag"), createdAt: c?.lenientString("created_at"))
    }
}

struct ContentBlockListWire: Decodable {
    var content_blocks: [ContentBlockSummary]?
}

struct ContentBlockUpdateWire: Encodable {
    var content_block_id: String
    var draft: ContentBlockDraft

    enum CodingKeys: String, CodingKey { case content_block_id, name, description, content, state, tags }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(content_block_id, forKey: .content_block_id)
        try c.encode(draft.name, forKey: .name)
        try c.encodeIfPresent(draft.description, forKey: .description)
        try c.encode(draft.content, forKey: .content)
        try c.encodeIfPresent(draft.state, forKey: .state)
        try c.encodeIfPresent(draft.tags, forKey: .tags)
    }
}

/// Any JSON object body, read field by field with the lenient accessors.
struct JSONObjectWire: Decodable {
    var container: KeyedDecodingContainer<AnyKey>?
    init(from decoder: any Decoder) throws {
        container = try? decoder.container(keyedBy: AnyKey.self)
    }
}
