import BrazeCore
import Foundation

/// A catalog field: `name` and `type` (string, number, boolean, time, array, object).
public struct BrazeCatalogField: Sendable, Hashable, Codable {
    public var name: String
    public var type: String
    public init(name: String, type: String) { self.name = name; self.type = type }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        name = c.lenientString("name") ?? ""
        type = c.lenientString("type") ?? ""
    }
}

/// A catalog as `/catalogs` lists it.
public struct BrazeCatalog: Sendable, Hashable, Decodable {
    public var name: String
    public var description: String?
    public var fields: [BrazeCatalogField]
    public var numItems: Int?
    public var updatedAt: String?

    public init(name: String, description: String? = nil, fields: [BrazeCatalogField], numItems: Int? = nil, updatedAt: String? = nil) {
        self.name = name; self.description = description; self.fields = fields; self.numItems = numItems; self.updatedAt = updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.anyKeyed()
        guard let name = c.lenientString("name") else {
            throw DecodingError.keyNotFound(AnyKey("name"), .init(codingPath: decoder.codingPath, debugDescription: "missing"))
        }
        self.name = name
        description = c.lenientString("description")
        fields = (try? c.decodeIfPresent([BrazeCatalogField].self, forKey: AnyKey("fields"))) ?? []
        numItems = c.lenientInt("num_items")
        updatedAt = c.lenientString("updated_at")
    }
}

/// What to create: a catalog's name, description and fields (the first is `id`, a string).
public struct CatalogDraft: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    public var fields: [BrazeCatalogField]
    public init(name: String, description: String, fields: [BrazeCatalogField]) {
        self.name = name; self.description = description; self.fields = fields
    }
}

/// One catalog item: its id and its other fields' values.
public struct BrazeCatalogItem: Sendable, Hashable, Codable {
    public var id: String
    /// Every field but `id`.
    public var values: [String: JSONValue]

    public init(id: String, values: [String: JSONValue]) {
        self.id = id
        var values = values
        values.removeValue(forKey: "id")
        self.values = values
    }

    public init(from decoder: any Decoder) throws {
        var values = try decoder.singleValueContainer().decode([String: JSONValue].self)
        let id = values.removeValue(forKey: "id")
        switch id {
        case .string(let text)?: self.id = text
        case .number(let number)?: self.id = number.rounded() == number ? String(Int64(number)) : String(number)
        default: self.id = ""
        }
        self.values = values
    }

    /// The item as bulk endpoints take it: `id` plus the values.
    public func encode(to encoder: any Encoder) throws {
        var object = values
        object["id"] = .string(id)
        var c = encoder.singleValueContainer()
        try c.encode(object)
    }
}

struct CatalogListWire: Decodable { var catalogs: [BrazeCatalog]? }
struct CatalogCreateWire: Encodable { var catalogs: [CatalogDraft] }
struct ItemsWire: Decodable { var items: [BrazeCatalogItem]? }
struct ItemsBodyWire<Item: Encodable>: Encodable { var items: [Item] }
struct ItemIDWire: Encodable { var id: String }
struct FieldsWire: Encodable { var fields: [BrazeCatalogField] }

extension BrazeClient {
    /// Braze takes at most this many items per bulk request (and ids per subscription call).
    public static let maxBatchSize = 50

    // MARK: Catalogs

    /// Every catalog in the workspace (following `Link` pages if Braze sends any).
    public func listCatalogs() async throws -> [BrazeCatalog] {
        try await pagedByLink("/catalogs", group: .catalogManagement) { response, call in
            try decode(CatalogListWire.self, response, call).catalogs ?? []
        }
    }

    /// Creates one catalog. A lost answer is verified by listing catalogs first.
    public func createCatalog(_ draft: CatalogDraft) async throws -> BrazeCatalog {
        let body = try encode(CatalogCreateWire(catalogs: [draft]))
        let path = "/catalogs"
        return try await createVerifying(kind: "catalog", name: draft.name, method: .post, path: path) {
            let request = try call(.post, path, body: body, group: .catalogManagement, lost: .surface)
            let response = try await perform(request)
            let created = (try? decode(CatalogListWire.self, response, request).catalogs?.first { $0.name == draft.name }) ?? nil
            return created ?? BrazeCatalog(name: draft.name, description: draft.description, fields: draft.fields, numItems: 0)
        } lookup: {
            try await listCatalogs().first { $0.name == draft.name }
        }
    }

    /// Deletes a catalog and its items. If an earlier attempt's answer was lost
    /// and the retry finds no catalog, that counts as done.
    public func deleteCatalog(name: String) async throws {
        let request = try call(.delete, "/catalogs/\(try segment(name, "catalog name"))", group: .catalogManagement,
                               lost: .retryNotFoundMeansDone)
        _ = try await perform(request)
    }

