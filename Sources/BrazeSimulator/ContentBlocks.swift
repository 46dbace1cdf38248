import BrazeCore
import Foundation

extension SimulatedWorkspace {
    static let contentBlockMaxBytes = 51_200

    func visibleContentBlock(id: String) -> Int? {
        state.contentBlocks.firstIndex { $0.id == id && !$0.isArchived }
    }

    /// Whether a block of that name exists (drafts included, archived excluded).
    func contentBlockExists(named name: String) -> Bool {
        state.contentBlocks.contains { $0.name == name && !$0.isArchived }
    }

    // GET /content_blocks/list
    func listContentBlocks(_ request: SimulatedRequest) -> SimulatedResponse {
        switch Validation.paging(request, noun: "Content Block") {
        case .invalid(let message):
            return .messageError(400, message)
        case .ok(let limit, let offset, let after, let before):
            let matching = state.contentBlocks.filter { block in
                !block.isArchived
                    && (after.map { block.lastEdited >= $0 } ?? true)
                    && (before.map { block.lastEdited <= $0 } ?? true)
            }
            let page = matching.dropFirst(offset).prefix(limit)
            let counts = inclusionCounts()
            let blocks: [JSONValue] = page.map { block in
                [
                    "content_block_id": .string(block.id),
                    "name": .string(block.name),
                    "content_type": .string(block.contentType),
                    "liquid_tag": .string(block.liquidTag),
                    "inclusion_count": .number(Double(counts[block.name, default: 0])),
                    "created_at": .string(ISOTime.format(block.createdAt, style: .offsetMillis)),
                    "last_edited": .string(ISOTime.format(block.lastEdited, style: .offsetMillis)),
                    "tags": .strings(block.tags),
                ]
            }
            return .json(200, ["count": .number(Double(blocks.count)), "content_blocks": .array(blocks), "message": "success"])
        }
    }

    /// How many email templates and other blocks include each block, by name (one pass).
    func inclusionCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for template in state.emailTemplates {
            let texts = [template.body, template.subject, template.preheader ?? "", template.plaintextBody ?? ""]
            for name in Set(texts.flatMap(Liquid.includedContentBlocks(in:))) { counts[name, default: 0] += 1 }
        }
        for block in state.contentBlocks where !block.isArchived {
            for name in Liquid.includedContentBlocks(in: block.content) { counts[name, default: 0] += 1 }
        }
        return counts
    }

    // GET /content_blocks/info
    func contentBlockInfo(_ request: SimulatedRequest) -> SimulatedResponse {
        guard let id = request.queryValue("content_block_id"), !id.isEmpty else {
            return .messageError(400, "Content Block ID cannot be blank")
        }
        guard let index = visibleContentBlock(id: id) else {
            return .messageError(configuration.unknownInfoStatus, "Content Block ID is invalid for this App Group")
        }
        let block = state.contentBlocks[index]
        // No `state`: it is write-only in Braze.
        return .json(200, [
            "content_block_id": .string(block.id),
            "name": .string(block.name),
            "content": .string(block.content),
            "description": .optional(block.description),
            "content_type": .string(block.contentType),
            "tags": .strings(block.tags),
            "created_at": .string(ISOTime.format(block.createdAt, style: .offsetMillis)),
            "last_edited": .string(ISOTime.format(block.lastEdited, style: .offsetMillis)),
            "inclusion_count": .number(Double(inclusionCounts()[block.name, default: 0])),
            "message": "success",
        ])
    }

    private enum BlockFieldsOutcome {
        case ok(name: String, description: String??, content: String, state: String?, tags: [String]?)
        case refused(SimulatedResponse)
    }

    /// The checks shared by create and update, in the order Braze reports them.
    private func checkBlockFields(_ body: JSONValue, ownID: String?) -> BlockFieldsOutcome {
        var errors: [String] = []
        let nameValue = body["name"]
        var name = ""
        if let s = nameValue?.stringValue, !s.trimmingCharacters(in: .whitespaces).isEmpty {
            name = s
            if s.count >= 100 { errors.append("Content Block name must be shorter than 100 characters") }
            if !Validation.isBrazeName(s) { errors.append("Content Block name can only contain alphanumeric characters") }
        } else {
            errors.append("Content Block name cannot be blank")
        }

        var description: String?? = .none
        if let value = body["description"] {
            if value.isNull {
                description = .some(nil)
            } else if let s = value.stringValue {
                if s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    errors.append("Content Block description cannot be blank")
                } else if s.count >= 250 {
                    errors.append("Content Block description must be shorter than 250 characters")
                }
                description = .some(s)
            } else {
                errors.append("Content Block description must be a string")
            }
        }

        var content = ""
        switch body["content"] {
        case .none, .some(.null):
            errors.append("Content cannot be blank")
        case .some(.string(let s)):
            if s.isEmpty {
                errors.append("Content cannot be blank")
            } else if s.utf8.count >= Self.contentBlockMaxBytes {
                errors.append("Content must be smaller than 50kb")
            } else if !Liquid.isWellFormed(s) {
                errors.append("Content contains malformed liquid")
            }
            content = s
        default:
            errors.append("Content must be a string")
        }

        var blockState: String?
        if let value = body["state"], !value.isNull {
            if let s = value.stringValue, s == "active" || s == "draft" {
                blockState = s
            } else {
                errors.append("Content Block state must be either active or draft")
            }
        }

        var tags: [String]?
        switch Validation.tags(body["tags"], existing: state.tags) {
        case .absent: break
        case .valid(let t): tags = t
        case .invalid(let message): errors.append(message)
        }

        if !errors.isEmpty { return .refused(.messageError(400, errors)) }

        let includes = Liquid.includedContentBlocks(in: content)
        if includes.contains(name) {
            return .refused(.messageError(400, "Content Block cannot be referenced within itself"))
        }
        // Braze answers an opaque 500 when an included block does not exist (api-notes).
        if includes.contains(where: { !contentBlockExists(named: $0) }) {
            return .refused(.internalServerError)
        }
        return .ok(name: name, description: description, content: content, state: blockState, tags: tags)
    }

    // POST /content_blocks/create
    func createContentBlock(_ body: JSONValue, now: Date) -> SimulatedResponse {
        switch checkBlockFields(body, ownID: nil) {
        case .refused(let response):
            return response
        case .ok(let name, let description, let content, let blockState, let tags):
            if state.usedContentBlockNames.contains(name) {
                return .messageError(400, "Content Block with this name already exists")
            }
            let id = nextContentBlockID()
            let block = ContentBlockRecord(
                id: id, name: name, description: description ?? nil, content: content, state: blockState ?? "active",
                tags: tags ?? [], createdAt: now, lastEdited: now, isDragAndDrop: false, isArchived: false)
            state.contentBlocks.append(block)
            state.usedContentBlockNames.append(name)
            return .json(201, [
                "content_block_id": .string(id),
                "liquid_tag": .string(block.liquidTag),
                "created_at": .string(ISOTime.format(now, style: .offsetMillis)),
                "message": "success",
            ])
        }
    }

    // POST /content_blocks/update
    func updateContentBlock(_ body: JSONValue, now: Date) -> SimulatedResponse {
        guard let id = body["content_block_id"]?.stringValue, !id.isEmpty else {
            return .messageError(400, "Content Block ID cannot be blank")
        }
        guard let index = visibleContentBlock(id: id) else {
            return .messageError(400, "Content Block ID is invalid for this App Group")
        }
        let current = state.contentBlocks[index]
        if current.isDragAndDrop {
            return .messageError(400, "DND Content blocks are not allowed to be updated from the API.")
        }
        switch checkBlockFields(body, ownID: id) {
        case .refused(let response):
            return response
        case .ok(let name, let description, let content, let requestedState, let tags):
            if name != current.name {
                if current.state == "active" {
                    return .messageError(400, "Content Block name cannot be updated for active Content Blocks")
                }
                if state.usedContentBlockNames.contains(name) {
                    return .messageError(400, "Content Block with this name already exists")
                }
            }
            // The seed text: state "defaults to active if not specified", on update too.
            let newState = requestedState ?? "active"
            if current.state == "active" && newState == "draft" {
                return .messageError(400, "Active Content Block can not be updated to Draft. Create a new Content Block.")
            }
            var updated = current
            updated.name = name
            if let description { updated.description = description }
            updated.content = content
            updated.state = newState
            if let tags { updated.tags = tags }
            updated.lastEdited = now
            state.contentBlocks[index] = updated
            if !state.usedContentBlockNames.contains(name) { state.usedContentBlockNames.append(name) }
            // Seen answering 201 (api-notes); clients treat any 2xx as success.
            return .json(201, [
                "content_block_id": .string(id),
                "liquid_tag": .string(updated.liquidTag),
                "created_at": .string(ISOTime.format(updated.createdAt, style: .offsetMillis)),
                "message": "success",
            ])
        }
    }
}