    // MARK: Fields (current API: asynchronous, 202, applied later)

    /// Adds fields to an existing catalog, at most 50 a request. Braze answers 202
    /// and shows the fields later: wait for them in `listCatalogs` before writing
    /// items that carry them (Braze refuses those with `invalid-fields` until then).
    public func createCatalogFields(catalog: String, fields: [BrazeCatalogField]) async throws {
        let path = "/catalogs/\(try segment(catalog, "catalog name"))/fields"
        guard !fields.isEmpty else { return }
        for start in stride(from: 0, to: fields.count, by: BrazeLimits.fieldBatchSize) {
            let batch = Array(fields[start..<min(start + BrazeLimits.fieldBatchSize, fields.count)])
            _ = try await Self.unlessUnavailable { try await perform(try call(.post, path, body: try encode(FieldsWire(fields: batch)), group: .catalogFields)) }
        }
    }

    /// Removes one field and its values (202, applied later). If an earlier
    /// attempt's answer was lost and the retry finds no field, that counts as done.
    public func deleteCatalogField(catalog: String, field: String) async throws {
        let path = "/catalogs/\(try segment(catalog, "catalog name"))/fields/\(try segment(field, "field name"))"
        _ = try await Self.unlessUnavailable { try await perform(try call(.delete, path, group: .catalogFields, lost: .retryNotFoundMeansDone)) }
    }

    /// A 405, or a 404 that names none of Braze's catalog error ids (`catalog-not-found`,
    /// `field-not-found`), means the workspace has no field endpoints at all: an API older
    /// than the current documentation. The planner then falls back to a gated replace.
    static func unlessUnavailable<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let BrazeAPIError.rejected(status, method, path, errorBody) where status == 405 || (status == 404 && errorBody.ids.isEmpty) {
            throw BrazeAPIError.endpointUnavailable(status: status, method: method, path: path, body: errorBody)
        }
    }

    // MARK: Items, many at once

    /// Every item of a catalog, page by page through the `Link` header's `rel="next"`.
    public func listCatalogItems(catalog: String) async throws -> [BrazeCatalogItem] {
        try await listCatalogItems(catalog: catalog, afterPage: nil)
    }

    /// Every item, page by page; `afterPage` is told each page's item count once it is read (progress).
    public func listCatalogItems(catalog: String, afterPage: (@Sendable (Int) async -> Void)?) async throws -> [BrazeCatalogItem] {
        let path = "/catalogs/\(try segment(catalog, "catalog name"))/items"
        return try await pagedByLink(path, group: .catalogItemsSync, afterPage: afterPage) { response, call in
            // Pages of 50 values of any shape: the byte-level scanner, not Decodable (a 100,000-item catalog is 2,000 pages).
            guard let page = try? JSONValue.parse(response.body), case .object(let body) = page else {
                throw BrazeAPIError.invalidResponse(method: call.method, path: call.path, status: response.status,
                                                    reason: "the body is not the documented JSON (not JSON)")
            }
            guard case .array(let items)? = body["items"] else { return [] }
            return items.map { value in
                guard case .object(var fields) = value else { return BrazeCatalogItem(id: "", values: [:]) }
                let id: String
                switch fields.removeValue(forKey: "id") {
                case .string(let text)?: id = text
                case .number(let number)?: id = number.rounded() == number ? String(Int64(number)) : String(number)
                default: id = ""
                }
                return BrazeCatalogItem(id: id, values: fields)
            }
        }
    }

    /// Creates items (POST, asynchronous: Braze answers 202 and applies them
    /// later), in requests of at most 50. A request whose answer is lost is sent
    /// again as a replace (PUT), which creates missing items and is harmless to
    /// repeat.
    public func createCatalogItems(catalog: String, items: [BrazeCatalogItem]) async throws {
        let path = "/catalogs/\(try segment(catalog, "catalog name"))/items"
        for batch in try batches(items, ids: items.map(\.id)) {
            let body = try encode(ItemsBodyWire(items: batch))
            do {
                _ = try await perform(try call(.post, path, body: body, group: .catalogItemsAsync, lost: .surface))
            } catch let outcome as AmbiguousOutcome {
                logger.info("the outcome of creating \(batch.count) items in \(catalog) is unknown (\(outcome.reason)); replacing them instead")
                onEvent(.verifyingCreate(kind: "catalog items", name: catalog))
                _ = try await perform(try call(.put, path, body: body, group: .catalogItemsAsync))
            }
        }
    }

    /// Replaces items whole (PUT; creates missing ones), 50 per request.
    public func replaceCatalogItems(catalog: String, items: [BrazeCatalogItem]) async throws {
        let path = "/catalogs/\(try segment(catalog, "catalog name"))/items"
        for batch in try batches(items, ids: items.map(\.id)) {
            _ = try await perform(try call(.put, path, body: try encode(ItemsBodyWire(items: batch)), group: .catalogItemsAsync))
        }
    }

    /// Edits the given fields of items (PATCH), 50 per request.
    public func editCatalogItems(catalog: String, items: [BrazeCatalogItem]) async throws {
        let path = "/catalogs/\(try segment(catalog, "catalog name"))/items"
        for batch in try batches(items, ids: items.map(\.id)) {
            _ = try await perform(try call(.patch, path, body: try encode(ItemsBodyWire(items: batch)), group: .catalogItemsAsync))
        }
    }

    /// Deletes items by id, 50 per request.
    public func deleteCatalogItems(catalog: String, ids: [String]) async throws {
        let path = "/catalogs/\(try segment(catalog, "catalog name"))/items"
        for batch in try batches(ids, ids: ids) {
            _ = try await perform(try call(.delete, path, body: try encode(ItemsBodyWire(items: batch.map(ItemIDWire.init))),
                                            group: .catalogItemsAsync, lost: .retryNotFoundMeansDone))
        }
    }

    // MARK: One item

    /// One item, or nil when the catalog has no such item.
    public func catalogItem(catalog: String, id: String) async throws -> BrazeCatalogItem? {
        let request = try call(.get, itemPath(catalog, id), group: .catalogItemsSync)
        let response: TransportResponse
        do {
            response = try await perform(request)
        } catch let error as BrazeAPIError where error.status == 404 && error.errorIDs.allSatisfy({ !$0.contains("catalog") }) {
            return nil
        }
        guard var item = try decode(ItemsWire.self, response, request).items?.first else { return nil }
        if item.id.isEmpty { item.id = id }   // some responses leave `id` out of the values
        return item
    }

    /// Creates one item (POST, synchronous). A lost answer is followed by a
    /// replace (PUT), which creates the item if the first attempt did not.
    public func createCatalogItem(catalog: String, item: BrazeCatalogItem) async throws {
        let path = try itemPath(catalog, item.id)
        let body = try encode(ItemsBodyWire(items: [item.values]))
        do {
            _ = try await perform(try call(.post, path, body: body, group: .catalogItemsSync, lost: .surface))
        } catch let outcome as AmbiguousOutcome {
            logger.info("the outcome of creating item \(item.id) in \(catalog) is unknown (\(outcome.reason)); replacing it instead")
            onEvent(.verifyingCreate(kind: "catalog item", name: "\(catalog)/\(item.id)"))
            _ = try await perform(try call(.put, path, body: body, group: .catalogItemsSync))
        }
    }

    /// Replaces one item whole (PUT; creates it when missing).
    public func replaceCatalogItem(catalog: String, item: BrazeCatalogItem) async throws {
        _ = try await perform(try call(.put, try itemPath(catalog, item.id), body: try encode(ItemsBodyWire(items: [item.values])),
                                        group: .catalogItemsSync))
    }

    /// Edits the given fields of one item (PATCH).
    public func editCatalogItem(catalog: String, item: BrazeCatalogItem) async throws {
        _ = try await perform(try call(.patch, try itemPath(catalog, item.id), body: try encode(ItemsBodyWire(items: [item.values])),
                                        group: .catalogItemsSync))
    }

    /// Deletes one item.
    public func deleteCatalogItem(catalog: String, id: String) async throws {
        _ = try await perform(try call(.delete, try itemPath(catalog, id), group: .catalogItemsSync, lost: .retryNotFoundMeansDone))
    }

    // MARK: Helpers

    func segment(_ value: String, _ what: String) throws -> String {
        guard !value.isEmpty else { throw BrazeAPIError.invalidRequest("the \(what) is empty") }
        return BrazeEndpoint.encodeSegment(value)
    }

    private func itemPath(_ catalog: String, _ id: String) throws -> String {
        "/catalogs/\(try segment(catalog, "catalog name"))/items/\(try segment(id, "item id"))"
    }

    /// Splits into requests of at most 50, refusing empty or duplicate ids (Braze
    /// would refuse the whole request).
    func batches<T>(_ values: [T], ids: [String]) throws -> [[T]] {
        if let empty = ids.firstIndex(where: \.isEmpty) {
            throw BrazeAPIError.invalidRequest("entry \(empty + 1) has an empty id")
        }
        var seen = Set<String>()
        for id in ids where !seen.insert(id).inserted {
            throw BrazeAPIError.invalidRequest("the id '\(id)' appears twice in one request")
        }
        return stride(from: 0, to: values.count, by: Self.maxBatchSize).map {
            Array(values[$0..<min($0 + Self.maxBatchSize, values.count)])
        }
    }
}
